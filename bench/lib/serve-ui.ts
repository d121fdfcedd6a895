/**
 * Starts `whittle serve <dir> --port 0` (the browser bridge) and reads the one stdout line with
 * the tokened URL. The server runs in its own process group so stopping it also stops the node
 * process `npx tsx` spawns under it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './examples';

export interface UiServer {
  url: string;
  stop(): void;
}

/** Builds the renderer once when dist/renderer is missing (the bridge serves the built files). */
export function ensureRendererBuilt(log: (m: string) => void): void {
  if (existsSync(path.join(REPO_ROOT, 'dist/renderer/index.html'))) return;
  log('dist/renderer/index.html missing: npm run -s build:renderer');
  const r = spawnSync('npm', ['run', '-s', 'build:renderer'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`npm run build:renderer failed (exit ${r.status})`);
}

export function startUi(dir: string | null, timeoutMs = 60_000): Promise<UiServer> {
  const args = ['tsx', 'electron/cli/main.ts', 'serve', ...(dir ? [dir] : []), '--port', '0'];
  const child: ChildProcess = spawn('npx', args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => {
    // Our own process group only (npx and the node it runs), never anything by name.
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`whittle serve printed no URL within ${timeoutMs} ms: ${err.trim()}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Whittle UI: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, stop });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`whittle serve exited ${code} before printing its URL: ${err.trim()}`));
    });
  });
}
