/**
 * The bill of bytes on the real daemon (issue 13): after Build & compare of a tiny Debian project
 * (apt lists left in a layer, jq installed), both images show a treemap by owner; hovering a cell
 * shows its bytes and share of the image; clicking it (or Enter on its row in the owner list)
 * lists its largest files; the comparison names what left with the rule that removes it.
 * Screenshots: a hovered cell, and the bill panel with an owner's files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS, expect, test } from './fixtures';
import { BillPage } from './pages/bill-page';
import { ProjectPage } from './pages/project-page';
import { ResultsPage } from './pages/results-page';
import { StartPage } from './pages/start-page';

const BUILD_TIMEOUT = 8 * 60_000;
const BYTES = /^\d+(\.\d+)? (B|kB|MB|GB)$/;

/** A project small enough to build in seconds once apt's layer is cached. */
function tinyProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-bill-'));
  mkdirSync(path.join(dir, 'app'));
  writeFileSync(path.join(dir, 'app', 'run.sh'), '#!/bin/sh\necho \'{"ok":true}\' | jq .ok\n');
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y jq\nCOPY app /opt/app\nCMD ["/bin/sh", "/opt/app/run.sh"]\n',
  );
  return dir;
}

test('bill of bytes: both treemaps, hover shows bytes and share, an owner lists its largest files', async ({
  app,
}, testInfo) => {
  test.setTimeout(BUILD_TIMEOUT + 120_000);
  const dir = tinyProject();
  try {
    const start = new StartPage(app);
    await start.waitLoaded();
    await start.openPath(dir);
    const project = new ProjectPage(app);
    await project.waitReady();
    await expect(app.getByTestId('docker-pill'), 'Docker must be reachable (DOCKER_HOST)').toContainText(
      'Docker ',
      { timeout: 15_000 },
    );
    await project.startBuild();
    await new ResultsPage(app).waitBuilt(BUILD_TIMEOUT);

    const bill = new BillPage(app);
    await expect(bill.panel).toBeVisible({ timeout: 30_000 });
    // A treemap for each image, a cell per owner (debian:bookworm-slim alone has ~90 packages).
    for (const v of ['original', 'optimized'] as const) {
      await expect(bill.treemap(v)).toBeVisible();
      expect(await bill.cells(v).count()).toBeGreaterThan(20);
    }
    await expect(bill.cell('optimized', 'jq')).toHaveCount(1);
    await expect(bill.cell('original', 'apt lists')).toHaveCount(1);
    await expect(bill.cell('optimized', 'apt lists')).toHaveCount(0);

    // Hover: owner, bytes and share of the image, the same figures as the owner list.
    const largest = await bill.largestCell('optimized');
    const owner = (await largest.getAttribute('data-owner')) ?? '';
    const tip = await bill.hover(largest);
    expect(tip.owner).toBe(owner);
    expect(tip.bytes).toMatch(BYTES);
    expect(tip.share).toMatch(/^\d+\.\d% of the optimized image$/);
    const row = await bill.listRow('optimized', owner);
    expect(row.bytes).toBe(tip.bytes);
    expect(tip.share.startsWith(row.share)).toBe(true);
    // Screen readers hear the same.
    await expect(largest).toHaveAttribute('role', 'img');
    await expect(largest).toHaveAttribute(
      'aria-label',
      new RegExp(`^${owner}.*: ${tip.bytes}, ${row.share}`),
    );

    await bill
      .treemap('optimized')
      .screenshot({ path: path.join(ARTIFACTS, `${testInfo.project.name}-bill-hover.png`) });

    // Click: the owner's largest files.
    await largest.click();
    await expect(bill.ownerPanel).toHaveAttribute('data-owner', owner);
    const files = bill.ownerPanel.getByTestId('bill-owner-files').locator('tbody tr');
    await expect(files.first()).toBeVisible();
    await expect(files.first().locator('code')).toHaveText(/^\//);
    await bill.panel.screenshot({
      path: path.join(ARTIFACTS, `${testInfo.project.name}-bill-drilldown.png`),
    });

    // What left: the apt lists, with the rule that removes them.
    await expect(app.getByTestId('bill-left')).toContainText('apt lists');
    await bill.cell('original', 'apt lists').click();
    await expect(bill.ownerPanel).toHaveAttribute('data-owner', 'apt lists');
    await expect(bill.ownerPanel.getByTestId('bill-addressed-by')).toContainText('WH022');
    await expect(bill.ownerPanel.getByTestId('bill-owner-files').locator('code').first()).toContainText(
      '/var/lib/apt/lists/',
    );

    // Keyboard: an owner's row opens the drill-down with Enter; Escape closes it and returns focus.
    const first = bill.owners('optimized').first();
    const name = (await first.getAttribute('data-owner')) ?? '';
    await first.focus();
    await app.keyboard.press('Enter');
    await expect(bill.ownerPanel).toHaveAttribute('data-owner', name);
    await expect(bill.ownerPanel.locator('h3')).toBeFocused();
    await app.keyboard.press('Escape');
    await expect(bill.ownerPanel).toHaveCount(0);
    await expect(first).toBeFocused();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
