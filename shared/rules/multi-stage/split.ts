/**
 * The mechanics of splitting a single final stage into a builder stage and a runtime stage.
 * Strategies (python, node, go, java) decide WHAT moves; this file decides HOW the text is
 * rebuilt: instructions keep their exact source (and the comments above them travel with
 * them), new instructions are rendered in the file's style.
 */
import { writtenImage, type Instruction, type Stage } from '../../dockerfile/model';
import { commandWords } from '../../dockerfile/shell';
import { isApkAdd, isAptInstall, isAptUpdate, segmentsOf } from '../commands';
import { renderLine, withFlags, type Style } from '../../dockerfile/printer';
import type { RuleContext } from '../rule';

/** What one strategy decided. */
export interface SplitPlan {
  /** Instruction indexes (in the stage) that move to the builder. */
  build: Set<number>;
  /** Instruction indexes that also appear in the builder (copied, not moved): ENV, ARG, WORKDIR, COPY… */
  shared: Set<number>;
  /** Rendered lines to put in the builder right before the first moved instruction. */
  builderPrelude: string[];
  /** Rendered lines to put at the end of the builder. */
  builderEpilogue: string[];
  /** Replacement text for a moved instruction inside the builder (e.g. `pip install --user` → venv). */
  builderText?: Map<number, string>;
  /** Runtime base image; null keeps the original image (WH001 may slim it afterwards). */
  runtimeImage: string | null;
  /** Rendered lines placed in the runtime right after its FROM (e.g. the builder image's default WORKDIR). */
  runtimePrelude?: string[];
  /** Rendered lines placed in the runtime where `artifactsAt` points. */
  artifacts: string[];
  /** Index of the instruction before which the artifacts go (in the runtime), or -1 for "at the first moved one". */
  artifactsAt: number;
  /** Instructions of the original stage that the runtime drops besides the moved ones. */
  runtimeDrop: Set<number>;
  /** Replacement text of an instruction in the runtime (e.g. a runtime-libs apt RUN for a build one). */
  runtimeText?: Map<number, string | null>;
  explanation: string;
}

/** Keywords that never belong in a builder. */
const RUNTIME_ONLY = new Set([
  'CMD',
  'ENTRYPOINT',
  'HEALTHCHECK',
  'EXPOSE',
  'LABEL',
  'USER',
  'VOLUME',
  'STOPSIGNAL',
  'ONBUILD',
  'MAINTAINER',
]);

/**
 * Default "shared" set: everything before the last build step that configures or feeds it — a
 * SHELL included, since the builder's RUNs must run in the shell they were written for
 * (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`: pipefail, `[[ ]]`, `source`).
 */
export function defaultShared(stage: Stage, lastBuild: number, build: Set<number>): Set<number> {
  const shared = new Set<number>();
  stage.instructions.forEach((ins, i) => {
    if (i > lastBuild || build.has(i) || RUNTIME_ONLY.has(ins.keyword)) return;
    if (['ENV', 'ARG', 'WORKDIR', 'SHELL'].includes(ins.keyword)) shared.add(i);
    if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.some((f) => f.name === 'from'))
      shared.add(i);
  });
  return shared;
}

