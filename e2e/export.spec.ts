/**
 * Export into a temporary COPY of an example (never into the repo): replace the Dockerfile
 * after the confirm, then find the new file on disk with the original kept as Dockerfile.bak.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { ExportDialog } from './pages/export-dialog';
import { ProjectPage } from './pages/project-page';
import { StartPage } from './pages/start-page';

test('export writes Dockerfile.whittle, then replaces the Dockerfile keeping .bak', async ({ app }) => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-export-'));
  const dir = path.join(tmp, 'flask-api');
  cpSync(path.join(process.cwd(), 'examples', 'flask-api'), dir, { recursive: true });
  const original = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  try {
    const start = new StartPage(app);
    await start.waitLoaded();
    await start.openPath(dir);
    const project = new ProjectPage(app);
    await project.waitReady();
    await expect(app.getByTestId('unsaved')).toHaveAttribute('data-unsaved', 'true');

    await project.openExport();
    const dialog = new ExportDialog(app);
    await dialog.saveAsWhittle();
    expect(await dialog.savedMessage()).toContain('Dockerfile.whittle');
    const whittle = readFileSync(path.join(dir, 'Dockerfile.whittle'), 'utf8');
    expect(whittle).not.toBe(original);
    expect(whittle).toContain('python:3.9-slim');
    await dialog.close();
    await expect(app.getByTestId('unsaved')).toHaveAttribute('data-unsaved', 'false');

    // Ctrl/Cmd+S opens the same dialog.
    await app.keyboard.press('ControlOrMeta+s');
    await expect(dialog.root).toBeVisible();
    await dialog.replaceDockerfile();
    const saved = await dialog.savedMessage();
    expect(saved).toContain('Dockerfile.bak');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(whittle);
    expect(readFileSync(path.join(dir, 'Dockerfile.bak'), 'utf8')).toBe(original);
    expect(existsSync(path.join(process.cwd(), 'examples', 'flask-api', 'Dockerfile.bak'))).toBe(false);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
