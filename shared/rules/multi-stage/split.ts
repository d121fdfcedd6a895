/**
 * The mechanics of splitting a single final stage into a builder stage and a runtime stage.
 * Strategies (python, node, go, java) decide WHAT moves; this file decides HOW the text is
 * rebuilt: instructions keep their exact source (and the comments above them travel with
 * them), new instructions are rendered in the file's style.
 */
import type { Instruction, Stage } from '../../dockerfile/model';
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
  'SHELL',
]);

/** Default "shared" set: everything before the last build step that configures or feeds it. */
export function defaultShared(stage: Stage, lastBuild: number, build: Set<number>): Set<number> {
  const shared = new Set<number>();
  stage.instructions.forEach((ins, i) => {
    if (i > lastBuild || build.has(i) || RUNTIME_ONLY.has(ins.keyword)) return;
    if (['ENV', 'ARG', 'WORKDIR'].includes(ins.keyword)) shared.add(i);
    if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.some((f) => f.name === 'from'))
      shared.add(i);
  });
  return shared;
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
  const fromLine = ctx.model.lines[stage.from.startLine]!;
  builder.push(
    renderLine(
      style,
      'FROM',
      // The image as written (`python:${PY}` stays a build arg, so builder and runtime keep one version).
      `${stage.from.flags.map((f) => (f.value === null ? `--${f.name} ` : `--${f.name}=${f.value} `)).join('')}${stage.from.args.split(/\s+/)[0]} ${style.upper ? 'AS' : 'as'} ${name}`,
    ),
  );
  list.forEach((ins, i) => {
    if (i === firstBuild) builder.push(...plan.builderPrelude);
    if (plan.build.has(i)) {
      builder.push(...leadingTrivia(ctx, stage, i), plan.builderText?.get(i) ?? ins.raw);
    } else if (plan.shared.has(i)) {
      // Its comment lines go with it (one above a RUN may be that RUN's moved trailing comment).
      builder.push(
        ...leadingTrivia(ctx, stage, i).filter((l) => /^\s*#/.test(l)),
        ins.keyword === 'COPY' || ins.keyword === 'ADD' ? builderCopy(style, ins) : ins.raw,
      );
    }
  });
  builder.push(...plan.builderEpilogue);

  const runtime: string[] = [];
  const runtimeFrom = plan.runtimeImage
    ? fromLine
        .replace(stage.image.raw, plan.runtimeImage)
        .replace(/\s+(AS|as)\s+\S+\s*$/, stage.name ? ` ${style.upper ? 'AS' : 'as'} ${stage.name}` : '')
    : ctx.model.lines.slice(stage.from.startLine, stage.from.endLine + 1).join(eol);
  runtime.push(runtimeFrom, ...(plan.runtimePrelude ?? []));
  const artifactsAt = plan.artifactsAt < 0 ? firstBuild : plan.artifactsAt;
  let placed = false;
  list.forEach((ins, i) => {
    if (i === artifactsAt) {
      runtime.push(...plan.artifacts.map((a) => a.replace(/\{builder\}/g, name)));
      placed = true;
    }
    if (plan.build.has(i) || plan.runtimeDrop.has(i)) {
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

/** The final stage can be split only when it stands alone (no FROM <stage>, no COPY --from). */
export function standalone(ctx: RuleContext, stage: Stage): boolean {
  const names = new Set(ctx.model.stages.map((s) => s.name).filter(Boolean));
  return (
    !names.has(stage.image.repository) &&
    !stage.instructions.some((i) => i.flags.some((f) => f.name === 'from') || i.keyword === 'ONBUILD') &&
    stage.image.repository !== 'scratch'
  );
}
