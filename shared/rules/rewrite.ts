/** Shared mechanics for fixes that rewrite RUN commands segment by segment. */
import type { Instruction } from '../dockerfile/model';
import { renderRun, type Edit } from '../dockerfile/printer';
import type { ShellSegment } from '../dockerfile/shell';
import { isPlainRun, segmentsOf } from './commands';
import type { FixResult, RuleContext } from './rule';

/** Plain RUNs of every stage that the rule is not suppressed on. */
export const plainRuns = (ctx: RuleContext): Instruction[] =>
  ctx.model.instructions.filter((i) => isPlainRun(i) && !ctx.suppressed(i));

/**
 * Applies `transform` to each plain RUN's segments; a transform returns new segments or null
 * (unchanged). Returns one edit per changed RUN, rendered in the file's style.
 */
export function rewriteRuns(
  ctx: RuleContext,
  transform: (segments: ShellSegment[], ins: Instruction) => ShellSegment[] | null,
  explanation: string,
): FixResult | null {
  const edits: Edit[] = [];
  for (const ins of plainRuns(ctx)) {
    const next = transform(segmentsOf(ins), ins);
    if (next) edits.push({ start: ins.startLine, end: ins.endLine, text: renderRun(ctx.style, next) });
  }
  return edits.length ? { edits, explanation } : null;
}

/** Replaces segment `i`'s command text. */
export const replaceAt = (segs: ShellSegment[], i: number, cmd: string): ShellSegment[] =>
  segs.map((s, j) => (j === i ? { ...s, cmd } : s));

/** Appends a command joined with `&&`. */
export const append = (segs: ShellSegment[], cmd: string): ShellSegment[] => [
  ...segs.slice(0, -1),
  { ...segs[segs.length - 1]!, sep: '&&' },
  { cmd, sep: '' },
];

/** Inserts `flag` right after the subcommand word (`apt-get install` → `apt-get install --no-install-recommends`). */
export const addFlagAfter = (cmd: string, word: RegExp, flag: string): string =>
  cmd.replace(word, (m) => `${m} ${flag}`);
