/**
 * The optimizer: analyse a Dockerfile with every rule, apply the safe fixes in order (each on
 * a fresh parse of the previous result, re-parsing only the edited lines), repeat until nothing
 * changes, and report what it did and what it held back (with the risk named).
 */
import type { ProjectContext } from '../api/contract';
import { DEFAULT_CONFIG, type WhittleConfig } from '../config/config';
import { finalStage, type DockerfileModel } from '../dockerfile/model';
import { parseDockerfile } from '../dockerfile/parse';
import { reparseEdited } from '../dockerfile/reparse';
import { clearCommandCache } from '../dockerfile/shell';
import { applyEdits, sourceLines } from '../dockerfile/printer';
import { isLean } from '../catalog/base-images';
import { ALL_RULES } from '../rules';
import { rewriteBlocker } from '../rules/commands';
import { LATER_REMOVAL_NOTE } from '../rules/later-removal';
import { leftOutBySplit } from '../rules/multi-stage/index';
import type { Rule } from '../rules/rule';
import { lineShipped } from '../rules/shipped-stages';
import type { AppliedFix, Finding } from '../rules/types';
import { makeContext } from './context';
import { OWN_LAYER_FIXES } from './layer-claims';
import { runBatch } from './run-batch';
import { renderDockerignore } from './dockerignore';
import { shareSavings } from './savings';
import type { OptimizeOptions, OptimizeResult } from './types';

export type { OptimizeOptions, OptimizeResult } from './types';

/** A rule's own figure for its kind of waste: nothing was read to reach it. */
const TYPICAL = { source: 'typical', note: "the rule's typical figure for this kind of waste" } as const;

/** Rounds of fixing; in practice the second round finds nothing (idempotence is tested). */
const MAX_ROUNDS = 4;

const active = (config: WhittleConfig): Rule[] =>
  ALL_RULES.filter((r) => !config.disabled.includes(r.meta.id));

/** Findings of every rule on a parsed model, suppressions and config applied. Lines are 1-based. */
export function findingsOf(
  model: DockerfileModel,
  project: ProjectContext,
  options: { buildkit?: boolean; config?: WhittleConfig; only?: Set<string> } = {},
): Finding[] {
  const config = options.config ?? DEFAULT_CONFIG;
  const out: Finding[] = [];
  const byLine = new Map(model.instructions.map((i) => [i.startLine, i]));
  for (const rule of active(config)) {
    if (options.only && !options.only.has(rule.meta.id)) continue;
    const ctx = makeContext(model, project, rule, options.buildkit ?? false, config);
    for (const raw of rule.check(ctx)) {
      if (rule.meta.shippedOnly && !lineShipped(model, raw.startLine)) continue;
      const ins = byLine.get(raw.startLine);
      if (ins && ctx.suppressed(ins)) continue;
      // A RUN rewrite that cannot touch this RUN (heredoc, comment lines, mounts…) says why.
      const blocked = rule.runFix && !raw.risk && ins ? rewriteBlocker(ins) : null;
      out.push({
        ruleId: rule.meta.id,
        severity: config.severity[rule.meta.id] ?? raw.severity ?? rule.meta.severity,
        message: raw.message,
        line: raw.startLine + 1,
        endLine: raw.endLine + 1,
        ...(raw.column !== undefined ? { column: raw.column } : {}),
        fixed: false,
        ...(raw.estimatedBytes !== undefined
          ? { estimatedBytes: raw.estimatedBytes, estimate: raw.estimate ?? { ...TYPICAL } }
          : {}),
        ...(raw.risk || blocked ? { risk: raw.risk ?? blocked! } : {}),
      });
    }
  }
  // Shared bytes are claimed once, and the total stays within the image (optimizer/savings.ts).
  return shareSavings(model, out, project.baseImages).sort(
    (a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId),
  );
}

