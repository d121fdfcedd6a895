/**
 * Run counts for the property tests. By default they are small, so each test stays far inside
 * its timeout on a busy 2-core machine (a few seconds of work against a timeout of a minute or
 * more). `npm run fuzz` (or `WHITTLE_FUZZ_RUNS=N`) runs each property N times with a fresh
 * random seed instead; fast-check prints the seed and path of any failure to replay it.
 */
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const requested = Number.parseInt(env.WHITTLE_FUZZ_RUNS ?? '', 10);

/** True under `npm run fuzz`: long runs with random seeds. */
export const fuzzing = Number.isFinite(requested) && requested > 0;

/**
 * fast-check parameters for one property: `runs` runs with a fixed `seed` by default; under
 * `npm run fuzz`, the requested number of runs and a random seed.
 */
export const fuzzParams = (runs: number, seed: number): { numRuns: number; seed?: number } =>
  fuzzing ? { numRuns: requested } : { numRuns: runs, seed };

/** The test's timeout (ms): `ms` by default; under `npm run fuzz`, scaled with the runs requested. */
export const fuzzTimeout = (ms: number, runs: number): number =>
  fuzzing ? Math.max(ms, Math.ceil((ms * requested) / runs)) : ms;
