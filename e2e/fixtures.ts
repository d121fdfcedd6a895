/**
 * One `app` fixture for both hosts: a Page showing Whittle's start screen, either Chromium on
 * the bridge or the Electron window. Specs are written once and run in both projects.
 */
import { _electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface HostOptions {
  host: 'bridge' | 'electron';
}

const root = process.cwd();

/** The Electron binary, or why there is none (used as the skip message). */
export function electronBinary(): { path: string } | { reason: string } {
  try {
    const p: unknown = createRequire(path.join(root, 'package.json'))('electron');
    if (typeof p === 'string' && existsSync(p)) return { path: p };
  } catch {
    // fall through
  }
  return {
    reason:
      'Electron binary not installed (its download failed during npm install); run the chromium-bridge project instead',
  };
}

interface Fixtures {
  app: Page;
}

export const test = base.extend<HostOptions & Fixtures>({
  host: ['bridge', { option: true }],
  app: async ({ host, page }, use, testInfo) => {
    if (host === 'bridge') {
      const url = process.env.WHITTLE_E2E_URL;
      if (!url) throw new Error('WHITTLE_E2E_URL is not set: the global setup did not start the bridge');
      await page.goto(url);
      await use(page);
      return;
    }
    const bin = electronBinary();
    testInfo.skip(!('path' in bin), 'reason' in bin ? bin.reason : '');
    if (!('path' in bin)) return;
    const userData = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-electron-'));
    let electronApp: ElectronApplication | null = null;
    try {
      electronApp = await _electron.launch({
        executablePath: bin.path,
        args: [root],
        env: { ...process.env, WHITTLE_USER_DATA: userData } as Record<string, string>,
      });
      const win = await electronApp.firstWindow();
      await win.setViewportSize({ width: 1400, height: 900 });
      await use(win);
    } finally {
      await electronApp?.close();
      rmSync(userData, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';

/** The token-bearing bridge URL (bridge project only). */
export const bridgeUrl = (): string => process.env.WHITTLE_E2E_URL ?? '';

/** Where screenshots and timings go (git-ignored). */
export const ARTIFACTS = path.join(root, 'e2e', 'artifacts');
