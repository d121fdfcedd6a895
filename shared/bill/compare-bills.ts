/** The original's and the optimized image's bills side by side (issue 13, part 2). */
import type { Bill, BillComparison, BillEntry, BillTotals } from '../api/bill';

/** Owners are matched by kind + name (a version change is the same owner, still there). */
const ownerKey = (e: BillEntry): string =>
  e.kind === 'reclaimable' ? `reclaimable\0${e.layer ?? e.name}` : `${e.kind}\0${e.name}`;

const byBytes = (a: BillEntry, b: BillEntry): number => b.bytes - a.bytes;

/**
 * What left (owners only the original has), what came in (owners only the optimized image has,
 * e.g. the runtime libraries a multi-stage build copies) and the 10 largest owners left, each
 * with the rule or advice that addresses it where one exists. Reclaimable lines are compared as
 * a whole: layers of the two images do not correspond.
 */
export function compareBills(
  original: readonly BillEntry[],
  optimized: readonly BillEntry[],
  largest = 10,
): BillComparison {
  const plain = (b: readonly BillEntry[]) => b.filter((e) => e.kind !== 'reclaimable' && e.bytes > 0);
  const before = new Map(plain(original).map((e) => [ownerKey(e), e]));
  const after = new Map(plain(optimized).map((e) => [ownerKey(e), e]));
  const left = [...before].filter(([k]) => !after.has(k)).map(([, e]) => e);
  const cameIn = [...after].filter(([k]) => !before.has(k)).map(([, e]) => e);
  const largestLeft = optimized
    .filter((e) => e.bytes > 0)
    .slice()
    .sort(byBytes)
    .slice(0, largest);
  return { left: left.sort(byBytes), cameIn: cameIn.sort(byBytes), largestLeft };
}

/** A bill as an `ImageReport` carries it: `bill` (the entries) and `billTotals`. */
export function billOfReport(bill: Bill): { bill: BillEntry[]; billTotals: BillTotals } {
  const { entries, ...totals } = bill;
  return { bill: entries, billTotals: totals };
}

/** The bill an `ImageReport` carries, put back together (undefined when it has none). */
export function billOfImage(r: { bill?: BillEntry[]; billTotals?: BillTotals }): Bill | undefined {
  return r.bill && r.billTotals ? { entries: r.bill, ...r.billTotals } : undefined;
}
