/** Builds the RuleContext a rule sees, including inline suppression comments. */
import type { ProjectContext } from '../api/contract';
import { DEFAULT_CONFIG, type WhittleConfig } from '../config/config';
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import { detectStyle, type Style } from '../dockerfile/printer';
import type { Rule, RuleContext } from '../rules/rule';

/** Ids named by `# whittle ignore=A,B` or `# hadolint ignore=DL1,DL2` on the line above `ins`. */
export function suppressionsAbove(model: DockerfileModel, ins: Instruction): string[] {
  const above = model.lines[ins.startLine - 1];
  if (!above) return [];
  const m = /^\s*#\s*(whittle|hadolint)\s+ignore\s*=\s*([\w\-, ]+)/i.exec(above);
  return m
    ? m[2]!
        .split(/[,\s]+/)
        .filter(Boolean)
        .map((s) => s.toUpperCase())
    : [];
}

/** Style is read once per parsed model, not once per rule. */
const styles = new WeakMap<DockerfileModel, Style>();
const styleOf = (m: DockerfileModel): Style => {
  let s = styles.get(m);
  if (!s) styles.set(m, (s = detectStyle(m)));
  return s;
};

export function makeContext(
  model: DockerfileModel,
  project: ProjectContext,
  rule: Rule,
  buildkit: boolean,
  config: WhittleConfig = DEFAULT_CONFIG,
): RuleContext {
  const keys = [rule.meta.id, rule.meta.name.toUpperCase(), rule.meta.hadolint].filter(
    (k): k is string => !!k,
  );
  return {
    model,
    project,
    style: styleOf(model),
    buildkit,
    config,
    suppressed: (ins) => suppressionsAbove(model, ins).some((s) => keys.includes(s)),
  };
}
