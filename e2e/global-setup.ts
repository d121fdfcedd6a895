/**
 * Builds the UI if it is stale, then starts the real bridge — `whittle serve` through the CLI,
 * exactly as a user would — with a throwaway user-data folder, and hands its URL to the tests.
 * The bridge talks to the daemon named by DOCKER_HOST.
 */
import { spawnSync } from 'node:child_process';
import { startBridge } from './start-bridge';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newest(p));
    else max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

function buildRendererIfStale(): void {
  const index = path.join(root, 'dist', 'renderer', 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(path.join(root, 'renderer')), newest(path.join(root, 'shared')));
  if (built >= sources) return;
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('renderer build failed');
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  buildRendererIfStale();
  // The electron project loads dist/electron/*.cjs; bundling takes ~100 ms, so always do it.
  if (
    spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0
  ) {
    throw new Error('electron bundle build failed');
  }
  const userData = mkdtempSync(path.join(os.tmpdir(), 'whittle-e2e-user-'));
  const bridge = await startBridge({ WHITTLE_USER_DATA: userData });
  process.env.WHITTLE_E2E_URL = bridge.url;
  process.env.WHITTLE_E2E_USER_DATA = userData;
  return async () => {
    bridge.stop();
    rmSync(userData, { recursive: true, force: true });
  };
}
