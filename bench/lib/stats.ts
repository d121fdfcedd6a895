/**
 * Small statistics and timing helpers. Benchmarks report medians because a 2-core machine
 * shared with other work has a long tail; the median is what a user typically waits.
 */

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Milliseconds elapsed since `t0` (a `performance.now()` reading). */
export const since = (t0: number): number => performance.now() - t0;

/** Runs `fn` once and returns its result and its wall time in ms. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: since(t0) };
}

/**
 * Times a synchronous function `runs` times after `warmup` untimed calls (so the JIT has
 * compiled the hot paths before we measure), returning every sample in ms.
 */
export function sampleSync(fn: () => unknown, runs: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(since(t0));
  }
  return out;
}

/**
 * Interleaves several synchronous measurements (A, B, C, A, B, C, ...) so that all see the same
 * machine state; a burst of background load then skews every side, not just one, and the
 * ratios between them hold. Returns one sample list per function, in ms.
 */
export function sampleInterleaved(
  fns: ReadonlyArray<() => unknown>,
  runs: number,
  warmup: number,
): number[][] {
  for (let i = 0; i < warmup; i++) for (const f of fns) f();
  const out = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    fns.forEach((f, k) => {
      const t0 = performance.now();
      f();
      out[k]!.push(since(t0));
    });
  }
  return out;
}