/**
 * The original findings re-analysis no longer finds. A rule's findings that were held back (with
 * a risk) are left alone by the fixes, so their instructions read the same afterwards: each
 * finding left over is matched to a held-back one by its instruction's text. When every one left
 * over has such a match, the rule's other findings are gone; otherwise none of the rule's
 * findings counts as gone (what is left cannot be told apart).
 */
function goneFindings(
  before: DockerfileModel,
  findings: Finding[],
  after: DockerfileModel,
  left: Finding[],
): Set<Finding> {
  const textOf = (m: DockerfileModel, f: Finding) =>
    `${f.message.replace(LATER_REMOVAL_NOTE, '')}\n${sourceLines(m, f.line - 1, f.endLine - 1)}`;
  const gone = new Set<Finding>();
  for (const id of new Set(findings.map((f) => f.ruleId))) {
    const mine = findings.filter((f) => f.ruleId === id);
    const rest = left.filter((f) => f.ruleId === id);
    const held = mine.filter((f) => f.risk);
    const unmatched = [...held];
    const allMatched = rest.every((r) => {
      const k = unmatched.findIndex((h) => textOf(before, h) === textOf(after, r));
      if (k < 0) return false;
      unmatched.splice(k, 1);
      return true;
    });
    if (!allMatched) continue;
    for (const f of mine) if (!f.risk || unmatched.includes(f)) gone.add(f);
  }
  return gone;
}

/**
 * A layer-only finding (a cache, lists, recommends, bytecode…) on an instruction that the applied
 * multi-stage split leaves in the builder saves nothing of its own: that layer does not ship
 * either way, and what the split saves is WH010's. Its estimate goes (counted once), and says why.
 */
function subsumedBySplit(
  original: DockerfileModel,
  project: ProjectContext,
  buildkit: boolean,
  config: WhittleConfig,
  findings: Finding[],
): void {
  const split = ALL_RULES.find((r) => r.meta.id === 'WH010');
  if (!split) return;
  const left = leftOutBySplit(makeContext(original, project, split, buildkit, config));
  for (const f of findings) {
    if (f.estimatedBytes === undefined || !OWN_LAYER_FIXES.has(f.ruleId) || !left.has(f.line - 1)) continue;
    delete f.estimatedBytes;
    f.estimate = {
      source: f.estimate?.source ?? 'typical',
      note: 'no saving of its own: the multi-stage split (WH010) leaves this instruction in the builder stage, whose layers do not ship',
    };
  }
}

/** Analyses a Dockerfile without changing it. Throws DockerfileParseError on bad input. */
export function analyze(
  text: string,
  project: ProjectContext,
  options: { buildkit?: boolean; config?: WhittleConfig } = {},
): Finding[] {
  clearCommandCache();
  return findingsOf(parseDockerfile(text), project, options);
}

/**
 * Optimizes a Dockerfile. Throws `DockerfileParseError` (a WhittleFailure with code
 * DOCKERFILE_PARSE and details `{ line, column }`) when the text cannot be parsed.
 */
