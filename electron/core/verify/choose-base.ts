/**
 * The base image chosen by measurement (issue 14 §3). After the hold-back loop has a verified
 * rewrite, each base that fits its final stage (`shared/optimizer/base-candidates.ts`) is built
 * with only the final FROM swapped (BuildKit's cache shares the builder stages) and checked against
 * the original with the same checks, in the same order, stopping at the first one that fails. The
 * smallest candidate that passes them all is offered; the static choice is the fallback and is
 * never rebuilt. Candidates whose base is not on the daemon are skipped (Whittle does not pull),
 * and so are those the time budget leaves no room for.
 */
import type Dockerode from 'dockerode';
import type { BaseImageFacts, ProjectContext } from '../../../shared/api/contract';
import type { WhittleConfig } from '../../../shared/config/config';
import type { BaseCandidate, CheckId, CheckPair, VerifyProgressEvent } from '../../../shared/api/verify';
import { glibcLinkedFiles } from '../../../shared/elf/links-glibc';
import type { ElfInfo } from '../../../shared/elf/elf-reader';
import {
  applyBaseCandidate,
  deriveBaseCandidates,
  type BaseCandidateSpec,
} from '../../../shared/optimizer/base-candidates';
import { elfReader } from '../checks/runtime-libraries';
import { readImageFiles } from '../layers/image-files';
import { buildFailurePair } from './hold-back';
import { readOsRelease } from './os-release';

export interface ChooseBaseInput {
  docker: Dockerode;
  /** The verified Dockerfile (its final FROM is the static choice) and its image. */
  text: string;
  image: string;
  /** The checks as they ran on `image` (the loop's last run). */
  checks: CheckPair[];
  context: ProjectContext;
  /** The project's settings, the run's turned-off rules and the builder (for what WH050 writes on a distroless candidate). */
  config?: WhittleConfig;
  disabled?: string[];
  buildkit?: boolean;
  /** Check ids in the order they run (cheap first); each candidate stops at its first failure. */
  checkOrder: readonly CheckId[];
  /** Builds a Dockerfile text; resolves to the image id, or throws (a failed build fails the candidate). */
  build(text: string): Promise<string>;
  /** Runs the checks `only` on an image against the original. */
  check(image: string, only: CheckId[]): Promise<CheckPair[]>;
  emit(e: Omit<VerifyProgressEvent, 'verifyId'>): void;
  /** ms clock and the time by which the choice must be made (ms on that clock). */
  now(): number;
  deadline: number;
  signal?: AbortSignal;
}

export interface ChooseBaseOutput {
  candidates: BaseCandidate[];
  /** The offered candidate when it is not the static one (its text, image and checks). */
  chosen: { text: string; image: string; checks: CheckPair[] } | null;
}

/** A build needs about this long at least; no candidate starts with less time left (ms). */
const MIN_LEFT_MS = 20_000;

