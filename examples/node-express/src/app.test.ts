import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createApp } from './app';

test('shortens, follows and counts a link', async () => {
  const server = createApp().listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const created = await fetch(`${base}/api/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://example.org/docs' }),
    });
    assert.equal(created.status, 201);
    const { code } = (await created.json()) as { code: string };
    const hop = await fetch(`${base}/${code}`, { redirect: 'manual' });
    assert.equal(hop.status, 302);
    assert.equal(hop.headers.get('location'), 'https://example.org/docs');
    const health = (await (await fetch(`${base}/health`)).json()) as { links: number };
    assert.equal(health.links, 1);
    const bad = await fetch(`${base}/api/links`, { method: 'POST', body: '{"url":"ftp://x"}', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400);
  } finally {
    server.close();
  }
});
