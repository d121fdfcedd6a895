/**
 * Waterfall rows from the original's size to the offered image's: one bar per applied fix, its
 * measured saving hanging from the running total. What the measured savings do not explain
 * (fixes interact; unmeasured ones) is one "other" bar, so the bars always land on the real size.
 */
import type { MeasuredSaving } from '../../../../shared/api/verify';

export interface WaterfallRow {
  label: string;
  /** Invisible part under the bar (bytes). */
  base: number;
  /** Visible bar (bytes, ≥ 0). */
  value: number;
  kind: 'total' | 'saving' | 'growth';
  /** The signed change for the tooltip (negative = smaller). */
  delta: number;
}

export function waterfallRows(
  originalBytes: number,
  finalBytes: number,
  savings: MeasuredSaving[],
): WaterfallRow[] {
  const rows: WaterfallRow[] = [
    { label: 'Original', base: 0, value: originalBytes, kind: 'total', delta: 0 },
  ];
  let level = originalBytes;
  const step = (label: string, saved: number) => {
    const next = level - saved;
    rows.push({
      label,
      base: Math.min(level, next),
      value: Math.abs(saved),
      kind: saved >= 0 ? 'saving' : 'growth',
      delta: -saved,
    });
    level = next;
  };
  for (const s of savings)
    if (s.measuredBytes !== null && s.measuredBytes !== 0) step(s.ruleId, s.measuredBytes);
  const rest = level - finalBytes;
  if (rest !== 0) step('other', rest);
  rows.push({ label: 'Optimized', base: 0, value: finalBytes, kind: 'total', delta: 0 });
  return rows;
}
