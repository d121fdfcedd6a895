/**
 * Relative paths in a stage start at its base image's default WORKDIR (`/go` on golang,
 * `/home/gradle` on gradle, `/` on most others; the resolver in shared/catalog/base-image-facts
 * knows which). A split whose builder keeps that image but whose runtime moves to another must
 * find the artifacts where the builder really put them, and give the runtime the same WORKDIR back
 * when the Dockerfile relies on the default.
 */
import { baseImageFacts } from '../../catalog/base-image-facts/resolve';
import type { Stage } from '../../dockerfile/model';
import { parseImageRef } from '../../dockerfile/parse';
import { renderLine } from '../../dockerfile/printer';
import type { RuleContext } from '../rule';
import { resolvePath } from '../stage-facts';

/** Instructions whose relative paths resolve against the WORKDIR. */
const PATH_USERS = new Set(['COPY', 'ADD', 'RUN', 'CMD', 'ENTRYPOINT', 'VOLUME']);
const unquote = (s: string): string => s.trim().replace(/^["']|["']$/g, '');

export interface BaseWorkdir {
  /** The WORKDIR in effect before instruction `idx` of the stage (list.length: at the end). */
  at(idx: number): string;
  /** Lines the runtime stage on `runtimeImage` needs right after its FROM (a WORKDIR, or none). */
  prelude(runtimeImage: string): string[];
}

/** The stage's WORKDIRs from its image default, or the reason they cannot be known. */
export function baseWorkdir(ctx: RuleContext, stage: Stage): BaseWorkdir | { risk: string } {
  const list = stage.instructions;
  const facts = baseImageFacts(stage.image, ctx.project.baseImages);
  const first = list.findIndex((i) => i.keyword === 'WORKDIR');
  const reliesOnBase =
    first < 0 ||
    !unquote(list[first]!.args).startsWith('/') ||
    list.slice(0, first).some((i) => PATH_USERS.has(i.keyword));
  if (reliesOnBase && facts.workdir === null)
    return {
      risk: `Whittle does not know the default WORKDIR of ${stage.image.raw}, where the build's relative paths start; set an absolute WORKDIR first.`,
    };
  const base = facts.workdir ?? '/';
  const dirs = [base];
  for (const ins of list)
    dirs.push(ins.keyword === 'WORKDIR' ? resolvePath(dirs.at(-1)!, unquote(ins.args)) : dirs.at(-1)!);
  return {
    at: (idx) => dirs[Math.min(idx, dirs.length - 1)]!,
    prelude: (runtimeImage) => {
      const runtimeDefault =
        baseImageFacts(parseImageRef(runtimeImage), ctx.project.baseImages).workdir ?? '/';
      return reliesOnBase && base !== runtimeDefault ? [renderLine(ctx.style, 'WORKDIR', base)] : [];
    },
  };
}
