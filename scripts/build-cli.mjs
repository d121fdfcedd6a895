#!/usr/bin/env node
/**
 * Bundles the CLI (electron/cli/main.ts) with esbuild into dist/cli/whittle.mjs: ESM, code
 * splitting so `compare` and `serve` (dockerode, the bridge) load only when used, npm packages
 * left external (they load from node_modules). Usage: node scripts/build-cli.mjs
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli() {
  const started = Date.now();
  await build({
    absWorkingDir: root,
    entryPoints: { whittle: 'electron/cli/main.ts' },
    outdir: path.join(root, 'dist', 'cli'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  process.stderr.write(`build-cli: dist/cli/whittle.mjs in ${Date.now() - started} ms\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await buildCli();
