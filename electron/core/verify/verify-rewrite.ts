/**
 * Verifies a rewrite on a daemon: builds candidates of the optimized Dockerfile, runs every check
 * against the original image, holds back the fixes that break one (hold-back.ts) and, when asked,
 * measures each remaining fix's real saving. The image of the offered Dockerfile keeps the
 * project's `optimized` tag; every other image the loop built is removed (by id, without force).
 */
import type Dockerode from 'dockerode';
import type { BuildProgressEvent, ProjectContext } from '../../../shared/api/contract';
import {
  DEFAULT_VERIFY_BUDGET_MS,
  type CheckPair,
  type Verification,
  type VerifyOptions,
  type VerifyProgressEvent,
} from '../../../shared/api/verify';
import type { WhittleConfig } from '../../../shared/config/config';
import { finalBaseImage } from '../../../shared/dockerfile/model';
import { parseDockerfile } from '../../../shared/dockerfile/parse';
import { groundEstimates, type BuiltOriginal } from '../../../shared/optimizer/ground-estimates';
import { optimize } from '../../../shared/optimizer/index';
import { findRule } from '../../../shared/rules/index';
import { DEFAULT_CHECKS } from '../checks/index';
import type { Check } from '../checks/types';
import { buildImage, imageTag } from '../docker/build';
import { chooseBase } from './choose-base';
import { holdBackLoop, type Candidate, type LoopDeps } from './hold-back';
import { libraryRepair } from './library-repair';
import { measureSavings } from './measure-savings';
import { runChecks } from './run-checks';

export interface VerifyInput {
  docker: Dockerode;
  dir: string;
  originalText: string;
  /** The original image, already built. */
  originalImage: string;
  context: ProjectContext;
  config: WhittleConfig;
  buildkit: boolean;
  /** Network for RUN steps (as the service's builds). */
  network: 'host' | 'default';
  checkCommand?: string[];
  options: VerifyOptions;
  verifyId: string;
  signal: AbortSignal;
  emitBuild: (e: BuildProgressEvent) => void;
  emitVerify: (e: VerifyProgressEvent) => void;
  /** The checks to run (default: every check Whittle has). */
  checks?: readonly Check[];
  /** The rewrite (default: Whittle's optimizer with these rule ids off); tests pass their own. */
  rewrite?: (disabled: string[]) => Candidate & { estimates?: Record<string, number> };
  /** A repair for a failing check (runtime libraries), when one is available. */
  repair?: LoopDeps['repair'];
  /**
   * The original's layers with their cache bytes (its ImageReport after the layer analysis), when
   * known: the estimates set beside the measured savings are grounded in them (ground-estimates.ts).
   */
  original?: BuiltOriginal;
}

export interface VerifyOutput {
  verification: Verification;
  /** Image of the offered Dockerfile (the original's when nothing verified). */
  imageId: string;
  tag: string;
  text: string;
  dockerignore: string | null;
}

/**
 * Whittle's optimizer as a candidate source: unique applied rule ids and the estimates per rule
 * (grounded in the built original's layers when `original` is given).
 */
export function optimizerRewrite(
  text: string,
  context: ProjectContext,
  config: WhittleConfig,
  buildkit: boolean,
  original?: BuiltOriginal,
) {
  return (disabled: string[]): Candidate & { estimates: Record<string, number> } => {
    const r = optimize(text, context, { buildkit, config, disabled });
    const estimates: Record<string, number> = {};
    for (const f of original ? groundEstimates(r.findings, original) : r.findings)
      if (f.fixed && f.estimatedBytes) estimates[f.ruleId] = (estimates[f.ruleId] ?? 0) + f.estimatedBytes;
    return {
      text: r.text,
      dockerignore: r.dockerignore,
      applied: [...new Set(r.fixes.map((f) => f.ruleId))],
      estimates,
    };
  };
}

