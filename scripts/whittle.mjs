#!/usr/bin/env node
/**
 * The `whittle` command (package.json "bin"): runs the bundled CLI in dist/cli/, bundling it
 * first with esbuild when it is missing or older than any source under electron/ or shared/
 * (about 0.3 s, once). Plain Node at run time, no TypeScript transpiler: a pre-commit hook or a
 * CI step pays Node's start-up and the analysis, nothing else.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'whittle.mjs');

/** Newest mtime (ms) of the .ts sources the CLI is built from. */
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(bundle) ||
  (existsSync(path.join(root, 'electron')) &&
    statSync(bundle).mtimeMs <
      Math.max(newestSource(path.join(root, 'electron')), newestSource(path.join(root, 'shared'))));
if (stale) {
  const { buildCli } = await import('./build-cli.mjs');
  await buildCli();
}
const { main, processIO } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2), processIO());
