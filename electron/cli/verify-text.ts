/** Terminal text for a verification (compare, optimize --verify) and the exit code it means. */
import type { Verification, VerifyProgressEvent } from '../../shared/api/verify';
import { formatBytes } from '../../shared/report/bytes';
import { FAR_BELOW_NOTE, farBelowEstimate } from '../../shared/report/estimate-vs-measured';
import { EXIT } from './args';
import { baseCandidatesText } from './base-text';
import type { CliIO } from './io';

const mark = (s: string): string => (s === 'pass' ? 'pass' : s === 'fail' ? 'FAIL' : 'skip');

const signed = (n: number): string => (n < 0 ? `−${formatBytes(-n)}` : formatBytes(n));

/** Every check on both images, the held-back fixes with their evidence, the measured savings. */
export function verificationText(v: Verification): string {
  const out: string[] = [
    `Verification: ${v.status} (${v.rebuilds} build(s), ${(v.elapsedMs / 1000).toFixed(1)} s of ${Math.round(v.budgetMs / 1000)} s)`,
  ];
  if (v.note) out.push(`  ${v.note}`);
  out.push('Checks (original → optimized):');
  for (const c of v.checks) {
    out.push(
      `  ${mark(c.original.status).padEnd(4)} → ${mark(c.optimized.status).padEnd(4)}  ${c.title}: ${c.optimized.summary}${c.regression ? '  [regression]' : ''}`,
    );
    if (c.original.status === 'fail') out.push(`      original: ${c.original.summary}`);
    for (const e of c.optimized.evidence.slice(0, c.optimized.status === 'pass' ? 3 : 8))
      out.push(`      | ${e}`);
  }
  if (v.heldBack.length) {
    out.push('Held back (the image with the fix failed a check the original passes):');
    for (const h of v.heldBack) {
      out.push(`  ${h.ruleId} broke "${h.checkId}": ${h.summary}`);
      for (const e of h.evidence.slice(0, 6)) out.push(`      | ${e}`);
    }
  }
  for (const r of v.repairs) out.push(`Repaired (${r.checkId}): ${r.summary}`);
  out.push(...baseCandidatesText(v.baseCandidates ?? []));
  if (v.savings?.length) {
    out.push('Savings per fix (estimated → measured: size with the fix off minus size with it on):');
    for (const s of v.savings)
      out.push(
        `  ${s.ruleId.padEnd(6)} ${(s.estimatedBytes === null ? '—' : formatBytes(s.estimatedBytes)).padStart(10)} → ${(s.measuredBytes === null ? '—' : signed(s.measuredBytes)).padStart(10)}  ${s.title}${s.note ? ` (${s.note})` : ''}${farBelowEstimate(s.estimatedBytes, s.measuredBytes) ? `  [${FAR_BELOW_NOTE}]` : ''}`,
      );
  }
  return `${out.join('\n')}\n`;
}

/** 0 verified; 1 a check fails on the original too; 5 nothing verified within the budget. */
export function verificationExit(v: Verification): number {
  if (v.status === 'verified') return EXIT.OK;
  if (v.status === 'original-fails') return EXIT.FINDINGS;
  return EXIT.UNVERIFIED;
}

/** One stderr line per verification step. */
export const verifyPrinter =
  (io: CliIO) =>
  (e: VerifyProgressEvent): void =>
    io.err(`[verify] ${e.text}\n`);

/** `--verify-budget SECONDS` → ms (default 600 s); a usage error when it is not a positive number. */
export function budgetMs(value: string | undefined, usage: (m: string) => Error): number {
  if (value === undefined) return 600_000;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usage(`--verify-budget needs a number of seconds, got "${value}"`);
  return Math.round(n * 1000);
}
