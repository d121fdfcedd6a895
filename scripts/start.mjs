#!/usr/bin/env node
/**
 * `npm start [-- DIR]`: builds what is stale (renderer, Electron bundles), then launches the
 * Electron app — or, when Electron's binary is not installed (its download fails offline and
 * npm then drops the optional package), serves the same UI in a browser over the loopback
 * bridge. Default project: examples/flask-api.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi } from './build-ui.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line) => process.stderr.write(`${line}\n`);

/** Newest modification time under the given folders (skipping tests and generated output). */
function newest(dirs) {
  let max = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(e.name)) max = Math.max(max, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  return max;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function run(cmd, args, what) {
  log(`whittle: building ${what}…`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    log(`whittle: building ${what} failed`);
    process.exit(r.status ?? 1);
  }
}

async function buildIfStale() {
  const rendererOut = path.join(root, 'dist', 'renderer', 'index.html');
  if (mtime(rendererOut) < newest(['renderer', 'shared', 'assets'])) {
    const code = await buildUi(log);
    if (code !== 0) process.exit(code);
  }
  const electronOut = path.join(root, 'dist', 'electron', 'main.cjs');
  if (mtime(electronOut) < newest(['electron', 'shared'])) {
    run(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')], 'the Electron bundles');
  }
}

/** The Electron binary's path, or the reason there is none. */
function electronBinary() {
  try {
    const p = createRequire(import.meta.url)('electron');
    if (typeof p === 'string' && existsSync(p)) return { path: p };
    return { reason: 'Electron binary not installed (its download failed during npm install)' };
  } catch (err) {
    const missing = err && err.code === 'MODULE_NOT_FOUND';
    return {
      reason: missing
        ? 'Electron binary not installed (its download failed during npm install)'
        : `Electron is not usable (${String(err && err.message).split('\n')[0]})`,
    };
  }
}

function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

function canOpenBrowser() {
  if (!process.env.DISPLAY) return false;
  return spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status === 0;
}

function serve(project, reason) {
  log(`${reason}; serving the UI in your browser instead`);
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'whittle.mjs'), 'serve', project], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buf = '';
  child.stdout.on('data', (chunk) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      process.stdout.write(`${line}\n`);
      const url = line.match(/^Whittle UI: (\S+)/)?.[1];
      if (url && canOpenBrowser()) spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref();
    }
  });
  forwardSignals(child);
}

const userArg = process.argv.slice(2).find((a) => !a.startsWith('-'));
const project = path.resolve(userArg ?? path.join(root, 'examples', 'flask-api'));
await buildIfStale();
const electron = electronBinary();
if (electron.path) {
  const child = spawn(electron.path, [root, project], { cwd: root, stdio: 'inherit' });
  forwardSignals(child);
} else {
  serve(project, electron.reason);
}
