/**
 * A compare belongs to the app, not the page (issue 12): a reload mid-build shows the running
 * compare again (progress, then its result) and its Cancel still stops it; a page closed for good
 * has its compare cancelled. Built images: one pair per project, removed when the project closes
 * or the server exits unless the user keeps them. Each test checks the engine itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectImages, projectImages, removeProjectImages, restamp, sleepyProject } from './engine';
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { ResultsPage } from './pages/results-page';
import { StartPage } from './pages/start-page';
import { startBridge } from './start-bridge';

const SLEEP_S = 12;

async function openProject(app: Page, dir: string): Promise<ProjectPage> {
  const start = new StartPage(app);
  await start.waitLoaded();
  await start.openPath(dir);
  const project = new ProjectPage(app);
  await project.waitReady();
  await expect(app.getByTestId('docker-pill')).toContainText('Docker ', { timeout: 15_000 });
  return project;
}

/** Starts Build & compare and waits until the original's build sits in its `sleep` step. */
async function buildUntilSleeping(app: Page, project: ProjectPage): Promise<void> {
  await project.startBuild();
  await expect(app.getByTestId('progress-original')).toHaveAttribute('data-state', 'building', {
    timeout: 60_000,
  });
  await expect(app.getByTestId('build-log')).toContainText(`sleep ${SLEEP_S}`, { timeout: 60_000 });
}

/** The tags the page names under the results. */
async function tagsShown(app: Page): Promise<string[]> {
  return (await app.getByTestId('built-images').locator('code').allInnerTexts()).sort();
}

test('a reload mid-build shows the running compare again, with its progress and its result', async ({
  app,
}) => {
  test.setTimeout(240_000);
  const dir = sleepyProject('reload', SLEEP_S);
  try {
    const project = await openProject(app, dir);
    await buildUntilSleeping(app, project);
    await app.reload();

    await project.waitReady();
    const panel = app.getByTestId('build-panel');
    await expect(panel).toHaveAttribute('data-phase', 'running', { timeout: 15_000 });
    await expect(app.getByTestId('progress-original')).toHaveAttribute('data-state', 'building');
    // The log so far is replayed; a second compare cannot be started beside it.
    await expect(app.getByTestId('build-log')).toContainText(`sleep ${SLEEP_S}`);
    await expect(app.getByTestId('build-compare')).toBeDisabled();
    expect(await projectImages(dir)).toEqual([]); // still building: nothing tagged yet

    await new ResultsPage(app).waitBuilt(180_000);
    await expect(app.getByTestId('smoke-result')).toBeVisible();
    // The images the page names are the project's only images on the engine.
    const shown = await tagsShown(app);
    const images = await projectImages(dir);
    expect(images.flatMap((i) => i.tags).sort()).toEqual(shown);
    expect(images.every((i) => i.tags.length > 0)).toBe(true);
  } finally {
    await removeProjectImages(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("after a reload, the running compare's Cancel stops it on the engine", async ({ app }) => {
  test.setTimeout(240_000);
  const dir = sleepyProject('reload-cancel', SLEEP_S);
  try {
    const project = await openProject(app, dir);
    await buildUntilSleeping(app, project);
    await app.reload();
    await project.waitReady();
    const panel = app.getByTestId('build-panel');
    await expect(panel).toHaveAttribute('data-phase', 'running', { timeout: 15_000 });
    await app.getByTestId('build-cancel').click();
    await expect(panel).toHaveAttribute('data-phase', 'cancelled', { timeout: 30_000 });
    await expect(app.getByTestId('progress-original')).toHaveAttribute('data-state', 'cancelled');
    // Had the build gone on, its image would be tagged once the sleep ended.
    await app.waitForTimeout((SLEEP_S + 4) * 1000);
    expect(await projectImages(dir)).toEqual([]);
  } finally {
    await removeProjectImages(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a page closed for good: the server cancels its compare', async ({ host, page }) => {
  test.skip(host !== 'bridge', 'runs its own bridge with a short grace; Electron quits with its window');
  test.setTimeout(240_000);
  const userData = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-orphan-'));
  const dir = sleepyProject('orphan', SLEEP_S);
  const bridge = await startBridge({ WHITTLE_USER_DATA: userData, WHITTLE_ORPHAN_GRACE_MS: '1500' });
  try {
    await page.goto(bridge.url);
    const project = await openProject(page, dir);
    await buildUntilSleeping(page, project);
    await page.goto('about:blank');
    await page.waitForTimeout((SLEEP_S + 5) * 1000);
    expect(await projectImages(dir)).toEqual([]);
  } finally {
    bridge.stop();
    await removeProjectImages(dir);
    rmSync(dir, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  }
});

test('built images: the latest pair per project, removed at close and at exit unless kept', async ({
  host,
  page,
}) => {
  test.skip(host !== 'bridge', 'stops its own bridge to check the exit');
  test.setTimeout(300_000);
  const userData = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-images-'));
  const a = sleepyProject('images-a', 1);
  const b = sleepyProject('images-b', 1);
  const bridge = await startBridge({ WHITTLE_USER_DATA: userData });
  const results = new ResultsPage(page);
  try {
    await page.goto(bridge.url);
    let project = await openProject(page, a);
    await project.startBuild();
    await results.waitBuilt(120_000);
    const note = page.getByTestId('built-images');
    await expect(note).toContainText('Whittle removes them when you close the project or quit');
    await expect(page.getByTestId('keep-images')).not.toBeChecked();
    const first = await projectImages(a);
    expect(first.flatMap((i) => i.tags).sort()).toEqual(await tagsShown(page));

    // A second compare of changed files: its pair replaces the first, nothing is left behind.
    restamp(a);
    await project.startBuild();
    await expectImages(a, (imgs) => {
      expect(imgs.length).toBeGreaterThan(0);
      expect(imgs.filter((i) => first.some((f) => f.id === i.id))).toEqual([]);
      expect(imgs.filter((i) => i.tags.length === 0)).toEqual([]);
    });
    await results.waitBuilt(120_000);
    expect((await projectImages(a)).flatMap((i) => i.tags).sort()).toEqual(await tagsShown(page));

    // Closing the project removes its pair.
    await page.getByTestId('back').click();
    await expectImages(a, (imgs) => expect(imgs).toEqual([]));

    // Kept: closing leaves them.
    project = await openProject(page, a);
    await project.startBuild();
    await results.waitBuilt(120_000);
    await page.getByTestId('keep-images').check();
    await expect(note).toHaveAttribute('data-keep', 'true');
    await expect(note).toContainText('Whittle keeps them');
    await page.getByTestId('back').click();
    await page.waitForTimeout(2000);
    expect((await projectImages(a)).length).toBeGreaterThan(0);

    // The server exits: the images of the project not kept go, the kept ones stay.
    project = await openProject(page, b);
    await project.startBuild();
    await results.waitBuilt(120_000);
    expect((await projectImages(b)).length).toBeGreaterThan(0);
    bridge.stop();
    await expectImages(b, (imgs) => expect(imgs).toEqual([]));
    expect((await projectImages(a)).length).toBeGreaterThan(0);
  } finally {
    bridge.stop();
    for (const d of [a, b]) {
      await removeProjectImages(d);
      rmSync(d, { recursive: true, force: true });
    }
    rmSync(userData, { recursive: true, force: true });
  }
});
