/** The bridge refuses every API request and socket that lacks the per-launch token. */
import { bridgeUrl, expect, test } from './fixtures';

test('bridge without token gets 401; health with token is 200', async ({ host, request }) => {
  test.skip(host !== 'bridge', 'the bridge is the browser host; Electron uses IPC');
  const url = new URL(bridgeUrl());
  const token = url.searchParams.get('token') as string;
  const base = `${url.protocol}//${url.host}`;

  expect((await request.get(`${base}/api/health`)).status()).toBe(401);
  expect((await request.post(`${base}/api/listExamples`, { data: [] })).status()).toBe(401);
  expect(
    (
      await request.post(`${base}/api/listExamples`, { data: [], headers: { Authorization: 'Bearer wrong' } })
    ).status(),
  ).toBe(401);
  expect(
    (await request.get(`${base}/api/health`, { headers: { Authorization: `Bearer ${token}` } })).status(),
  ).toBe(200);
  expect((await request.get(`${base}/api/health?token=${token}`)).status()).toBe(200);
});

test('the page strips the token from the address bar and keeps working', async ({ host, app }) => {
  test.skip(host !== 'bridge', 'bridge only');
  await expect(app.getByTestId('start-screen')).toBeVisible();
  expect(app.url()).not.toContain('token=');
  await app.reload();
  await expect(app.getByTestId('examples')).toBeVisible();
});
