/** The states a user can land in without Docker: an empty folder, a Dockerfile that does not parse. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { StartPage } from './pages/start-page';

test('an empty folder says there is no Dockerfile', async ({ app }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-empty-'));
  try {
    const start = new StartPage(app);
    await start.waitLoaded();
    await start.openPath(dir);
    await expect(app.getByTestId('empty-project')).toBeVisible();
    await expect(app.getByTestId('empty-project')).toContainText('No Dockerfile');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Dockerfile that does not parse shows the error with its line', async ({ app }) => {
  const start = new StartPage(app);
  await start.waitLoaded();
  await start.openExample('broken');
  const err = app.getByTestId('parse-error');
  await expect(err).toBeVisible();
  await expect(err).toContainText('line 4');
});

test('a missing folder is reported, not thrown', async ({ app }) => {
  const start = new StartPage(app);
  await start.waitLoaded();
  await start.openPath('/definitely/not/here');
  await expect(app.getByTestId('open-error')).toContainText('not found');
});
