/**
 * Build & compare on the real daemon: both images build with live progress, the chart shows
 * every layer of both with totals and the reduction, a layer opens to its largest files, and
 * the smoke test and config differences appear. Screenshots: the chart, the bill of bytes with its
 * largest owner opened, the whole results page.
 */
import path from 'node:path';
import { ARTIFACTS, expect, test } from './fixtures';
import { BillPage } from './pages/bill-page';
import { ProjectPage } from './pages/project-page';
import { ResultsPage } from './pages/results-page';
import { StartPage } from './pages/start-page';

const EXAMPLE = process.env.WHITTLE_E2E_BUILD_EXAMPLE ?? 'flask-api';
const BUILD_TIMEOUT = 15 * 60_000;

test('build both images, compare layers, open a layer', async ({ app }, testInfo) => {
  test.setTimeout(BUILD_TIMEOUT + 120_000);
  const start = new StartPage(app);
  await start.waitLoaded();
  await start.openExample(EXAMPLE);
  const project = new ProjectPage(app);
  await project.waitReady();
  await expect(app.getByTestId('docker-pill'), 'Docker must be reachable (DOCKER_HOST)').toContainText(
    'Docker ',
    {
      timeout: 15_000,
    },
  );
  await expect(app.getByTestId('docker-unreachable')).toHaveCount(0);

  await project.startBuild();
  const results = new ResultsPage(app);
  await expect(app.getByTestId('progress-original')).toBeVisible();
  await expect(app.getByTestId('progress-optimized')).toBeVisible();
  await results.waitBuilt(BUILD_TIMEOUT);

  const counts = await results.layerCounts();
  expect(counts.original).toBeGreaterThan(0);
  expect(counts.optimized).toBeGreaterThan(0);
  await expect(results.bars()).toHaveCount(counts.original + counts.optimized);
  expect(await results.reduction()).toMatch(/%/);
  await expect(app.getByTestId('total-original')).not.toBeEmpty();
  await expect(app.getByTestId('smoke-result')).toBeVisible();
  await expect(app.getByTestId('config-diff')).toBeVisible();

  await results.chart.scrollIntoViewIfNeeded();
  await results.chart.screenshot({ path: path.join(ARTIFACTS, `${testInfo.project.name}-chart.png`) });

  // The bill of bytes of the same compare (e2e/bill.spec.ts tests it): the largest owner left,
  // opened, for the README.
  const bill = new BillPage(app);
  await expect(bill.panel).toBeVisible();
  await (await bill.largestCell('optimized')).click();
  await expect(bill.ownerPanel).toBeVisible();
  await bill.panel.screenshot({ path: path.join(ARTIFACTS, `${testInfo.project.name}-bill.png`) });

  const files = await results.openLargestLayer();
  await expect(files.getByTestId('largest-files').locator('tr').first()).toBeVisible({ timeout: 120_000 });
  await expect(files.getByTestId('layer-wasted')).toContainText('Wasted');
  // Scrolled back to the top, so the sticky findings panel sits where a user sees it.
  await app.evaluate(() => window.scrollTo(0, 0));
  await app.screenshot({
    path: path.join(ARTIFACTS, `${testInfo.project.name}-results.png`),
    fullPage: true,
  });

  // A toggle after the build makes the figures out of date: said so, and undone by toggling back.
  await expect(app.getByTestId('stale-results')).toHaveCount(0);
  await project.toggleFix('WH001');
  await expect(app.getByTestId('stale-results')).toBeVisible();
  await project.toggleFix('WH001');
  await expect(app.getByTestId('stale-results')).toHaveCount(0);
});
