/**
 * Runs every RUN-rewriting fix (`Rule.runFix`) over each plain RUN in one pass: the rules
 * transform the RUN's shell segments in order, and the RUN is rendered once. One edit per RUN
 * and one re-parse per batch, instead of one per rule.
 */
import type { DockerfileModel } from '../dockerfile/model';
import { renderRun, sourceLines, type Edit } from '../dockerfile/printer';
import { isPlainRun, segmentsOf, withComments } from '../rules/commands';
import type { Rule, RuleContext } from '../rules/rule';
import type { AppliedFix } from '../rules/types';
import { lineShipped } from '../rules/shipped-stages';

export interface BatchResult {
  /** One edit per changed RUN (none when no rule changed anything). */
  edits: Edit[];
  fixes: AppliedFix[];
}

export function runBatch(model: DockerfileModel, rules: { rule: Rule; ctx: RuleContext }[]): BatchResult {
  const edits: Edit[] = [];
  const fixes: AppliedFix[] = [];
  const style = rules[0]?.ctx.style;
  if (!style) return { edits, fixes };
  for (const ins of model.instructions) {
    if (!isPlainRun(ins)) continue;
    let segs = segmentsOf(ins);
    let before = sourceLines(model, ins.startLine, ins.endLine);
    for (const { rule, ctx } of rules) {
      if (ctx.suppressed(ins)) continue;
      if (rule.meta.shippedOnly && !lineShipped(model, ins.startLine)) continue;
      const next = rule.runFix!.transform(segs, ins, ctx);
      if (!next) continue;
      const after = renderRun(style, next);
      fixes.push({
        ruleId: rule.meta.id,
        title: rule.meta.title,
        explanation: rule.runFix!.explanation,
        before: { startLine: ins.startLine + 1, endLine: ins.endLine + 1, text: before },
        after,
      });
      segs = next;
      before = after;
    }
    // A trailing comment goes on its own line above the rewritten RUN: appended commands after
    // it would never run.
    if (before !== sourceLines(model, ins.startLine, ins.endLine))
      edits.push({ start: ins.startLine, end: ins.endLine, text: withComments(style, [ins], before) });
  }
  return { edits, fixes };
}
