import type { Edit } from '../dockerfile/printer';
import { renderRun } from '../dockerfile/printer';
import { hasTopLevelOr, leavesShellState } from '../dockerfile/shell';
import type { Instruction } from '../dockerfile/model';
import { isAptInstall, isBuildStep, isPlainRun, segmentsOf, withComments } from './commands';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';

/**
 * Dependency installs and the rest stay apart: a RUN that installs packages is worth its own
 * cache entry, so editing a later step does not reinstall everything.
 */
const kind = (ins: Instruction): 'deps' | 'other' =>
  segmentsOf(ins).some((s) => isBuildStep(s.cmd) || isAptInstall(s.cmd)) ? 'deps' : 'other';

/**
 * A RUN whose list has a top-level `||` stays on its own: joined with `&&`, `a && b || true` runs
 * as `(a && b) || true` and swallows a failure of the steps merged in front of it. A later RUN
 * with a top-level `;` is held back too: `a && b; c` would ignore a failing `a`.
 */
const joinable = (ins: Instruction): boolean => !hasTopLevelOr(ins.args);

const mergeable = (a: Instruction, b: Instruction): boolean =>
  isPlainRun(a) &&
  isPlainRun(b) &&
  joinable(a) &&
  joinable(b) &&
  !segmentsOf(b).some((s) => s.sep === ';') &&
  !leavesShellState(a.args) &&
  kind(a) === kind(b) &&
  !/(^|\s)exit(\s|$)/.test(a.args);

/** Runs of ≥ 2 adjacent mergeable RUNs (no other instruction and no comment between). */
function groups(ctx: RuleContext): Instruction[][] {
  const out: Instruction[][] = [];
  for (const stage of ctx.model.stages) {
    let cur: Instruction[] = [];
    for (const ins of stage.instructions) {
      const prev = cur[cur.length - 1];
      // A comment between two RUNs marks a step of its own: keep it a layer of its own.
      const commented =
        prev && ctx.model.lines.slice(prev.endLine + 1, ins.startLine).some((l) => /^\s*#/.test(l));
      if (prev && !commented && mergeable(prev, ins) && !ctx.suppressed(ins)) cur.push(ins);
      else {
        if (cur.length > 1) out.push(cur);
        cur = isPlainRun(ins) && !ctx.suppressed(ins) ? [ins] : [];
      }
    }
    if (cur.length > 1) out.push(cur);
  }
  return out;
}

/** hadolint DL3059. */
export const consecutiveRuns: Rule = {
  meta: {
    id: 'WH032',
    name: 'consecutive-runs',
    title: 'Consecutive RUN instructions',
    why: 'Each RUN makes a layer. Files a RUN creates and a later RUN deletes or changes are stored twice, and every layer adds metadata and pull round-trips. Adjacent steps of the same kind belong in one RUN joined with `&&` — Whittle keeps dependency installs apart from the rest so the build cache still works for you.',
    severity: 'info',
    category: 'layer-hygiene',
    hadolint: 'DL3059',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    return groups(ctx).map((g) => ({
      ...at(g[0]!, `${g.length} consecutive RUN instructions can be one layer`),
      endLine: g[g.length - 1]!.endLine,
    }));
  },
  fix(ctx) {
    const edits: Edit[] = [];
    for (const g of groups(ctx)) {
      const segs = g.flatMap((ins, i) => {
        const s = segmentsOf(ins);
        if (i < g.length - 1) s[s.length - 1] = { ...s[s.length - 1]!, sep: '&&' };
        return s;
      });
      // Each step's trailing comment moves above the merged RUN (left in place, it would swallow
      // the commands joined after it).
      edits.push({
        start: g[0]!.startLine,
        end: g[0]!.endLine,
        text: withComments(ctx.style, g, renderRun(ctx.style, segs)),
      });
      g.slice(1).forEach((ins, k) => {
        // Blank lines between merged steps go too; comments stay where they are.
        const prevEnd = g[k]!.endLine;
        const gapBlank = ctx.model.lines.slice(prevEnd + 1, ins.startLine).every((l) => l.trim() === '');
        edits.push({ start: gapBlank ? prevEnd + 1 : ins.startLine, end: ins.endLine, text: null });
      });
    }
    return edits.length
      ? { edits, explanation: 'Merged adjacent RUN steps of the same kind into one layer.' }
      : null;
  },
};
