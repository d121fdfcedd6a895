#!/usr/bin/env node
/**
 * Bundles the CLI (electron/cli/main.ts) with esbuild into dist/cli/whittle.mjs: ESM, code
 * splitting so `compare` and `serve` (dockerode, the bridge) load only when used. Usage: node scripts/build-cli.mjs
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
    // npm packages are bundled too: resolving and compiling dozens of small CommonJS files
    // (dockerfile-ast's language-server types, yaml) was most of the start time. Native add-ons
    // and optional accelerators stay external and load from node_modules when present.
    external: ['electron', 'cpu-features', 'ssh2', 'bufferutil', 'utf-8-validate', '*.node'],
    // Bundled CommonJS may call require() for Node built-ins; ESM output needs one to exist.
    banner: {
      js: "import { createRequire as __whittleRequire } from 'node:module'; const require = __whittleRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  process.stderr.write(`build-cli: dist/cli/whittle.mjs in ${Date.now() - started} ms\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await buildCli();
