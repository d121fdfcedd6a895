/**
 * Results layout (issue 12, item 7): a long check command stays inside the smoke-test card, and
 * the config-differences table says values in words (root, none, lists) without breaking a word
 * in the middle. A real compare of a tiny busybox project whose optimized side (typed by hand)
 * changes the user, the environment and the ports.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeProjectImages } from './engine';
import { ARTIFACTS, expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { ResultsPage } from './pages/results-page';
import { StartPage } from './pages/start-page';

const LONG_ARG = `echo ok-${'x'.repeat(40)}/then/a/path/without/any/spaces/${'y'.repeat(80)}`;

test('a long check command wraps inside its card; config values read as words, no word broken', async ({
  app,
}, testInfo) => {
  test.setTimeout(240_000);
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-layout-')));
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM busybox:1\nENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt\nRUN echo built > /built.txt\nCMD ["sleep", "3600"]\n',
  );
  writeFileSync(
    path.join(dir, 'whittle.json'),
    JSON.stringify({
      description: 'layout',
      smoke: { check: ['sh', '-c', `test -f /built.txt && ${LONG_ARG}`] },
    }),
  );
  try {
    const start = new StartPage(app);
    await start.waitLoaded();
    await start.openPath(dir);
    const project = new ProjectPage(app);
    await project.waitReady();
    await expect(app.getByTestId('docker-pill')).toContainText('Docker ', { timeout: 15_000 });
    // The optimized side, by hand: another user, more environment variables, a port.
    await app.locator('[data-testid=diff-editor] .editor.modified .view-lines').click();
    await app.keyboard.press('ControlOrMeta+A');
    await app.keyboard.insertText(
      'FROM busybox:1\nENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt\nRUN echo built > /built.txt\nUSER 65534\nEXPOSE 8080\nCMD ["sleep", "3600"]\n',
    );
    await project.startBuild();
    await new ResultsPage(app).waitBuilt(180_000);

    // The check command is inside the smoke card, whatever its length.
    const card = app.getByTestId('smoke-result');
    const command = app.getByTestId('check-command');
    await expect(command).toContainText('ok-xxxx');
    const cardBox = await card.boundingBox();
    const cmdBox = await command.boundingBox();
    expect(cardBox && cmdBox).toBeTruthy();
    if (cardBox && cmdBox)
      expect(cmdBox.x + cmdBox.width).toBeLessThanOrEqual(cardBox.x + cardBox.width + 0.5);
    expect(await card.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

    // Values in words: root for the empty user, none for no ports; lists, not JSON.
    const diff = app.getByTestId('config-diff');
    const user = diff.locator('tr[data-key=user]');
    await expect(user.locator('td[data-side=original]')).toHaveText('(root)');
    await expect(user.locator('td[data-side=optimized]')).toHaveText('65534');
    await expect(diff.locator('tr[data-key=exposedPorts] td[data-side=original]')).toHaveText('(none)');
    const env = diff.locator('tr[data-key=envKeys] td[data-side=optimized] li');
    await expect(env.filter({ hasText: 'NODE_EXTRA_CA_CERTS' })).toHaveCount(1);
    const text = await diff.innerText();
    expect(text).not.toContain('""');
    expect(text).not.toContain('["');

    // No word is broken across lines: each word of each value is laid out on one line.
    const broken = await diff.locator('td').evaluateAll((cells) => {
      const out: string[] = [];
      for (const cell of cells) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const s = n.textContent ?? '';
          for (const m of s.matchAll(/[A-Za-z0-9_]+/g)) {
            const r = document.createRange();
            r.setStart(n, m.index ?? 0);
            r.setEnd(n, (m.index ?? 0) + m[0].length);
            const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
            if (tops.size > 1) out.push(m[0]);
          }
        }
      }
      return out;
    });
    expect(broken).toEqual([]);
    await app.locator('.results-grid').screenshot({
      path: path.join(ARTIFACTS, `${testInfo.project.name}-results-layout.png`),
    });
  } finally {
    await removeProjectImages(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});
