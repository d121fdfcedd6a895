/**
 * Estimated next to measured: once a fix's saving was measured (the image rebuilt with that fix
 * off, electron/core/verify/measure-savings.ts), the measured figure is the saving shown; the
 * estimate stays beside it, flagged when it was far above what the image showed.
 */

/** A measured saving below half the estimate (and over 1 MB short of it) is "far below". */
export function farBelowEstimate(estimated: number | null, measured: number | null): boolean {
  if (estimated === null || measured === null || estimated <= 0) return false;
  return measured < estimated / 2 && estimated - measured > 1_000_000;
}

/** The words shown next to a far-too-high estimate. */
export const FAR_BELOW_NOTE = 'measured far below the estimate: the measured figure is the saving';
