/**
 * Builds the UI (vite, renderer/ → dist/renderer/) with visible progress: vite's own lines,
 * and a line every 10 s while it works, so a first build (a minute or two on 2 cores) never
 * looks hung. Used by `npm start` and by `whittle serve` when the UI is missing.
 */
import { spawn } from 'node:child_process';
import { clearInterval, setInterval } from 'node:timers';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Resolves with vite's exit code; `log` gets one line at a time (stderr by default). */
export function buildUi(log = (line) => process.stderr.write(`${line}\n`)) {
  const started = Date.now();
  log('whittle: building the UI (dist/renderer; the first build takes a minute or two)…');
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const forward = (chunk) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) log(`  ${line.trimEnd()}`);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const tick = setInterval(
    () => log(`whittle: still building the UI… ${Math.round((Date.now() - started) / 1000)} s`),
    10_000,
  );
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearInterval(tick);
      log(
        code === 0
          ? `whittle: UI built in ${((Date.now() - started) / 1000).toFixed(1)} s`
          : `whittle: building the UI failed (vite exit ${code})`,
      );
      resolve(code ?? 1);
    });
  });
}
