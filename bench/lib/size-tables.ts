/**
 * The size benchmark's tables from its measurements (verified-compare.ts): sizes with each image's
 * checks, the checks per example, the measured saving of each fix, and what verification costs in
 * time next to a plain compare. Pure: numbers in, Markdown table rows out.
 */
import type { FloorUnavailable, ImageFloor } from '../../shared/api/contract';
import type { CheckPair, CheckResult, CheckStatus } from '../../shared/api/verify';
import { mb, ms as duration, pct, ratio, verdict } from './format';
import type { Table } from './report';
import { median } from './stats';
import type { VerifiedMeasure } from './verified-compare';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '–' };

/** The checks in the order Whittle runs them (ids and titles from the first report). */
export function checkColumns(list: VerifiedMeasure[]): { id: string; title: string }[] {
  const seen = new Map<string, string>();
  for (const m of list) for (const c of m.report.verification!.checks) seen.set(c.id, c.title);
  return [...seen].map(([id, title]) => ({ id, title }));
}

/** "4/4 ✓", or "3/4 ✗ Starts and answers" naming what did not pass (– = skipped). */
export function checksCell(results: CheckResult[]): string {
  const passed = results.filter((r) => r.status === 'pass').length;
  const other = results.filter((r) => r.status !== 'pass').map((r) => `${MARK[r.status]} ${r.title}`);
  return `${passed}/${results.length}${other.length ? ` (${other.join(', ')})` : ' ✓'}`;
}

/** Signed decimal MB (a fix can make an image bigger). */
export const signedMb = (bytes: number): string => (bytes < 0 ? `−${mb(-bytes)}` : mb(bytes));

/** (verified − plain) ÷ plain per timed pair, median over pairs. */
export function extraRatio(m: VerifiedMeasure): number | null {
  const t = m.timings;
  if (!t?.plainMs.length) return null;
  return median(t.plainMs.map((p, i) => (t.verifiedMs[i]! - p) / p));
}

/** A measured floor, or null (not measured in that run, or unavailable). */
export const measured = (f: ImageFloor | FloorUnavailable | undefined): ImageFloor | null =>
  f?.status === 'measured' ? f : null;

/** The floor the main table divides by: the one measured on Whittle's image. */
export const whittleFloor = (m: VerifiedMeasure): ImageFloor | null => measured(m.floor?.optimized);

export interface SizeTargets {
  reduction: Record<string, number>;
  referenceRatio: number;
}

/** The main table: the three sizes, each image's checks, fixes applied and held back, the time ratio. */
export function sizeTable(list: VerifiedMeasure[], targets: SizeTargets): Table {
  const rows = list.map((m) => {
    const r = m.report;
    const v = r.verification!;
    const reduction = (1 - r.optimized.sizeBytes / r.original.sizeBytes) * 100;
    const refBytes = m.reference?.sizeBytes ?? null;
    const vsRef = refBytes ? r.optimized.sizeBytes / refBytes : null;
    const target = targets.reduction[m.name];
    const met = [
      target !== undefined ? `≥ ${target}% smaller: ${verdict(reduction >= target)}` : null,
      vsRef !== null
        ? `÷ reference ≤ ${targets.referenceRatio}: ${verdict(vsRef <= targets.referenceRatio)}`
        : null,
    ].filter(Boolean);
    const x = extraRatio(m);
    const floor = whittleFloor(m);
    return [
      m.name,
      m.basis,
      mb(r.original.sizeBytes),
      refBytes ? `${mb(refBytes)} (${pct((1 - refBytes / r.original.sizeBytes) * 100)} smaller)` : '–',
      mb(r.optimized.sizeBytes),
      pct(reduction),
      vsRef !== null ? ratio(vsRef) : '–',
      floor ? mb(floor.floorBytes) : '–',
      floor ? ratio(r.optimized.sizeBytes / floor.floorBytes) : '–',
      `${v.appliedRuleIds.length} / ${v.heldBack.length ? v.heldBack.map((h) => h.ruleId).join(', ') : 'none'}`,
      [
        `original ${checksCell(v.checks.map((c) => c.original))}`,
        m.referenceChecks ? `reference ${checksCell(m.referenceChecks.map((c) => c.optimized))}` : null,
        `Whittle ${checksCell(v.checks.map((c) => c.optimized))}`,
      ]
        .filter(Boolean)
        .join('; '),
      v.status,
      x === null ? '–' : ratio(x),
      met.join('; ') || '–',
    ];
  });
  return {
    header: [
      'Example',
      'Built from',
      'Original',
      'Reference (hand-optimized)',
      'Whittle',
      'Reduction',
      'Whittle ÷ reference',
      'Floor',
      'Whittle ÷ floor',
      'Fixes applied / held back',
      'Checks passed (original; reference; Whittle)',
      'Verification',
      'Verification extra time ÷ plain compare',
      'Target',
    ],
    rows,
  };
}

const pairCell = (p: CheckPair | undefined, ref: CheckPair | undefined): string =>
  p
    ? `${MARK[p.original.status]} → ${MARK[p.optimized.status]}${ref ? ` (reference ${MARK[ref.optimized.status]})` : ''}`
    : 'n/a';

