/** The Markdown report's section on the bases tried for the final stage (issue 14 §3). */
import type { BaseCandidate } from '../../../../shared/api/verify';
import { formatBytes } from '../../../../shared/report/bytes';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** A table of the candidates (size, build time, checks), the chosen one in bold; [] when none were tried. */
export function baseCandidatesSection(rows: readonly BaseCandidate[]): string[] {
  if (!rows.length) return [];
  const out = [
    '### Base image chosen by measurement',
    '',
    'Each candidate base was built with only the final FROM swapped and checked against the original; the smallest that passes every check is offered.',
    '',
    '| Base | Size | Build | Checks | Note |',
    '|---|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const name = r.chosen ? `**${r.image}** (chosen)` : r.image;
    const checks =
      r.status === 'pass'
        ? `pass (${r.passed.length})`
        : r.status === 'fail'
          ? `fail: ${r.failed.map((f) => `${f.checkId} — ${f.summary}`).join('; ')}`
          : 'not run';
    const note = [r.isStatic ? 'static choice' : '', r.note ?? '', r.reason].filter(Boolean).join('; ');
    out.push(
      `| ${cell(name)} | ${r.sizeBytes === null ? '—' : formatBytes(r.sizeBytes)} | ${r.buildMs === null ? '—' : `${(r.buildMs / 1000).toFixed(1)} s`} | ${cell(checks)} | ${cell(note)} |`,
    );
  }
  const evidence = rows.flatMap((r) => r.failed.filter((f) => f.evidence.length).map((f) => ({ r, f })));
  for (const { r, f } of evidence)
    out.push(
      '',
      `- ${r.image} failed *${f.checkId}*:`,
      '',
      '  ```',
      ...f.evidence.slice(0, 6).map((e) => `  ${e}`),
      '  ```',
    );
  out.push('');
  return out;
}