/** The runtime's FROM: the new image, the stage's name, and the flags that still apply (a `--platform` naming the build machine stays on the builder). */
function runtimeFrom(style: Style, stage: Stage, image: string): string {
  const flags = stage.from.flags.filter(
    (f) => !(f.name === 'platform' && /\$\{?BUILD(PLATFORM|OS|ARCH|VARIANT)\b/.test(f.value ?? '')),
  );
  const flagText = flags.map((f) => (f.value === null ? `--${f.name} ` : `--${f.name}=${f.value} `)).join('');
  return renderLine(
    style,
    'FROM',
    `${flagText}${image}${stage.name ? ` ${style.upper ? 'AS' : 'as'} ${stage.name}` : ''}`,
  );
}

/** Lines between the previous instruction (or the stage's FROM) and this one: its comments. */
function leadingTrivia(ctx: RuleContext, stage: Stage, idx: number): string[] {
  const prevEnd = idx === 0 ? stage.from.endLine : stage.instructions[idx - 1]!.endLine;
  return ctx.model.lines.slice(prevEnd + 1, stage.instructions[idx]!.startLine);
}

/** A COPY/ADD in the builder without `--chown` (its user does not exist there). */
const builderCopy = (style: Style, ins: Instruction): string =>
  ins.flags.some((f) => f.name === 'chown' || f.name === 'chmod')
    ? withFlags(
        style,
        ins,
        ins.flags.filter((f) => f.name !== 'chown' && f.name !== 'chmod'),
      )
    : ins.raw;

/** A builder stage name not used by the file yet. */
function builderName(ctx: RuleContext): string {
  const used = new Set(ctx.model.stages.map((s) => s.name?.toLowerCase()));
  for (const n of ['builder', 'build', 'whittle-builder']) if (!used.has(n)) return n;
  return `builder${ctx.model.stages.length}`;
}

const updatesIndex = (cmd: string): boolean => isAptUpdate(cmd) || /^apk\s+update\b/.test(cmd);
const installsFromIndex = (cmd: string): boolean =>
  isAptInstall(cmd) || (isApkAdd(cmd) && !/\s--(no-cache|update-cache)\b|\s-U\b/.test(cmd));

/**
 * The RUNs that stay out of the builder but fetch the package index (`apt-get update`,
 * `apk update`) that a moved install without its own update relies on: they go to the builder
 * too. Without them the moved `apt-get install` finds no lists and fails with exit 100 (seen when
 * WH020, which merges the update into the install, was turned off).
 */
function indexUpdatesFeedingBuild(stage: Stage, plan: SplitPlan): Set<number> {
  const out = new Set<number>();
  let pending: number[] = [];
  stage.instructions.forEach((ins, i) => {
    if (ins.keyword !== 'RUN') return;
    const cmds = segmentsOf(ins).map((s) => s.cmd);
    const inBuilder = plan.build.has(i) || plan.shared.has(i);
    if (cmds.some(updatesIndex)) {
      pending = inBuilder ? [] : [i];
      return;
    }
    if (inBuilder && plan.build.has(i) && cmds.some(installsFromIndex)) pending.forEach((p) => out.add(p));
  });
  return out;
}

/** Rebuilds the final stage's text as builder + runtime. Returns the replacement text and its line span. */
export function renderSplit(
  ctx: RuleContext,
  stage: Stage,
  plan: SplitPlan,
): { start: number; end: number; text: string } {
  const style = ctx.style;
  const eol = style.eol;
  const name = builderName(ctx);
  const list = stage.instructions;
  const firstBuild = Math.min(...plan.build);
  const builder: string[] = [];
  builder.push(
    renderLine(
      style,
      'FROM',
      // The image as written (`python:${PY}` stays a build arg, so builder and runtime keep one version).
      `${stage.from.flags.map((f) => (f.value === null ? `--${f.name} ` : `--${f.name}=${f.value} `)).join('')}${stage.from.args.split(/\s+/)[0]} ${style.upper ? 'AS' : 'as'} ${name}`,
    ),
  );
  const lastBuild = Math.max(...plan.build);
  const buildOnly = buildOnlyTools(ctx, stage, plan);
  const feeds = indexUpdatesFeedingBuild(stage, plan);
  list.forEach((ins, i) => {
    if (i === firstBuild) builder.push(...plan.builderPrelude);
    if (plan.build.has(i)) {
      builder.push(...leadingTrivia(ctx, stage, i), plan.builderText?.get(i) ?? ins.raw);
    } else if (plan.shared.has(i) || feeds.has(i) || (isFromCopy(ins) && i < lastBuild)) {
      // Its comment lines go with it (one above a RUN may be that RUN's moved trailing comment).
      builder.push(
        ...leadingTrivia(ctx, stage, i).filter((l) => /^\s*#/.test(l)),
        ins.keyword === 'COPY' || ins.keyword === 'ADD' ? builderCopy(style, ins) : ins.raw,
      );
    }
  });
  builder.push(...plan.builderEpilogue);

  const runtime: string[] = [];
  runtime.push(
    plan.runtimeImage
      ? runtimeFrom(style, stage, plan.runtimeImage)
      : ctx.model.lines.slice(stage.from.startLine, stage.from.endLine + 1).join(eol),
    ...(plan.runtimePrelude ?? []),
  );
  const artifactsAt = plan.artifactsAt < 0 ? firstBuild : plan.artifactsAt;
  let placed = false;
  list.forEach((ins, i) => {
    if (i === artifactsAt) {
      runtime.push(...plan.artifacts.map((a) => a.replace(/\{builder\}/g, name)));
      placed = true;
    }
    // A copy from another stage or image stays in the runtime unless only the build runs what it brings.
    const keepFrom = isFromCopy(ins) && !buildOnly.has(i);
    if (!keepFrom && (plan.build.has(i) || plan.runtimeDrop.has(i) || buildOnly.has(i))) {
      const repl = plan.runtimeText?.get(i);
      if (repl) runtime.push(...leadingTrivia(ctx, stage, i), repl);
      return;
    }
    runtime.push(...leadingTrivia(ctx, stage, i), plan.runtimeText?.get(i) ?? ins.raw);
  });
  if (!placed) runtime.push(...plan.artifacts.map((a) => a.replace(/\{builder\}/g, name)));

  const end = list.length ? list[list.length - 1]!.endLine : stage.from.endLine;
  return { start: stage.from.startLine, end, text: [...builder, '', ...runtime].join(eol) };
}

/**
 * Why the final stage cannot be split, or null when it can: it builds on another stage of the
 * file (`FROM base`), is `scratch`, or carries ONBUILD triggers. Copies from other stages or
 * images (`COPY --from=…`) do not stop a split: `renderSplit` gives them to the builder (when a
 * build step follows them) and keeps them in the runtime.
 */
export function notStandalone(ctx: RuleContext, stage: Stage): string | null {
  const names = new Set(ctx.model.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
  if (names.has(writtenImage(stage).toLowerCase()) || names.has(stage.image.repository.toLowerCase()))
    return `The final stage builds on stage ${writtenImage(stage)} of this file; Whittle splits only a stage that starts from an image. Move the build steps into a builder stage by hand.`;
  if (stage.image.repository === 'scratch') return 'The final stage starts from scratch.';
  if (stage.instructions.some((i) => i.keyword === 'ONBUILD'))
    return 'The final stage has ONBUILD triggers, which would fire in the builder and the runtime alike; split by hand.';
  return null;
}

/** A COPY/ADD with `--from` (a stage name, a stage index or an image). */
export const isFromCopy = (ins: Instruction): boolean =>
  (ins.keyword === 'COPY' || ins.keyword === 'ADD') && ins.flags.some((f) => f.name === 'from');

/** Folders of executables on the default PATH. */
const BIN_DIR = /^\/(usr\/(local\/)?)?s?bin(\/|$)/;

/**
 * Copies from elsewhere (before the last build step) that bring only executables (into a bin
 * folder on PATH) which the moved build steps run and nothing left in the runtime names (RUN,
 * CMD, ENTRYPOINT, HEALTHCHECK, ENV, package.json scripts): the runtime does not need them.
 * Anything less certain is kept in both stages.
 */
function buildOnlyTools(ctx: RuleContext, stage: Stage, plan: SplitPlan): Set<number> {
  const out = new Set<number>();
  const list = stage.instructions;
  const lastBuild = Math.max(...plan.build);
  const kept = list.filter((ins, i) => !plan.build.has(i) && !isFromCopy(ins) && !plan.runtimeDrop.has(i));
  const runtimeText = [
    ...kept.map((i) => i.args),
    ...[...(plan.runtimeText?.values() ?? [])].filter((t): t is string => !!t),
    ...Object.values(ctx.project.packageJson?.scripts ?? {}),
  ].join('\n');
  const buildWords = new Set(
    [...plan.build].flatMap((i) =>
      segmentsOf(list[i]!).flatMap((s) => s.cmd.split('|').map((p) => commandWords(p.trim())[0] ?? '')),
    ),
  );
  list.forEach((ins, i) => {
    if (!isFromCopy(ins) || i > lastBuild) return;
    const words = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
    const dest = words[words.length - 1] ?? '';
    const sources = words.slice(0, -1);
    if (!dest.startsWith('/') || !BIN_DIR.test(dest) || !sources.length) return;
    const intoDir = dest.endsWith('/') || sources.length > 1 || /^\/(usr\/(local\/)?)?s?bin\/?$/.test(dest);
    const names = intoDir
      ? sources.map((s) => s.replace(/\/+$/, '').split('/').pop()!)
      : [dest.split('/').pop()!];
    if (names.some((n) => !n || /[*?[$]/.test(n))) return;
    const used = (n: string) => buildWords.has(n) || [...buildWords].some((w) => w.endsWith(`/${n}`));
    const named = (n: string) =>
      new RegExp(`(^|[^\\w.-])${n.replace(/[.+]/g, '\\$&')}($|[^\\w.-])`).test(runtimeText);
    if (names.every((n) => used(n) && !named(n))) out.add(i);
  });
  return out;
}
