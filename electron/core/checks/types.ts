/**
 * The shape every check on a built image shares (issue: prove every rewrite). A check runs on the
 * original image as the baseline and on the optimized one; only a regression (pass → fail)
 * counts against Whittle. One file per check in this folder; the pure parts (ELF reading,
 * soname resolution) live in `shared/`.
 */
import type Dockerode from 'dockerode';
import type { CheckId, CheckResult } from '../../../shared/api/verify';

/** The result shapes live in shared/ (they travel over the typed API); re-exported for checks. */
export type { CheckId, CheckResult, CheckStatus } from '../../../shared/api/verify';

/** What a check is given about one built image. */
export interface CheckTarget {
  docker: Dockerode;
  /** Image reference or id in the daemon. */
  image: string;
  /** Which side this is. */
  role: 'original' | 'optimized';
  signal?: AbortSignal;
  /** The project's check command (whittle.json `smoke.check` or `--check`), run inside the container. */
  checkCommand?: string[];
  /**
   * The image this side's Dockerfile ships on (final stage's FROM, through stage names), when
   * known; set for the original (what it inherits from its base is not the app's own config).
   */
  baseImage?: string;
}

/** A check compares the optimized image against the original (the baseline). */
export interface Check {
  id: CheckId;
  title: string;
  run(
    original: CheckTarget,
    optimized: CheckTarget,
  ): Promise<{ original: CheckResult; optimized: CheckResult }>;
}

/** True when the optimized image fails a check that the original passes: Whittle's fault. */
export const isRegression = (r: { original: CheckResult; optimized: CheckResult }): boolean =>
  r.original.status === 'pass' && r.optimized.status === 'fail';