export async function verifyRewrite(input: VerifyInput): Promise<VerifyOutput> {
  const t0 = Date.now();
  const budgetMs = input.options.budgetMs ?? DEFAULT_VERIFY_BUDGET_MS;
  const checks = input.checks ?? DEFAULT_CHECKS;
  const rewrite =
    input.rewrite ??
    optimizerRewrite(input.originalText, input.context, input.config, input.buildkit, input.original);
  const emit = (e: Omit<VerifyProgressEvent, 'verifyId'>) =>
    input.emitVerify({ verifyId: input.verifyId, ...e });
  const built = new Set<string>();
  let n = 0;
  const build = async (c: Candidate): Promise<string> => {
    const { imageId } = await buildImage(
      input.docker,
      {
        dir: input.dir,
        dockerfileText: c.text,
        variant: 'optimized',
        buildId: `${input.verifyId}:optimized${n++ ? `:${n}` : ''}`,
        buildkit: input.buildkit,
        signal: input.signal,
        dockerignore: c.dockerignore ?? input.context.dockerignore,
        network: input.network,
      },
      input.emitBuild,
    );
    built.add(imageId);
    return imageId;
  };
  let originalBase: string | null = null;
  try {
    originalBase = finalBaseImage(parseDockerfile(input.originalText));
  } catch {
    // An original that does not parse did not build either; no base to read.
  }
  const checkCtx = {
    docker: input.docker,
    originalImage: input.originalImage,
    ...(originalBase ? { originalBaseImage: originalBase } : {}),
    ...(input.checkCommand ? { checkCommand: input.checkCommand } : {}),
    signal: input.signal,
    onCheck: (p: CheckPair) =>
      emit({
        phase: 'checks',
        text: `${p.title}: original ${p.original.status}, optimized ${p.optimized.status}${p.regression ? ' (regression)' : ''}`,
        checkId: p.id,
      }),
  };
  const userDisabled = input.options.disabled ?? [];
  const deps: LoopDeps = {
    original: {
      candidate: { text: input.originalText, dockerignore: null, applied: [] },
      image: input.originalImage,
    },
    optimize: rewrite,
    build,
    check: (image, only) => runChecks(checks, checkCtx, image, only),
    repair: input.repair ?? libraryRepair(input.docker, input.originalImage, input.signal),
    emit,
    now: () => Date.now(),
    budgetMs,
    aborted: () => input.signal.aborted,
  };
  const loop = await holdBackLoop(deps, userDisabled);
  // The base chosen by measurement (issue 14 §3), before the savings (it has the budget first): the
  // offered Dockerfile moves to the smallest base that passes. Savings stay measured against the
  // optimizer's own base (the loop's image), so each figure is one fix's effect alone.
  let offered = { image: loop.image, text: loop.candidate.text, checks: loop.checks };
  let baseCandidates: Verification['baseCandidates'];
  if (input.options.chooseBase !== false && loop.clean && loop.image) {
    const choice = await chooseBase({
      docker: input.docker,
      text: loop.candidate.text,
      image: loop.image,
      checks: loop.checks,
      context: input.context,
      config: input.config,
      // A rule the loop held back (WH050 broke a check) stays off on the candidates too.
      disabled: [...userDisabled, ...loop.heldIds],
      buildkit: input.buildkit,
      checkOrder: checks.map((c) => c.id),
      build: (text) => build({ ...loop.candidate, text }),
      check: (image, only) => runChecks(checks, checkCtx, image, only),
      emit,
      now: () => Date.now(),
      deadline: t0 + budgetMs,
      signal: input.signal,
    });
    if (choice.candidates.length > 1) baseCandidates = choice.candidates;
    if (choice.chosen) {
      // The checks that did not run on the chosen image (none: it passed them all) keep the loop's.
      const ran = new Map(choice.chosen.checks.map((p) => [p.id, p]));
      offered = {
        ...choice.chosen,
        checks: loop.checks.map((p) => ran.get(p.id) ?? p),
      };
    }
  }
  let savings: Verification['savings'];
  if (input.options.measureSavings && loop.clean && loop.image) {
    const estimates = rewrite(userDisabled).estimates ?? {};
    savings = await measureSavings({
      applied: loop.candidate.applied,
      disabled: [...userDisabled, ...loop.heldIds],
      offeredImage: loop.image,
      rewrite,
      build: (c) => {
        if (Date.now() - t0 > budgetMs) return Promise.resolve(null);
        return build(c);
      },
      sizeOf: async (id) => (await input.docker.getImage(id).inspect()).Size,
      estimates,
      titles: Object.fromEntries(loop.candidate.applied.map((id) => [id, findRule(id)?.meta.title ?? id])),
      emit,
    });
  }
  const offeredImage = offered.image ?? input.originalImage;
  // The offered image keeps the project's `optimized` tag; the loop's other images go.
  const tag = imageTag(input.dir, 'optimized');
  if (offered.image) {
    const at = tag.lastIndexOf(':');
    await input.docker.getImage(offered.image).tag({ repo: tag.slice(0, at), tag: tag.slice(at + 1) });
  }
  for (const id of built)
    if (id !== offeredImage)
      await input.docker
        .getImage(id)
        .remove()
        .catch(() => undefined);
  const anyOriginalFail = offered.checks.some((p) => p.original.status === 'fail');
  const verification: Verification = {
    status: !loop.clean ? 'unverified' : anyOriginalFail ? 'original-fails' : 'verified',
    checks: offered.checks,
    heldBack: loop.heldBack,
    repairs: loop.repairs,
    offeredText: offered.text,
    appliedRuleIds: loop.candidate.applied,
    ...(savings ? { savings } : {}),
    // The loop's builds and the base candidates' (the static one is the loop's own).
    rebuilds: loop.builds + (baseCandidates ?? []).filter((c) => !c.isStatic && c.buildMs !== null).length,
    elapsedMs: Date.now() - t0,
    budgetMs,
    ...(loop.note ? { note: loop.note } : {}),
    ...(baseCandidates ? { baseCandidates } : {}),
  };
  emit({
    phase: 'done',
    text: `${verification.status}: ${loop.heldBack.length} fix(es) held back, ${loop.builds} build(s), ${Math.round(verification.elapsedMs / 1000)} s`,
  });
  return {
    verification,
    imageId: offeredImage,
    tag: offered.image ? tag : imageTag(input.dir, 'original'),
    text: offered.text,
    dockerignore: loop.candidate.dockerignore,
  };
}
