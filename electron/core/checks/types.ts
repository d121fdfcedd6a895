/**
 * The shape every check on a built image shares (issue: prove every rewrite). A check runs on the
 * original image as the baseline and on the optimized one; only a regression (pass → fail)
 * counts against Whittle. One file per check in this folder; the pure parts (ELF reading,
 * soname resolution) live in `shared/`.
 */
import type Dockerode from 'dockerode';

/** Stable check ids. */
export type CheckId = 'runtime-libraries' | 'starts-and-answers' | 'writes-as-user' | 'same-config';

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One check's verdict on one image, with what it saw. */
export interface CheckResult {
  id: CheckId;
  /** Human title, e.g. "Runtime libraries resolve". */
  title: string;
  status: CheckStatus;
  /** One sentence: what was found, or why the check was skipped. */
  summary: string;
  /** Evidence lines (missing sonames with the file that needs them, last log lines, paths…), bounded. */
  evidence: string[];
  /** Extra machine-readable data (e.g. `{ missing: [{ file, soname }] }`). */
  data?: Record<string, unknown>;
}

/** What a check is given about one built image. */
export interface CheckTarget {
  docker: Dockerode;
  /** Image reference or id in the daemon. */
  image: string;
  /** Which side this is. */
  role: 'original' | 'optimized';
  signal?: AbortSignal;
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
