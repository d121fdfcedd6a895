/**
 * E2E: the real UI against the real bridge and the real Docker daemon (DOCKER_HOST).
 *  - chromium-bridge: Debian's Chromium (never a downloaded browser) on `whittle serve`.
 *  - electron: the same flows in the Electron app, only when its binary is installed.
 */
import { defineConfig } from '@playwright/test';
import type { HostOptions } from './e2e/fixtures';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig<HostOptions>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  globalSetup: './e2e/global-setup.ts',
  // Builds share one daemon and the machine has two cores: run tests one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium-bridge',
      use: {
        host: 'bridge',
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
      },
    },
    {
      name: 'electron',
      // The shared fixtures also set up a (then unused) browser page; it must be Debian's too.
      use: {
        host: 'electron',
        browserName: 'chromium',
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
      },
    },
  ],
});
