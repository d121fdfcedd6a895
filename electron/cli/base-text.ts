/** Terminal text for the bases tried for the final stage (issue 14 §3): compare and optimize --verify. */
import type { BaseCandidate } from '../../shared/api/verify';
import { formatBytes } from '../../shared/report/bytes';

/**
 * One line per candidate (size, build time, verdict, the failed check with its evidence), the
 * chosen one marked `*`, e.g. `* gcr.io/distroless/base-debian12   26.9 MB   3.1 s  pass (4 checks)`.
 */
export function baseCandidatesText(rows: readonly BaseCandidate[]): string[] {
  if (!rows.length) return [];
  const width = Math.max(...rows.map((r) => r.image.length));
  const out = [
    'Base of the final stage (each candidate built and checked; the smallest that passes is offered):',
  ];
  for (const r of rows) {
    const size = r.sizeBytes === null ? '—' : formatBytes(r.sizeBytes);
    const time = r.buildMs === null ? '—' : `${(r.buildMs / 1000).toFixed(1)} s`;
    const verdict =
      r.status === 'pass'
        ? `pass (${r.passed.length} check${r.passed.length === 1 ? '' : 's'})`
        : r.status === 'fail'
          ? `FAIL ${r.failed.map((f) => f.checkId).join(', ')}`
          : `skip`;
    const tags = [r.isStatic ? 'static choice' : '', r.note ?? ''].filter(Boolean).join('; ');
    out.push(
      `  ${r.chosen ? '*' : ' '} ${r.image.padEnd(width)}  ${size.padStart(9)}  ${time.padStart(7)}  ${verdict}${tags ? `  (${tags})` : ''}`,
    );
    for (const f of r.failed) {
      out.push(`      ${f.summary}`);
      for (const e of f.evidence.slice(0, 4)) out.push(`      | ${e}`);
    }
  }
  return out;
}
