#!/usr/bin/env node
/**
 * `npm run fuzz [-- RUNS]`: the property tests (fast-check) with many runs and random seeds,
 * where `npm test` runs few with fixed seeds. RUNS defaults to 5000 per property; fast-check
 * prints the seed and path of any failure, so it can be replayed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = process.argv[2] ?? process.env.WHITTLE_FUZZ_RUNS ?? '5000';
if (!/^[1-9]\d*$/.test(runs)) {
  process.stderr.write(`npm run fuzz: RUNS must be a positive whole number, not "${runs}"\n`);
  process.exit(2);
}
const files = [
  'shared/dockerfile/reparse.test.ts',
  'shared/optimizer/properties.test.ts',
  'shared/layers/image-analyzer.property.test.ts',
];
process.stderr.write(`Fuzzing ${files.length} property test files with ${runs} runs each…\n`);
const res = spawnSync('npx', ['vitest', 'run', '--project', 'unit', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WHITTLE_FUZZ_RUNS: runs },
});
process.exit(res.status ?? 1);
