/** Test helpers for shared/ (tests only). */
import type { ProjectContext } from '../api/contract';
import { optimize } from '../optimizer/index';
import type { OptimizeOptions } from '../optimizer/types';
import { RULES } from '../rules/index';

/** Dockerfile text from lines. */
export const df = (...lines: string[]): string => lines.join('\n') + '\n';

export const ctx = (files: string[] = [], dockerignore: string | null = '.git\n'): ProjectContext => ({
  files,
  dockerignore,
});

/** Rule ids found in a Dockerfile. */
export const ruleIdsOf = (text: string, project = ctx(), options: OptimizeOptions = {}): string[] => [
  ...new Set(optimize(text, project, options).findings.map((f) => f.ruleId)),
];

/** Optimized text with only `rule` enabled among the fixers (isolates one rule's fix). */
export function onlyFix(rule: string, text: string, project = ctx(), extra: OptimizeOptions = {}): string {
  const fixers = RULES.filter((r) => r.fixable).map((r) => r.id);
  return optimize(text, project, { ...extra, disabled: fixers.filter((r) => r !== rule) }).text;
}
