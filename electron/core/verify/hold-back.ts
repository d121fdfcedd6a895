/**
 * The hold-back loop (issue 10 §2): no rule knowledge, only orchestration. Given a way to optimize
 * with some rules turned off, to build, and to check an image against the original, it finds the
 * applied fixes that make a check fail where the original passes, turns them off and rebuilds
 * until every check passes (or the time budget runs out, when the original is offered instead).
 *
 * Culprit search: with the applied rule ids in order r1…rn, `bad(k)` = the image built with
 * r1…rk turned off still has the regression. bad(0) is known true; if bad(n) is true too, the
 * regression cannot be pinned on the fixes (nothing is offered but the original). Otherwise a
 * binary search finds the smallest k with bad(k) false, and rk is held back: log2(n) builds per
 * culprit, each from BuildKit's cache. The loop repeats until no regression is left.
 */
import type {
  AppliedRepair,
  CheckId,
  CheckPair,
  HeldBackFix,
  VerifyProgressEvent,
} from '../../../shared/api/verify';

/** A rewrite of the Dockerfile with some rules off. */
export interface Candidate {
  text: string;
  dockerignore: string | null;
  /** Unique rule ids of the fixes applied, in the order the optimizer applied them. */
  applied: string[];
}

export interface LoopDeps {
  /** The original Dockerfile (no fixes) and its built image: what is offered when nothing verifies. */
  original: { candidate: Candidate; image: string };
  /** The optimizer with these rule ids turned off (on top of the user's own). */
  optimize(disabled: string[]): Candidate;
  /** Builds a candidate; resolves to the image id, or throws (a failed build is a failed check). */
  build(c: Candidate): Promise<string>;
  /** Runs the checks (all, or `only` these) on the image against the original. */
  check(image: string, only?: CheckId[]): Promise<CheckPair[]>;
  /**
   * A repair for a regression instead of holding a fix back (e.g. add the runtime packages a
   * missing library needs): the repaired candidate, or null when there is none.
   */
  repair?(pair: CheckPair, c: Candidate): Promise<{ candidate: Candidate; summary: string } | null>;
  emit(e: Omit<VerifyProgressEvent, 'verifyId'>): void;
  /** ms clock (injectable for tests). */
  now(): number;
  /** Time left is checked before every build. */
  budgetMs: number;
  /** Cancellation: checked before every build. */
  aborted?(): boolean;
}

export interface LoopOutcome {
  /** Candidate offered (the original text when nothing could be verified) and its image. */
  candidate: Candidate;
  image: string | null;
  checks: CheckPair[];
  heldBack: HeldBackFix[];
  repairs: AppliedRepair[];
  /** Rule ids turned off by the loop. */
  heldIds: string[];
  /** Builds made by the loop, the first included. */
  builds: number;
  /** False when regressions are left (budget spent, or no culprit among the fixes). */
  clean: boolean;
  note?: string;
}

const regressions = (pairs: CheckPair[]): CheckPair[] => pairs.filter((p) => p.regression);

/** A candidate that does not build fails "starts and answers" with the build error as evidence. */
export function buildFailurePair(e: unknown): CheckPair {
  const msg = (e as Error)?.message ?? String(e);
  const log = ((e as { details?: { log?: unknown } })?.details?.log as string[] | undefined) ?? [];
  const r = {
    id: 'starts-and-answers' as const,
    title: 'Starts and answers',
  };
  return {
    ...r,
    regression: true,
    original: { ...r, status: 'pass', summary: 'The original builds.', evidence: [] },
    optimized: {
      ...r,
      status: 'fail',
      summary: `The optimized Dockerfile does not build: ${msg.split('\n')[0]}`,
      evidence: log.slice(-10).map(String),
    },
  };
}

class OutOfBudget extends Error {}

