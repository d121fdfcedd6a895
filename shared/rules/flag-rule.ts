/** Factory for rules of one shape: "this command should carry that flag" (pip, apk, gem, apt…). */
import { hasCacheMount, segmentsOf } from './commands';
import { addFlagAfter, replaceAt } from './rewrite';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';
import type { RuleMeta } from './types';
import { withLaterRemoval, type CacheKind } from './later-removal';

export interface FlagRuleSpec {
  meta: RuleMeta;
  /** The command the flag belongs to. */
  matches: (cmd: string) => boolean;
  /** True when the command already avoids the problem (flag present, or an equivalent). */
  satisfied: (cmd: string, ctx: RuleContext) => boolean;
  /** Word the flag goes after, e.g. /\binstall\b/. */
  after: RegExp;
  flag: string;
  message: string;
  explanation: string;
  estimatedBytes?: number;
  /** A BuildKit cache mount at such a target makes the flag unnecessary (nothing reaches the layer). */
  cacheMount?: RegExp;
  /** The cache this flag keeps out of the layer, to say when a later RUN only hides it. */
  cache?: CacheKind;
  /** What else keeps the command working once it carries the flag. */
  complete?: (cmd: string) => string;
  /** Why adding the flag to this command could break it (the finding then holds back), or null. */
  risk?: (cmd: string) => string | null;
}

export function flagRule(spec: FlagRuleSpec): Rule {
  const offends = (cmd: string, ctx: RuleContext) => spec.matches(cmd) && !spec.satisfied(cmd, ctx);
  return {
    meta: spec.meta,
    check(ctx) {
      return ctx.model.instructions
        .filter((i) => !(spec.cacheMount && hasCacheMount(i, spec.cacheMount)))
        .filter((i) => segmentsOf(i).some((s) => offends(s.cmd, ctx)))
        .map((i) => {
          const risk = segmentsOf(i)
            .filter((s) => offends(s.cmd, ctx))
            .map((s) => spec.risk?.(s.cmd))
            .find(Boolean);
          return at(i, spec.cache ? withLaterRemoval(spec.message, ctx.model, i, spec.cache) : spec.message, {
            ...(spec.estimatedBytes ? { estimatedBytes: spec.estimatedBytes } : {}),
            ...(risk ? { risk } : {}),
          });
        });
    },
    runFix: {
      transform: (segs, _ins, ctx) => {
        // One risky command holds back the whole instruction, as its finding does: a RUN half
        // fixed would be reported as fixed while the risky command keeps what the rule is about.
        if (segs.some((s) => offends(s.cmd, ctx) && spec.risk?.(s.cmd))) return null;
        let out = segs;
        segs.forEach((s, i) => {
          if (!offends(s.cmd, ctx)) return;
          const flagged = addFlagAfter(s.cmd, spec.after, spec.flag);
          out = replaceAt(out, i, spec.complete ? spec.complete(flagged) : flagged);
        });
        return out === segs ? null : out;
      },
      explanation: spec.explanation,
    },
  };
}