/** True when the daemon has the image locally. */
async function present(docker: Dockerode, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * Files the image adds on top of `baseRef` (its layers past the base's) that link glibc, read with
 * the ELF reader from one streamed export of the image.
 */
export async function appGlibcFiles(
  docker: Dockerode,
  image: string,
  baseRef: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const baseLayers = (await docker.getImage(baseRef).inspect()).RootFS?.Layers?.length ?? 0;
  const { fs, files } = await readImageFiles(
    docker,
    image,
    (_path, size) => (size >= 64 ? elfReader(size) : null),
    signal,
  );
  const added = new Map<string, ElfInfo>();
  for (const [path, v] of files)
    if (v.kind === 'elf' && (fs.lookup(path)?.layer ?? 0) >= baseLayers) added.set(path, v.info);
  return glibcLinkedFiles(added);
}

const sizeOf = async (docker: Dockerode, image: string): Promise<number> =>
  (await docker.getImage(image).inspect()).Size;

/** Builds and checks every candidate base; picks the smallest that passes. */
export async function chooseBase(input: ChooseBaseInput): Promise<ChooseBaseOutput> {
  const { docker } = input;
  let context = input.context;
  const settings = {
    ...(input.config ? { config: input.config } : {}),
    ...(input.disabled ? { disabled: input.disabled } : {}),
    ...(input.buildkit !== undefined ? { buildkit: input.buildkit } : {}),
  };
  let derived = deriveBaseCandidates({ text: input.text, context, ...settings });
  // A builder's Debian release (from the daemon) decides whether its glibc binary may go on distroless debian12.
  if (derived.factsWanted.length) {
    const facts: Record<string, BaseImageFacts> = {};
    for (const ref of derived.factsWanted) {
      const f = await readOsRelease(docker, ref);
      if (f) facts[ref] = f;
    }
    if (Object.keys(facts).length) {
      context = { ...context, baseImages: { ...(context.baseImages ?? {}), ...facts } };
      derived = deriveBaseCandidates({ text: input.text, context, ...settings });
    }
  }
  const staticSpec = derived.candidates.find((c) => c.isStatic);
  if (!staticSpec) return { candidates: [], chosen: null };
  const notes: Record<string, string> = {};
  // Alpine is tried only when the ELF reader finds nothing the app adds that links glibc.
  if (derived.alpineVariant) {
    const alpine = derived.alpineVariant;
    if (!(await present(docker, alpine))) notes[alpine] = 'not on the daemon';
    else
      try {
        const linked = await appGlibcFiles(docker, input.image, staticSpec.image, input.signal);
        derived = deriveBaseCandidates({
          text: input.text,
          context,
          appLinksGlibc: linked.length > 0,
          ...settings,
        });
        if (linked.length) notes[alpine] = `links glibc: ${linked.slice(0, 3).join(', ')}`;
      } catch (e) {
        notes[alpine] = `the ELF reader could not read the image: ${(e as Error).message}`;
      }
  }
  const staticChecks = input.checks;
  const passedOf = (pairs: CheckPair[]): CheckId[] =>
    pairs.filter((p) => !p.regression && p.optimized.status === 'pass').map((p) => p.id);
  const out: BaseCandidate[] = [
    {
      image: staticSpec.image,
      kind: 'static',
      reason: staticSpec.reason,
      status: 'pass',
      sizeBytes: await sizeOf(docker, input.image),
      buildMs: null,
      passed: passedOf(staticChecks),
      failed: [],
      note: 'verified by the hold-back loop',
      isStatic: true,
      chosen: false,
    },
  ];
  const texts = new Map<BaseCandidate, { text: string; image: string; checks: CheckPair[] }>();
  const others = derived.candidates.filter((c) => !c.isStatic);
  for (const [i, spec] of others.entries()) {
    const row = await tryCandidate(input, spec, i, others.length, passedOf, (r) => texts.set(r.row, r.built));
    out.push(row);
  }
  for (const e of derived.excluded)
    if (notes[e.image] && !out.some((c) => c.image === e.image))
      out.push({
        image: e.image,
        kind: 'alpine',
        reason: e.reason,
        status: 'skip',
        sizeBytes: null,
        buildMs: null,
        passed: [],
        failed: [],
        note: notes[e.image]!,
        isStatic: false,
        chosen: false,
      });
  // Smallest passing; the static one wins a tie (it needs no change).
  const passing = out.filter((c) => c.status === 'pass' && c.sizeBytes !== null);
  const best = passing.reduce((a, b) => (b.sizeBytes! < a.sizeBytes! ? b : a), out[0]!);
  best.chosen = true;
  input.emit({
    phase: 'base',
    text: `Base chosen: ${best.image} (${passing.length} of ${out.length} candidate(s) pass)`,
  });
  return { candidates: out, chosen: best.isStatic ? null : (texts.get(best) ?? null) };
}

async function tryCandidate(
  input: ChooseBaseInput,
  spec: BaseCandidateSpec,
  i: number,
  n: number,
  passedOf: (p: CheckPair[]) => CheckId[],
  keep: (r: { row: BaseCandidate; built: { text: string; image: string; checks: CheckPair[] } }) => void,
): Promise<BaseCandidate> {
  const row: BaseCandidate = {
    image: spec.image,
    kind: spec.kind,
    reason: spec.reason,
    status: 'skip',
    sizeBytes: null,
    buildMs: null,
    passed: [],
    failed: [],
    isStatic: false,
    chosen: false,
  };
  const text = spec.text ?? applyBaseCandidate(input.text, spec.image);
  if (!text) return { ...row, note: 'the final FROM could not be rewritten' };
  if (input.signal?.aborted) return { ...row, note: 'cancelled' };
  if (input.deadline - input.now() < MIN_LEFT_MS)
    return { ...row, note: 'not tried: the verification time budget is spent' };
  if (!(await present(input.docker, spec.image)))
    return {
      ...row,
      note: `not on the daemon (Whittle does not pull candidates; pull ${spec.image} to have it tried)`,
    };
  input.emit({ phase: 'base', text: `Trying base ${spec.image} (${i + 1}/${n})` });
  // A stage Whittle moved to distroless's nonroot (it ran as root by default) keeps that user only
  // when every check passes on it, writes-as-user included (a skip is not a pass); else it is
  // tried again as root, as the original ran.
  const first = await buildAndCheck(input, spec, text, passedOf, !!spec.fallbackText);
  let r = first;
  let note: string | undefined;
  if (spec.fallbackText && first.status !== 'pass') {
    const why = first.failed[0]
      ? `${first.failed[0].checkId}: ${first.failed[0].summary}`
      : 'writes-as-user did not pass';
    input.emit({ phase: 'base', text: `${spec.image} as nonroot: ${why}; trying it as root` });
    r = await buildAndCheck(input, spec, spec.fallbackText, passedOf, false);
    r.buildMs = (r.buildMs ?? 0) + (first.buildMs ?? 0);
    note =
      r.status === 'pass'
        ? `runs as root, as the original: as distroless's nonroot it failed ${why}`
        : `tried as distroless's nonroot first (it failed ${why}), then as root, as the original ran`;
  } else if (spec.fallbackText)
    note = "runs as distroless's nonroot (uid 65532): every check passes, writes-as-user included";
  const { built, ...fields } = r;
  const done: BaseCandidate = { ...row, ...fields, ...(note ? { note } : {}) };
  if (built && done.status === 'pass') keep({ row: done, built });
  return done;
}

/** Builds one candidate text and runs the checks in order, stopping at the first that fails. */
async function buildAndCheck(
  input: ChooseBaseInput,
  spec: BaseCandidateSpec,
  text: string,
  passedOf: (p: CheckPair[]) => CheckId[],
  strictWrites: boolean,
): Promise<
  Pick<BaseCandidate, 'status' | 'buildMs' | 'sizeBytes' | 'passed' | 'failed'> & {
    built: { text: string; image: string; checks: CheckPair[] } | null;
  }
> {
  const t0 = input.now();
  let image: string;
  try {
    image = await input.build(text);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'CANCELLED' || code === 'DOCKER_UNREACHABLE') throw e;
    const p = buildFailurePair(e);
    return {
      status: 'fail',
      buildMs: input.now() - t0,
      sizeBytes: null,
      passed: [],
      failed: [{ checkId: p.id, summary: p.optimized.summary, evidence: p.optimized.evidence }],
      built: null,
    };
  }
  const buildMs = input.now() - t0;
  const sizeBytes = await sizeOf(input.docker, image);
  const pairs: CheckPair[] = [];
  for (const id of input.checkOrder) {
    const [p] = await input.check(image, [id]);
    if (!p) continue;
    pairs.push(p);
    const unproven = strictWrites && p.id === 'writes-as-user' && p.optimized.status !== 'pass';
    if (p.regression || unproven) {
      input.emit({
        phase: 'base',
        text: `${spec.image} fails ${p.title}: ${p.optimized.summary}`,
        checkId: id,
      });
      return {
        status: 'fail',
        buildMs,
        sizeBytes,
        passed: passedOf(pairs),
        failed: [{ checkId: p.id, summary: p.optimized.summary, evidence: p.optimized.evidence }],
        built: null,
      };
    }
  }
  if (strictWrites && !pairs.some((p) => p.id === 'writes-as-user'))
    return {
      status: 'fail',
      buildMs,
      sizeBytes,
      passed: passedOf(pairs),
      failed: [{ checkId: 'writes-as-user', summary: 'The writes-as-user check did not run.', evidence: [] }],
      built: null,
    };
  return {
    status: 'pass',
    buildMs,
    sizeBytes,
    passed: passedOf(pairs),
    failed: [],
    built: { text, image, checks: pairs },
  };
}
