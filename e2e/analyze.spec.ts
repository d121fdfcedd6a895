/**
 * Open an example, see its findings, toggle a fix and watch the diff change, edit the
 * optimized Dockerfile and watch the findings follow. Screenshots: start screen and diff view.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { StartPage } from './pages/start-page';

test('open an example, toggle a fix, edit the optimized Dockerfile', async ({ app }, testInfo) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const host = testInfo.project.name;
  const start = new StartPage(app);
  await start.waitLoaded();
  await expect(start.example('flask-api')).toBeVisible();
  await app.screenshot({ path: path.join(ARTIFACTS, `${host}-start.png`) });

  // Time from the click on the example to a diff editor that has computed its diff.
  const t0 = Date.now();
  await start.openExample('flask-api');
  const project = new ProjectPage(app);
  await project.waitReady();
  const readyMs = Date.now() - t0;

  // Findings: at least one, including the base-image rule.
  await expect(project.findings.first()).toBeVisible();
  const rules = await project.findingRuleIds();
  expect(rules.length).toBeGreaterThan(0);
  expect(rules).toContain('WH001');
  await expect(project.diff).toContainText('python:3.9-slim');
  await app.screenshot({ path: path.join(ARTIFACTS, `${host}-diff.png`) });

  // Toggle the slim-base fix off: the right editor must lose python:3.9-slim within 100 ms-ish
  // (we allow 1 s for the browser round trip; the optimizer itself is timed on screen).
  const before = await project.text('modified');
  const t1 = Date.now();
  await project.toggleFix('WH001');
  await expect.poll(() => project.text('modified'), { timeout: 1000 }).not.toBe(before);
  const toggleMs = Date.now() - t1;
  expect(await project.text('modified')).not.toContain('python:3.9-slim');
  await expect(project.finding('WH001').getByText('Fix off')).toBeVisible();
  await project.toggleFix('WH001');
  await expect.poll(() => project.text('modified')).toContain('python:3.9-slim');

  // Edit the optimized text: add a classic apt mistake; the remaining findings must grow.
  const remainingBefore = await project.remainingCount();
  await project.appendToOptimized('\nRUN apt-get update && apt-get install -y curl\n');
  await expect(app.getByTestId('unsaved')).toContainText('edited by you');
  await expect.poll(() => project.remainingCount(), { timeout: 3000 }).toBeGreaterThan(remainingBefore);
  const added = await project
    .remainingRules()
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
  expect(added.length).toBeGreaterThan(remainingBefore);

  writeFileSync(
    path.join(ARTIFACTS, `${host}-timings.json`),
    JSON.stringify({ exampleClickToDiffReadyMs: readyMs, toggleToDiffUpdateMs: toggleMs }, null, 2),
  );
  testInfo.annotations.push({
    type: 'timing',
    description: `diff ready ${readyMs} ms; toggle → diff ${toggleMs} ms`,
  });
});
