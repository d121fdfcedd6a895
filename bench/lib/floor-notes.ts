/**
 * The size section's notes on the floor (docs/floor.md): how it was measured, which floors could
 * not be, and, for an example with a reduction target the floor may rule out (issue 14:
 * debian-apt ≥ 50% smaller), the figures that say whether the floor or something else stands in
 * the way. Pure: measurements in, sentences out.
 */
import { mb, pct, ratio } from './format';
import { largestFiles, measured } from './size-tables';
import type { VerifiedMeasure } from './verified-compare';

/**
 * Paths of an example's app the smoke run does not take, measured as a second floor of Whittle's
 * image with extra Env. debian-apt's sitewatch POSTs changes with curl only when
 * SITEWATCH_WEBHOOK is set (examples/debian-apt/bin/sitewatch); on network none the POST to a
 * closed loopback port fails fast (logged, not fatal), after curl and its libraries have loaded.
 */
export const FLOOR_PATHS: Record<string, { label: string; env: string[] }> = {
  'debian-apt': {
    label: 'with the webhook path (SITEWATCH_WEBHOOK set, so curl runs)',
    env: ['SITEWATCH_WEBHOOK=http://127.0.0.1:9/'],
  },
};

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
  const path = measured(m.floorPath?.optimized);
  const needs = Math.max(floor, path?.floorBytes ?? 0);
  if (path && b) {
    const added = path.files.filter((f) => !b.files.some((x) => x.path === f.path));
    parts.push(
      `${m.floorPath!.label[0]!.toUpperCase()}${m.floorPath!.label.slice(1)}, the floor of Whittle's image is ${mb(path.floorBytes)} (${path.fileCount} files; ${pct((path.floorBytes / orig) * 100)} of the original)${
        added.length
          ? `; it adds ${added
              .slice(0, 5)
              .map((x) => `\`${x.path}\` ${mb(x.bytes)}`)
              .join(', ')}${added.length > 5 ? ` and ${added.length - 5} more` : ''}`
          : ''
      }.`,
    );
  } else if (m.floorPath) {
    const f = m.floorPath.optimized;
    parts.push(
      `The floor ${m.floorPath.label} is unavailable${f.status === 'unavailable' ? ` (${f.reason})` : ''}.`,
    );
  }
  if (needs > allowed)
    parts.push(
      `The floor alone is above the target's ${mb(allowed)}: no Dockerfile whose image passes the same run reaches ${target}%.`,
    );
  else
    parts.push(
      `So the floor is not what stands in the way: the app needs ${pct((needs / orig) * 100)} of the original, well under the ${pct(100 - target)} the target allows. What stands between Whittle's image and its floor (${b ? ratio(r.optimized.sizeBytes / b.floorBytes) : 'n/a'}) is files the run never opens, above all the final base image: ${mb(base)} alone (${pct((base / orig) * 100)} of the original)${base > allowed ? `, more than the target allows, so no Dockerfile whose final stage starts \`FROM\` it reaches ${target}%` : ''}. Reaching the target takes a final stage without a Debian base system, holding only the programs the app runs and their libraries (the floor's list); Whittle does not write that by itself, because a script's programs are known only for the paths a run takes — a program on a path no run took would be missing — so it stays the reviewer's choice.`,
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
