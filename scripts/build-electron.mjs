#!/usr/bin/env node
/**
 * Bundles Electron's main process and preload with esbuild into dist/electron/:
 *   main.cjs    — the app entry (package.json "main"); `electron` stays external.
 *   preload.cjs — one self-contained CJS file, because a sandboxed preload cannot require
 *                 anything but a few Electron modules.
 * Usage: node scripts/build-electron.mjs [--watch]
 */
import { build, context } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  // Native add-ons (ssh2's optional crypto binding, cpu-features) load from node_modules at run time.
  external: ['electron', 'cpu-features', '*.node'],
};

const targets = [
  {
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: path.join(outdir, 'main.cjs'),
    // Sources are ESM and some use import.meta.url (createRequire for package files); CJS has
    // no import.meta, so give it the bundle's own file URL. (Main only: the sandboxed preload
    // has no node:url and needs none.)
    define: { 'import.meta.url': '__whittleImportMetaUrl' },
    banner: { js: "const __whittleImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  },
  {
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    sourcemap: false,
  },
];

if (watch) {
  for (const t of targets) await (await context(t)).watch();
  process.stderr.write('build-electron: watching for changes\n');
} else {
  const started = Date.now();
  await Promise.all(targets.map((t) => build(t)));
  process.stderr.write(`build-electron: dist/electron/{main,preload}.cjs in ${Date.now() - started} ms\n`);
}
