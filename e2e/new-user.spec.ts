/**
 * What a new user hit (issue 12, UI): a Dockerfile that does not parse can be fixed in the right
 * editor and then built and exported; an empty one too; the findings count matches the cards; fix
 * checkboxes have names; Ctrl/Cmd+O in a project focuses the path field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { StartPage } from './pages/start-page';

/** Replaces the whole optimized (right) editor's text. */
async function replaceOptimized(app: Page, text: string): Promise<void> {
  await app.locator('[data-testid=diff-editor] .editor.modified .view-lines').click();
  await app.keyboard.press('ControlOrMeta+A');
  await app.keyboard.insertText(text);
}

test('a Dockerfile that does not parse is fixed in the right editor, then builds and exports', async ({
  app,
}) => {
  const start = new StartPage(app);
  await start.waitLoaded();
  await start.openExample('broken');
  const project = new ProjectPage(app);
  await project.waitReady();
  const err = app.getByTestId('parse-error');
  await expect(err).toBeVisible();
  // The location once, not "line 4, column 1: … (line 4, column 1)".
  const text = await err.innerText();
  expect(text.match(/line 4/g)?.length).toBe(1);
  // Not "No size problems found" under the parse-error banner.
  await expect(app.getByTestId('no-findings')).toHaveCount(0);
  await expect(app.getByTestId('not-analysed')).toBeVisible();
  await expect(app.getByTestId('build-compare')).toBeDisabled();
  await expect(app.getByTestId('export-open')).toBeDisabled();

  await replaceOptimized(
    app,
    'FROM python:3.9-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
  );
  await expect(app.getByTestId('repaired')).toBeVisible();
  await expect(err).toHaveCount(0);
  await expect(app.getByTestId('export-open')).toBeEnabled();
  await expect(app.getByTestId('docker-pill')).toContainText('Docker ', { timeout: 15_000 });
  await expect(app.getByTestId('build-compare')).toBeEnabled();
  await expect(project.findings.first()).toBeVisible();
  // The fixed text is now the original; the right side holds its optimized version.
  expect(await project.text('original')).toContain('RUN pip install -r requirements.txt');
  expect(await project.text('modified')).toContain('--no-cache-dir');
});

test('an empty Dockerfile behaves the same', async ({ app }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-emptyfile-'));
  writeFileSync(path.join(dir, 'Dockerfile'), '');
  try {
    const start = new StartPage(app);
    await start.waitLoaded();
    await start.openPath(dir);
    const project = new ProjectPage(app);
    await project.waitReady();
    await expect(app.getByTestId('parse-error')).toBeVisible();
    await expect(app.getByTestId('no-findings')).toHaveCount(0);
    await expect(app.getByTestId('export-open')).toBeDisabled();
    await replaceOptimized(app, 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n');
    await expect(app.getByTestId('repaired')).toBeVisible();
    await expect(app.getByTestId('export-open')).toBeEnabled();
    await expect(app.getByTestId('build-compare')).toBeEnabled({ timeout: 15_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the findings count is the number of cards, and every fix checkbox is named', async ({ app }) => {
  const start = new StartPage(app);
  await start.waitLoaded();
  await start.openExample('flask-api');
  const project = new ProjectPage(app);
  await project.waitReady();
  await expect(project.findings.first()).toBeVisible();
  const cards = await project.findings.count();
  await expect(app.getByTestId('findings-count')).toHaveText(String(cards));

  const boxes = app.getByTestId('findings-panel').getByRole('checkbox');
  const n = await boxes.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const box = boxes.nth(i);
    const id = (await box.getAttribute('data-testid'))!.replace('toggle-', '');
    await expect(box).toHaveAccessibleName(new RegExp(`^Fix ${id}: .{5,}`));
  }
});

test('Ctrl/Cmd+O inside a project focuses the path field', async ({ app }) => {
  const start = new StartPage(app);
  await start.waitLoaded();
  await start.openExample('flask-api');
  const project = new ProjectPage(app);
  await project.waitReady();
  await app.keyboard.press('ControlOrMeta+O');
  await expect(app.getByTestId('path-input')).toBeFocused();
});

test('"← Projects" stays on one line with a long project name', async ({ app }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `whittle-e2e-${'a-very-long-project-name-'.repeat(6)}`));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCMD ["true"]\n');
  try {
    const start = new StartPage(app);
    await start.waitLoaded();
    await start.openPath(dir);
    await new ProjectPage(app).waitReady();
    const back = app.getByTestId('back');
    // One line of text is under two font sizes tall; a wrapped "← Projects" is over.
    const ems = await back.evaluate(
      (el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).fontSize),
    );
    expect(ems).toBeLessThan(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