export async function holdBackLoop(deps: LoopDeps, userDisabled: string[] = []): Promise<LoopOutcome> {
  const start = deps.now();
  let builds = 0;
  const heldIds: string[] = [];
  const heldBack: HeldBackFix[] = [];
  const repairs: AppliedRepair[] = [];

  /** Builds and checks; a build failure becomes a failing pair. */
  const attempt = async (
    c: Candidate,
    only?: CheckId[],
  ): Promise<{ image: string | null; pairs: CheckPair[] }> => {
    if (deps.aborted?.()) throw new OutOfBudget('cancelled');
    if (deps.now() - start > deps.budgetMs) throw new OutOfBudget('budget');
    builds++;
    let image: string;
    try {
      image = await deps.build(c);
    } catch (e) {
      if (
        (e as { code?: string }).code === 'CANCELLED' ||
        (e as { code?: string }).code === 'DOCKER_UNREACHABLE'
      )
        throw e;
      return { image: null, pairs: [buildFailurePair(e)] };
    }
    return { image, pairs: await deps.check(image, only) };
  };

  let cur = deps.optimize(userDisabled);
  let repaired = false;
  /** Repairs that worked are applied again to every later rewrite, so the offered text keeps them. */
  const kept: ((c: Candidate) => Promise<Candidate>)[] = [];
  const rewrite = async (disabled: string[]): Promise<Candidate> => {
    let c = deps.optimize(disabled);
    for (const fn of kept) c = await fn(c);
    return c;
  };
  let state: { image: string | null; pairs: CheckPair[] } = { image: null, pairs: [] };
  const giveUp = (note: string, pairs: CheckPair[]): LoopOutcome => ({
    candidate: deps.original.candidate,
    image: deps.original.image,
    checks: pairs,
    heldBack,
    repairs,
    heldIds,
    builds,
    clean: false,
    note,
  });
  try {
    deps.emit({ phase: 'checks', text: `Checking the optimized image (${cur.applied.length} fix(es))` });
    state = await attempt(cur);
    for (;;) {
      const regs = regressions(state.pairs);
      if (!regs.length) break;
      const failing = regs.map((r) => r.id);
      deps.emit({
        phase: 'checks',
        text: `Fails where the original passes: ${regs.map((r) => `${r.title} (${r.optimized.summary})`).join('; ')}`,
        checkId: regs[0]!.id,
      });
      // A repair first (once per loop), when the failing check has one.
      if (deps.repair && !repaired) {
        let fix: Awaited<ReturnType<NonNullable<LoopDeps['repair']>>> = null;
        let target: CheckPair | undefined;
        for (const r of regs) {
          fix = await deps.repair(r, cur);
          if (fix) {
            target = r;
            break;
          }
        }
        if (fix && target) {
          repaired = true;
          deps.emit({ phase: 'repair', text: fix.summary, checkId: target.id });
          const next = await attempt(fix.candidate);
          if (!regressions(next.pairs).some((r) => r.id === target.id)) {
            repairs.push({ checkId: target.id, summary: fix.summary });
            const repair = deps.repair;
            kept.push(async (c) => (await repair(target, c))?.candidate ?? c);
            cur = fix.candidate;
            state = next;
            continue;
          }
        }
      }
      const base = [...userDisabled, ...heldIds];
      const order = cur.applied;
      const memo = new Map<number, boolean>();
      const bad = async (k: number): Promise<boolean> => {
        if (!memo.has(k)) {
          deps.emit({
            phase: 'bisect',
            text: `Rebuilding with ${k} of ${order.length} fix(es) off: ${order.slice(0, k).join(', ')}`,
            ruleIds: order.slice(0, k),
          });
          const r = await attempt(await rewrite([...base, ...order.slice(0, k)]), failing);
          memo.set(k, regressions(r.pairs).length > 0);
        }
        return memo.get(k)!;
      };
      if (!order.length || (await bad(order.length)))
        return giveUp(
          'The failure remains with every fix turned off (it is not caused by one of them); the original is offered.',
          state.pairs,
        );
      let lo = 1;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (await bad(mid)) lo = mid + 1;
        else hi = mid;
      }
      const culprit = order[lo - 1]!;
      heldIds.push(culprit);
      deps.emit({ phase: 'hold-back', text: `Holding back ${culprit}`, ruleIds: [culprit] });
      cur = await rewrite([...userDisabled, ...heldIds]);
      state = await attempt(cur);
      // The check(s) that the hold-back turned green are the ones the fix broke.
      const still = new Set(regressions(state.pairs).map((r) => r.id));
      const cured = regs.filter((r) => !still.has(r.id));
      for (const r of cured.length ? cured : [regs[0]!])
        heldBack.push({
          ruleId: culprit,
          checkId: r.id,
          summary: r.optimized.summary,
          evidence: r.optimized.evidence,
        });
    }
  } catch (e) {
    if (e instanceof OutOfBudget)
      return giveUp(
        e.message === 'cancelled'
          ? 'Verification was cancelled before a passing rewrite was found; the original is offered.'
          : `The time budget (${Math.round(deps.budgetMs / 1000)} s) ran out before a passing rewrite was found; the original is offered.`,
        state.pairs,
      );
    throw e;
  }
  return {
    candidate: cur,
    image: state.image,
    checks: state.pairs,
    heldBack,
    repairs,
    heldIds,
    builds,
    clean: true,
  };
}
