/** Test helpers for shared/ (tests only). */
import type { ProjectContext } from '../api/contract';
import { optimize } from '../optimizer/index';
import type { OptimizeOptions } from '../optimizer/types';

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
  const all = [
    'WH001',
    'WH010',
    'WH020',
    'WH021',
    'WH022',
    'WH023',
    'WH024',
    'WH025',
    'WH026',
    'WH027',
    'WH029',
    'WH030',
    'WH032',
    'WH033',
    'WH038',
    'WH040',
    'WH041',
    'WH042',
    'WH050',
  ];
  return optimize(text, project, { ...extra, disabled: all.filter((r) => r !== rule) }).text;
}