export function optimize(
  text: string,
  project: ProjectContext,
  options: OptimizeOptions = {},
): OptimizeResult {
  const config = options.config ?? DEFAULT_CONFIG;
  const buildkit = options.buildkit ?? false;
  const disabled = new Set((options.disabled ?? []).map((d) => d.toUpperCase()));
  clearCommandCache();
  const original = parseDockerfile(text);
  const findings = findingsOf(original, project, { buildkit, config });

  let current = original;
  const fixes: AppliedFix[] = [];
  const applied = new Set<string>();
  const ignoreEntries: string[] = [];
  const viaIgnore = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    const rules = active(config).filter((r) => !disabled.has(r.meta.id));
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rule.runFix) {
        // Consecutive RUN rewrites run as one batch over the current text.
        const batch = [];
        for (; i < rules.length && rules[i]!.runFix; i++) {
          batch.push({ rule: rules[i]!, ctx: makeContext(current, project, rules[i]!, buildkit, config) });
        }
        i--;
        const res = runBatch(current, batch);
        if (!res.edits.length) continue;
        fixes.push(...res.fixes);
        for (const f of res.fixes) applied.add(f.ruleId);
        current = reparseEdited(current, res.edits);
        changed = true;
        continue;
      }
      if (!rule.fix) continue;
      const res = rule.fix(makeContext(current, project, rule, buildkit, config));
      if (!res) continue;
      // Layer-only savings are not worth changing a builder stage for (it is never shipped).
      if (rule.meta.shippedOnly) res.edits = res.edits.filter((e) => lineShipped(current, e.start));
      if (res.dockerignore?.length) {
        viaIgnore.add(rule.meta.id);
        ignoreEntries.push(...res.dockerignore.filter((e) => !ignoreEntries.includes(e)));
        if (!applied.has(rule.meta.id)) {
          fixes.push({
            ruleId: rule.meta.id,
            title: rule.meta.title,
            explanation: res.explanation,
            before: null,
            after: res.dockerignore.join('\n'),
          });
        }
        applied.add(rule.meta.id);
      }
      if (!res.edits.length) continue;
      const next = applyEdits(current, res.edits);
      if (next === current.text) continue;
      for (const e of res.edits) {
        fixes.push({
          ruleId: rule.meta.id,
          title: rule.meta.title,
          explanation: res.explanation,
          before:
            e.end >= e.start
              ? { startLine: e.start + 1, endLine: e.end + 1, text: sourceLines(current, e.start, e.end) }
              : null,
          after: e.text ?? '',
        });
      }
      applied.add(rule.meta.id);
      current = reparseEdited(current, res.edits, next);
      changed = true;
    }
    if (!changed) break;
  }

  // A split whose runtime stays on the full base (no slim variant Whittle can name, or WH001
  // held back) ships the toolchain all the same, plus the builder's copy on top: it saves nothing
  // and can make the image larger, so it is not applied and the finding says why. (When the user
  // turned WH001 off, the split is what they asked for.)
  const runtime = finalStage(current).image;
  if (applied.has('WH010') && !isLean(runtime) && !disabled.has('WH001') && !disabled.has('WH010')) {
    const again = optimize(text, project, { ...options, disabled: [...disabled, 'WH010'] });
    // Why the runtime could not go slim (a tool it runs that only the full image has…), when WH001 says.
    const why = findingsOf(current, project, { buildkit, config, only: new Set(['WH001']) }).find(
      (f) => f.risk,
    )?.risk;
    for (const f of again.findings.filter((x) => x.ruleId === 'WH010')) {
      f.fixed = false;
      f.risk = `The runtime stage would stay on ${runtime.raw}, a full image that carries the toolchain itself, so a builder stage alone saves nothing; ${why ? `it cannot move to the slim image: ${why}` : 'give the runtime a slim base (one Whittle can name, not a build arg) and split then.'}`;
    }
    return again;
  }

  // Only rules that found something can have something left.
  const found = new Set(findings.map((f) => f.ruleId));
  const left = findingsOf(current, project, { buildkit, config, only: found });
  const gone = goneFindings(original, findings, current, left);
  const byId = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
  for (const f of findings) {
    const rule = byId.get(f.ruleId)!;
    // A layer-only finding the multi-stage split moved into a builder is gone from what ships.
    const by = [...(rule.fixedBy ?? []), ...(rule.meta.shippedOnly ? ['WH010'] : [])];
    const fixedByRule = applied.has(f.ruleId) || by.some((id) => applied.has(id));
    // Build-context findings are fixed by the proposed .dockerignore, not in the text.
    f.fixed = fixedByRule && (gone.has(f) || viaIgnore.has(f.ruleId));
    if (!f.fixed && !f.risk && disabled.has(f.ruleId)) f.risk = 'The fix is turned off.';
  }
  if (applied.has('WH010')) subsumedBySplit(original, project, buildkit, config, findings);
  return {
    text: current.text,
    fixes,
    findings,
    dockerignore: ignoreEntries.length ? renderDockerignore(project.dockerignore, ignoreEntries) : null,
  };
}
