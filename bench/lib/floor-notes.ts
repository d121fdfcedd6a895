/**
 * The size section's notes on the floor (docs/floor.md): how it was measured, which floors could
 * not be, and, for an example with a reduction target the floor may rule out (issue 14:
 * debian-apt ≥ 50% smaller), the figures that say whether the floor or something else stands in
 * the way. Pure: measurements in, sentences out.
 */
import { mb, pct, ratio } from './format';
import { largestFiles, measured } from './size-tables';
import type { VerifiedMeasure } from './verified-compare';

/** Issue 14's reduction targets whose gap is to be explained with the floor (percent smaller). */
export const FLOOR_TARGETS: Record<string, number> = { 'debian-apt': 50 };

/** Why an example misses (or meets) its target, in figures: floor, base image and Whittle's image. */
export function targetNote(m: VerifiedMeasure, target: number): string | null {
  const r = m.report;
  const a = measured(m.floor?.original);
  const b = measured(m.floor?.optimized);
  if (!a && !b) return null;
  const orig = r.original.sizeBytes;
  const allowed = orig * (1 - target / 100);
  const floor = Math.min(...[a, b].filter((f) => f !== null).map((f) => f.floorBytes));
  const reduction = (1 - r.optimized.sizeBytes / orig) * 100;
  const base = r.optimized.baseSizeBytes;
  const parts = [
    `${m.name} (${m.basis}): the target (≥ ${target}% smaller) allows at most ${mb(allowed)} of the original's ${mb(orig)}; Whittle's image is ${mb(r.optimized.sizeBytes)} (${pct(reduction)} smaller).`,
    `Its floor is ${a ? `${mb(a.floorBytes)} on the original` : ''}${a && b ? ' and ' : ''}${b ? `${mb(b.floorBytes)} on Whittle's image (${b.fileCount} files, of which loader and libraries ${mb(b.loaderAndLibsBytes)}; largest: ${largestFiles(b, 6)})` : ''}, ${pct((floor / orig) * 100)} of the original.`,
  ];
  if (floor > allowed)
    parts.push(
      `The floor alone is above the target's ${mb(allowed)}: no Dockerfile whose image passes the same run reaches ${target}%.`,
    );
  else
    parts.push(
      `The floor is far below the target, so the app's needs do not rule it out; what stands between Whittle's image and its floor (${b ? ratio(r.optimized.sizeBytes / b.floorBytes) : 'n/a'}) is files the run never opens: its final base image alone is ${mb(base)} (${pct((base / orig) * 100)} of the original), and reaching ${target}% takes a final stage that keeps only what the app runs (its programs and their libraries), not a smaller Debian base.`,
    );
  return parts.join(' ');
}

/** The notes: method, unavailable floors, and the target notes. */
export function floorNotes(results: VerifiedMeasure[]): string[] {
  const withFloor = results.filter((m) => m.floor);
  if (!withFloor.length) return [];
  const method = withFloor
    .map((m) => measured(m.floor!.optimized) ?? measured(m.floor!.original))
    .find((f) => f !== null);
  return [
    `Floor: each image is run once more as the smoke test runs it (its check included) under \`strace\` copied in from the host, and the files its processes open to read or execute, plus each executed program's loader and DT_NEEDED closure, are summed at their sizes in the image (docs/floor.md). It is a lower bound: only what the run touches counts (a webhook, an error path or a later request may need more).${method ? ` Method: ${method.method}` : ''}`,
    ...withFloor.flatMap((m) =>
      (['original', 'optimized'] as const)
        .map((side) => m.floor![side])
        .filter((f) => f.status === 'unavailable')
        .map(
          (f) => `${m.name} (${m.basis}): floor unavailable — ${f.status === 'unavailable' ? f.reason : ''}`,
        ),
    ),
    ...withFloor
      .filter((m) => FLOOR_TARGETS[m.name] !== undefined)
      .map((m) => targetNote(m, FLOOR_TARGETS[m.name]!))
      .filter((n): n is string => n !== null),
  ];
}