/** Per example: each check on the original → Whittle's image (and the reference), held-back fixes, repairs. */
export function checksTable(list: VerifiedMeasure[]): Table {
  const cols = checkColumns(list);
  return {
    caption: 'Checks per example (original → Whittle; ✓ pass, ✗ fail, – skipped), fixes held back, repairs',
    header: [
      'Example',
      'Built from',
      ...cols.map((c) => c.title),
      'Fixes held back (check broken)',
      'Repairs',
    ],
    rows: list.map((m) => {
      const v = m.report.verification!;
      return [
        m.name,
        m.basis,
        ...cols.map((c) =>
          pairCell(
            v.checks.find((p) => p.id === c.id),
            m.referenceChecks?.find((p) => p.id === c.id),
          ),
        ),
        v.heldBack.length ? v.heldBack.map((h) => `${h.ruleId} (${h.checkId})`).join(', ') : 'none',
        v.repairs.length ? v.repairs.map((r) => r.summary).join('; ') : 'none',
      ];
    }),
  };
}

/** Per example, per applied fix: the analyzer's estimate next to the measured saving. */
export function savingsTable(list: VerifiedMeasure[]): Table {
  const rows: string[][] = [];
  for (const m of list)
    for (const s of m.report.verification!.savings ?? [])
      rows.push([
        m.name,
        m.basis,
        `${s.ruleId} ${s.title}`,
        s.estimatedBytes === null ? '—' : mb(s.estimatedBytes),
        s.measuredBytes === null ? `— (${s.note ?? 'not measured'})` : signedMb(s.measuredBytes),
      ]);
  return {
    caption:
      'Measured saving per fix: the verified image rebuilt with that one fix off, minus the verified image (estimated = the analyzer’s figure for the fix’s findings)',
    header: ['Example', 'Built from', 'Fix', 'Estimated', 'Measured'],
    rows,
  };
}

/** What verification adds to a compare, in wall time, with its measuring share. */
export function timingTable(list: VerifiedMeasure[]): Table {
  return {
    caption:
      'Verification time: `whittle compare` against `whittle compare --no-verify`, same example, same run',
    header: [
      'Example',
      'Built from',
      'Timed pairs',
      'Plain compare (median)',
      'Compare with verification (median)',
      'Extra time ÷ plain compare',
      'Of which measuring savings (median)',
      'Images built by the verification',
    ],
    rows: list
      .filter((m) => m.timings)
      .map((m) => {
        const t = m.timings!;
        const x = extraRatio(m);
        return [
          m.name,
          m.basis,
          String(t.plainMs.length),
          duration(median(t.plainMs)),
          duration(median(t.verifiedMs)),
          x === null ? '–' : ratio(x),
          duration(median(t.verifyPhases.map((p) => p.measureMs))),
          String(m.report.verification!.rebuilds + (m.report.verification!.savings?.length ?? 0)),
        ];
      }),
  };
}

/** The largest files of a floor, `path (MB)`, the first `n`. */
export const largestFiles = (f: ImageFloor, n = 4): string =>
  f.files
    .slice(0, n)
    .map((x) => `\`${x.path}\` ${mb(x.bytes)}`)
    .join(', ');

/**
 * Per example: each image's floor (what its app opens in a traced smoke run plus the loader and its
 * libraries; docs/floor.md) and the image's size as a ratio to it.
 */
export function floorTable(list: VerifiedMeasure[]): Table {
  const cell = (f: ImageFloor | FloorUnavailable | undefined): string =>
    !f
      ? 'not measured'
      : f.status === 'measured'
        ? mb(f.floorBytes)
        : `unavailable (${f.reason.slice(0, 80)})`;
  return {
    caption:
      'The floor: the bytes the app opens in a traced smoke run (its check included) plus the loader and its libraries, measured on each image; no Dockerfile whose image passes the same run can be smaller (docs/floor.md)',
    header: [
      'Example',
      'Built from',
      'Original',
      'Floor (original)',
      'Original ÷ floor',
      'Whittle',
      'Floor (Whittle)',
      'Whittle ÷ floor',
      'Files',
      'Loader and libraries',
      'Check only',
      'Largest files (Whittle)',
    ],
    rows: list
      .filter((m) => m.floor)
      .map((m) => {
        const r = m.report;
        const a = measured(m.floor!.original);
        const b = measured(m.floor!.optimized);
        return [
          m.name,
          m.basis,
          mb(r.original.sizeBytes),
          cell(m.floor!.original),
          a ? ratio(r.original.sizeBytes / a.floorBytes) : '–',
          mb(r.optimized.sizeBytes),
          cell(m.floor!.optimized),
          b ? ratio(r.optimized.sizeBytes / b.floorBytes) : '–',
          b ? String(b.fileCount) : '–',
          b ? mb(b.loaderAndLibsBytes) : '–',
          b ? mb(b.checkOnlyBytes) : '–',
          b ? largestFiles(b) : '–',
        ];
      }),
  };
}
