/**
 * Measured savings (issue 10 §3): each applied fix's real effect is the offered image's size with
 * that one fix turned off minus its size with it on. One rebuild per fix (BuildKit's cache keeps
 * them cheap); a build that the budget does not allow, or that fails, leaves the figure null.
 */
import type { MeasuredSaving, VerifyProgressEvent } from '../../../shared/api/verify';
import type { Candidate } from './hold-back';

export interface MeasureInput {
  /** Rule ids applied in the offered Dockerfile. */
  applied: string[];
  /** Rule ids off in the offered Dockerfile (the user's and the held-back ones). */
  disabled: string[];
  offeredImage: string;
  rewrite(disabled: string[]): Candidate;
  /** Builds a candidate; null when the time budget forbids it. */
  build(c: Candidate): Promise<string | null>;
  sizeOf(image: string): Promise<number>;
  /** Estimated bytes per rule id (the analyzer's figures for the fixed findings). */
  estimates: Record<string, number>;
  /** Rule titles, when known (defaults to the id). */
  titles?: Record<string, string>;
  emit(e: Omit<VerifyProgressEvent, 'verifyId'>): void;
}

export async function measureSavings(m: MeasureInput): Promise<MeasuredSaving[]> {
  const withAll = await m.sizeOf(m.offeredImage);
  const out: MeasuredSaving[] = [];
  for (const [i, ruleId] of m.applied.entries()) {
    const base = {
      ruleId,
      title: m.titles?.[ruleId] ?? ruleId,
      estimatedBytes: m.estimates[ruleId] ?? null,
    };
    m.emit({
      phase: 'measure',
      text: `Measuring ${ruleId} (${i + 1}/${m.applied.length})`,
      ruleIds: [ruleId],
    });
    try {
      const image = await m.build(m.rewrite([...m.disabled, ruleId]));
      if (!image) {
        out.push({ ...base, measuredBytes: null, note: 'not measured: the time budget ran out' });
        continue;
      }
      out.push({ ...base, measuredBytes: (await m.sizeOf(image)) - withAll });
    } catch (e) {
      out.push({
        ...base,
        measuredBytes: null,
        note: `not measured: the image without it did not build (${(e as Error).message.split('\n')[0]})`,
      });
    }
  }
  return out;
}
