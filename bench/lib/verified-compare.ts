/**
 * One example measured the way a user would: `whittle compare` (verification and measured savings
 * on, images kept) gives the sizes, the checks on both images, the fixes held back and the saving
 * of each fix; the project's hand-written `Dockerfile.reference`, when it has one, is built and
 * put through the same checks against the same original; then plain compares (`--no-verify`) and
 * verified ones alternate on the warm build cache to time what verification adds.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { FloorUnavailable, ImageFloor, ImageReport } from '../../shared/api/contract';
import type { CheckPair } from '../../shared/api/verify';
import { finalBaseImage } from '../../shared/dockerfile/model';
import { parseDockerfile } from '../../shared/dockerfile/parse';
import type { DockerService } from '../../electron/core/docker/service';
import { DEFAULT_CHECKS } from '../../electron/core/checks/index';
import { runChecks } from '../../electron/core/verify/run-checks';
import { measureFloor } from '../../electron/core/verify/floor/measure-floor';
import { FLOOR_PATHS } from './floor-notes';
import { cliCompare, REPORTED_EXITS, type CliCompareRun, type CompareJson } from './cli-compare';
import { smokeCheck } from './examples';
import { copyProject } from './project-copy';
import { makeWorkingCopy, type DeveloperSetup } from './working-copy';

/** Timed runs of one example: wall times (ms) of pair i at index i (the first verified run is pair 1's). */
export interface CompareTimings {
  plainMs: number[];
  verifiedMs: number[];
  /** Per verified run: the verification's time in checks and hold-back, and in measuring savings (ms). */
  verifyPhases: { checksMs: number; measureMs: number }[];
}

export interface VerifiedMeasure {
  name: string;
  /** The folder the images were built from: the checkout, or a developer's working copy of it. */
  basis: 'checkout' | 'working copy';
  /** `compare --json` of the first (figures) run; `report.verification` is always present. */
  report: CompareJson;
  exitCode: number;
  reference: ImageReport | null;
  /** The checks on the reference image against the original (`optimized` = the reference). */
  referenceChecks: CheckPair[] | null;
  timings: CompareTimings | null;
  /**
   * Each image's floor (electron/core/verify/floor, docs/floor.md), measured on the figures run's
   * images outside the timed compares; absent in results saved before the floor existed.
   */
  floor?: { original: ImageFloor | FloorUnavailable; optimized: ImageFloor | FloorUnavailable };
  /** Whittle's image's floor on a path the smoke run does not take (floor-notes.ts `FLOOR_PATHS`). */
  floorPath?: { label: string; env: string[]; optimized: ImageFloor | FloorUnavailable };
}

/**
 * Both images' floors: what `whittle compare --floor` adds to its report, measured here in-process
 * on the kept images so the timed compares stay what a user's default compare costs.
 */
export async function measureFloors(
  service: DockerService,
  dir: string,
  report: CompareJson,
): Promise<NonNullable<VerifiedMeasure['floor']>> {
  const check = report.smokeTest.checkCommand ?? (await smokeCheck(dir));
  const opts = check ? { checkCommand: check } : {};
  return {
    original: await measureFloor(service.docker, report.original.imageId, opts),
    optimized: await measureFloor(service.docker, report.optimized.imageId, opts),
  };
}

/** The verification's phases of one run from its progress lines (0 when a phase did not happen). */
export function phasesOf(run: CliCompareRun): { checksMs: number; measureMs: number } {
  const { checks, measure, done } = run.phases;
  const total = run.report?.verification?.elapsedMs ?? 0;
  const measureMs = measure !== undefined && done !== undefined ? Math.max(0, done - measure) : 0;
  return { checksMs: Math.max(0, total - measureMs), measureMs: checks === undefined ? 0 : measureMs };
}

function failed(run: CliCompareRun, what: string): Error {
  const why = run.stderrTail.filter((l) => !/^\[(original|optimized)\] step /.test(l)).slice(-4);
  return new Error(`${what} exited ${run.exitCode}: ${why.join(' / ').slice(0, 400)}`);
}

/** Removes an image by tag, without force (an image someone else also tagged keeps that tag). */
async function removeTag(service: DockerService, tag: string): Promise<void> {
  await service.docker
    .getImage(tag)
    .remove()
    .catch(() => undefined);
}

