/**
 * The export dialog says what is so (issue 12, UI 5): the real backup name when `.bak` exists, a
 * folder is refused rather than offered for overwriting, and a relative path lands in the project.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { ExportDialog } from './pages/export-dialog';
import { ProjectPage } from './pages/project-page';
import { StartPage } from './pages/start-page';

function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-exportpaths-'));
  cpSync(path.join(process.cwd(), 'examples', 'flask-api'), dir, { recursive: true });
  return dir;
}

test('export: the real backup name, no folder overwrite, relative paths inside the project', async ({
  app,
}) => {
  const dir = project();
  writeFileSync(path.join(dir, 'Dockerfile.bak'), 'FROM an-older-backup\n');
  mkdirSync(path.join(dir, 'Dockerfile.d'));
  try {
    const start = new StartPage(app);
    await start.waitLoaded();
    await start.openPath(dir);
    const page = new ProjectPage(app);
    await page.waitReady();
    await page.openExport();
    const dialog = new ExportDialog(app);
    // It does not promise "kept as Dockerfile.bak" when that name is taken.
    await app.getByTestId('target-overwrite').check();
    await expect(app.getByTestId('backup-note')).not.toHaveText(/kept as Dockerfile\.bak\)/);

    // A folder is refused, not offered for overwriting.
    await app.getByTestId('target-custom').check();
    await app.getByTestId('custom-path').fill(path.join(dir, 'Dockerfile.d'));
    await app.getByTestId('with-dockerignore').uncheck();
    await app.getByTestId('export-save').click();
    await expect(app.getByTestId('export-error')).toContainText('folder');
    await expect(app.getByTestId('confirm-exists')).toHaveCount(0);

    // A relative path resolves against the project folder.
    await app.getByTestId('custom-path').fill('docker/Dockerfile.whittle');
    mkdirSync(path.join(dir, 'docker'));
    await app.getByTestId('export-save').click();
    expect(await dialog.savedMessage()).toContain(path.join(dir, 'docker', 'Dockerfile.whittle'));
    expect(existsSync(path.join(dir, 'docker', 'Dockerfile.whittle'))).toBe(true);

    // Replacing the Dockerfile keeps it as Dockerfile.bak.2 and says so.
    const before = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    await dialog.replaceDockerfile();
    expect(await dialog.savedMessage()).toContain('Dockerfile.bak.2');
    expect(readFileSync(path.join(dir, 'Dockerfile.bak.2'), 'utf8')).toBe(before);
    expect(readFileSync(path.join(dir, 'Dockerfile.bak'), 'utf8')).toBe('FROM an-older-backup\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after exporting a .dockerignore the header and findings use it without reopening', async ({ app }) => {
  const dir = project();
  try {
    const start = new StartPage(app);
    await start.waitLoaded();
    await start.openPath(dir);
    const page = new ProjectPage(app);
    await page.waitReady();
    await expect(app.getByTestId('dockerignore-status')).toHaveText('no .dockerignore');
    await expect(page.finding('WH040')).toBeVisible();
    await page.openExport();
    const dialog = new ExportDialog(app);
    await expect(app.getByTestId('with-dockerignore')).toBeChecked();
    await dialog.saveAsWhittle();
    await dialog.savedMessage();
    expect(existsSync(path.join(dir, '.dockerignore'))).toBe(true);
    await expect(app.getByTestId('dockerignore-status')).toContainText('.dockerignore ·');
    await expect(page.finding('WH040')).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
