/**
 * Verification of a rewrite (issue 10): the checks run on both built images, the fixes held back
 * because they broke a check, and each fix's measured saving. Plain data: it travels over the
 * typed API (CompareReport.verification) and into `compare --json` and the Markdown report.
 */

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

/** A check on both images; `regression` is true when the original passes and the optimized fails. */
export interface CheckPair {
  id: CheckId;
  title: string;
  original: CheckResult;
  optimized: CheckResult;
  regression: boolean;
}

/** An applied fix turned off because the image with it failed a check the original passes. */
export interface HeldBackFix {
  ruleId: string;
  /** The check it broke. */
  checkId: CheckId;
  /** That check's summary and evidence on the image with the fix. */
  summary: string;
  evidence: string[];
}

/** A repair Whittle made instead of holding a fix back (e.g. runtime packages added). */
export interface AppliedRepair {
  checkId: CheckId;
  summary: string;
}

/**
 * One applied fix's real effect: the optimized image's size with the fix turned off minus its
 * size with it on (bytes; negative when the fix made the image bigger). null when not measured
 * (time budget spent, or the rebuild failed); `note` says why.
 */
export interface MeasuredSaving {
  ruleId: string;
  title: string;
  /** Sum of the analyzer's estimates for this rule's findings, when it gave any. */
  estimatedBytes: number | null;
  measuredBytes: number | null;
  note?: string;
}

/**
 * - `verified`: every check passes on the image of the offered Dockerfile (or fails on the original too).
 * - `original-fails`: some check fails on the original as well (not Whittle's doing; exit 1).
 * - `unverified`: the time budget ran out before a passing rewrite was found; the original is offered.
 */
export type VerificationStatus = 'verified' | 'original-fails' | 'unverified';

export interface Verification {
  status: VerificationStatus;
  /** Checks on the original and on the offered image. */
  checks: CheckPair[];
  heldBack: HeldBackFix[];
  repairs: AppliedRepair[];
  /** The Dockerfile Whittle offers: always the verified one. */
  offeredText: string;
  /** Rule ids whose fixes are in the offered text. */
  appliedRuleIds: string[];
  /** Measured saving per applied fix (present when measuring was asked for). */
  savings?: MeasuredSaving[];
  /** Images built by the loop (the first optimized build included) and by the base choice, and the time it took (ms). */
  rebuilds: number;
  elapsedMs: number;
  budgetMs: number;
  /** A sentence when the budget ran out or a culprit could not be found. */
  note?: string;
  /**
   * The bases tried for the final stage (issue 14 §3), smallest passing one `chosen`; absent when
   * the choice did not run (no daemon, not asked for, or the rewrite did not verify).
   */
  baseCandidates?: BaseCandidate[];
}

/** Verdict on one base candidate: every check passed, one failed, or it was not built/checked. */
export type BaseCandidateStatus = 'pass' | 'fail' | 'skip';

/**
 * One base image tried for the final stage of the offered Dockerfile: the final FROM swapped
 * (and, for the distroless Node/Java bases, the start adapted to their ENTRYPOINT), built from
 * the build cache and checked against the original like any rewrite.
 */
export interface BaseCandidate {
  /** Image reference as written after the final FROM, e.g. `gcr.io/distroless/base-debian12`. */
  image: string;
  /** Kind of base: the optimizer's own choice, a `-slim` variant, a distroless variant, or alpine. */
  kind: 'static' | 'slim' | 'distroless' | 'alpine';
  /** Why it fits the project (one sentence). */
  reason: string;
  status: BaseCandidateStatus;
  /** Size of the built image (bytes, as the daemon reports it), null when not built. */
  sizeBytes: number | null;
  /** Wall time of its build (ms; cached builder stages make it short), null when not built. */
  buildMs: number | null;
  /** Checks that ran and passed on it, in the order they ran. */
  passed: CheckId[];
  /** The check that failed on it (checks stop at the first failure), with its evidence. */
  failed: { checkId: CheckId; summary: string; evidence: string[] }[];
  /** Why it was skipped (not on the daemon, time budget spent…), or a remark. */
  note?: string;
  /** True for the base the optimizer chose without measuring (the conservative choice). */
  isStatic: boolean;
  /** True for the offered one: the smallest candidate that passes every check. */
  chosen: boolean;
}

/** What the caller asks of a verification. */
export interface VerifyOptions {
  /** Time budget for checks, hold-back and measuring (ms); default 10 minutes. */
  budgetMs?: number;
  /** Measure each applied fix's saving (one rebuild per fix, within the budget). */
  measureSavings?: boolean;
  /** Rule ids the user turned off already. */
  disabled?: string[];
  /**
   * Build the candidate bases of the final stage and keep the smallest that passes every check
   * (issue 14 §3); default true. Runs within `budgetMs`, after the hold-back loop.
   */
  chooseBase?: boolean;
}

/** Progress of a verification, pushed like build progress (same channel, `kind: 'verify'`). */
export interface VerifyProgressEvent {
  verifyId: string;
  phase: 'checks' | 'bisect' | 'hold-back' | 'repair' | 'measure' | 'base' | 'done';
  /** One line for a status bar or a terminal. */
  text: string;
  checkId?: CheckId;
  ruleIds?: string[];
}

/** Default time budget of a verification (ms). */
export const DEFAULT_VERIFY_BUDGET_MS = 10 * 60_000;