/** Builds the reference in its own copy (its own tags) and checks it against the original. */
async function measureReference(
  service: DockerService,
  dir: string,
  report: CompareJson,
): Promise<{ reference: ImageReport; checks: CheckPair[] }> {
  const copy = await copyProject(dir);
  let reference: ImageReport | null = null;
  try {
    // The service's build gives the same report as compare (size, base size, layers); the
    // folder's own .dockerignore applies, as it would for the team that wrote the reference.
    reference = await service.build(
      {
        dir: copy.dir,
        dockerfileText: await fs.readFile(path.join(copy.dir, 'Dockerfile.reference'), 'utf8'),
        variant: 'optimized',
        buildId: `bench-size-${path.basename(dir)}-reference`,
      },
      () => undefined,
    );
    const check = report.smokeTest.checkCommand ?? (await smokeCheck(dir));
    // As verification does: what the original inherits from its base is not the app's config.
    const base = finalBaseImage(parseDockerfile(await fs.readFile(path.join(dir, 'Dockerfile'), 'utf8')));
    const checks = await runChecks(
      DEFAULT_CHECKS,
      {
        docker: service.docker,
        originalImage: report.original.imageId,
        ...(check ? { checkCommand: check } : {}),
        ...(base ? { originalBaseImage: base } : {}),
      },
      reference.imageId,
    );
    return { reference, checks };
  } finally {
    if (reference) await removeTag(service, reference.tag);
    await copy.dispose();
  }
}

export async function measureVerified(
  service: DockerService,
  dir: string,
  opts: { setup?: DeveloperSetup; timedPairs: number; verifyBudgetS?: number; log: (m: string) => void },
): Promise<VerifiedMeasure> {
  // A temp copy gives the images their own tags: other engineers build the same examples
  // concurrently, and compare removes its images by tag when it ends.
  const copy = await copyProject(dir);
  const name = path.basename(dir);
  try {
    if (opts.setup) await makeWorkingCopy(service.docker, copy.dir, opts.setup);
    const budget = opts.verifyBudgetS ? ['--verify-budget', String(opts.verifyBudgetS)] : [];
    const first = await cliCompare(copy.dir, ['--keep-images', ...budget]);
    const report = first.report;
    if (!REPORTED_EXITS.has(first.exitCode) || !report?.verification) throw failed(first, 'compare');
    let reference: ImageReport | null = null;
    let referenceChecks: CheckPair[] | null = null;
    let floor: VerifiedMeasure['floor'];
    let floorPath: VerifiedMeasure['floorPath'];
    try {
      floor = await measureFloors(service, copy.dir, report);
      const extra = FLOOR_PATHS[name];
      if (extra) {
        const check = report.smokeTest.checkCommand ?? (await smokeCheck(copy.dir));
        floorPath = {
          ...extra,
          optimized: await measureFloor(service.docker, report.optimized.imageId, {
            ...(check ? { checkCommand: check } : {}),
            env: extra.env,
          }),
        };
      }
      for (const side of ['original', 'optimized'] as const) {
        const f = floor[side];
        opts.log(
          `${name}: ${side} floor ${f.status === 'measured' ? `${(f.floorBytes / 1e6).toFixed(1)} MB in ${f.fileCount} files` : `unavailable (${f.reason})`}`,
        );
      }
      if (existsSync(path.join(copy.dir, 'Dockerfile.reference'))) {
        const r = await measureReference(service, copy.dir, report);
        reference = r.reference;
        referenceChecks = r.checks;
      }
    } finally {
      await removeTag(service, report.optimized.tag);
      await removeTag(service, report.original.tag);
    }
    let timings: CompareTimings | null = null;
    if (opts.timedPairs > 0) {
      // ABBA order on one copy: V P | P V | V P …, the first V being the figures run above (its
      // measuring rebuilds may have found the cache cold, which counts against verification).
      // Load from other work then lands on both sides alike.
      timings = { plainMs: [], verifiedMs: [first.ms], verifyPhases: [phasesOf(first)] };
      const plain = async () => {
        const r = await cliCompare(copy.dir, ['--no-verify']);
        if (![0, 1].includes(r.exitCode)) throw failed(r, 'compare --no-verify');
        timings!.plainMs.push(r.ms);
      };
      const verified = async () => {
        const r = await cliCompare(copy.dir, budget);
        if (!REPORTED_EXITS.has(r.exitCode)) throw failed(r, 'compare');
        timings!.verifiedMs.push(r.ms);
        timings!.verifyPhases.push(phasesOf(r));
      };
      for (let i = 0; i < opts.timedPairs; i++) {
        if (i % 2 === 0) {
          if (i > 0) await verified();
          await plain();
        } else {
          await plain();
          await verified();
        }
        opts.log(
          `${name}: timed pair ${i + 1}/${opts.timedPairs}: plain ${(timings.plainMs[i]! / 1000).toFixed(1)} s, verified ${(timings.verifiedMs[i]! / 1000).toFixed(1)} s`,
        );
      }
    }
    return {
      name,
      basis: opts.setup ? 'working copy' : 'checkout',
      report,
      exitCode: first.exitCode,
      reference,
      referenceChecks,
      timings,
      ...(floor ? { floor } : {}),
      ...(floorPath ? { floorPath } : {}),
    };
  } finally {
    await copy.dispose();
  }
}
