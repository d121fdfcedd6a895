/**
 * Pure helpers that turn the bills of a compare into what the bill UI draws: treemap groups by
 * kind, the shared scale of the two treemaps, shares and the words a screen reader hears.
 */
import { BILL_KINDS, type BillEntry, type BillKind } from '../../../../shared/api/bill';
import { formatBytes } from '../../../../shared/report/bytes';
import { KIND_STYLE } from './kind-style';

/** Which image of a compare. */
export type BillVariant = 'original' | 'optimized';

/** One image's bill as the UI shows it: its owners (largest first) and their sum in bytes. */
export interface ImageBill {
  variant: BillVariant;
  entries: BillEntry[];
  /** Σ entries' bytes (the bill's `totalBytes`). */
  totalBytes: number;
  /** What does not add up, or could not be read (the bill's `note`), if any. */
  note?: string;
}

/** An owner picked in one of the two bills. */
export interface SelectedOwner {
  variant: BillVariant;
  entry: BillEntry;
}

/** A treemap leaf: one owner. `value` is its bytes. */
export interface TreeLeaf {
  [key: string]: unknown;
  id: string;
  name: string;
  value: number;
  kind: BillKind;
  entry: BillEntry;
}

/** A treemap group: one kind, its owners as children. */
export interface TreeGroup {
  [key: string]: unknown;
  name: string;
  kind: BillKind;
  children: TreeLeaf[];
}

export const VARIANT_LABEL: Record<BillVariant, string> = { original: 'Original', optimized: 'Optimized' };

/** A stable id for an owner within one image (kind + name, and the layer for reclaimable lines). */
export const ownerId = (variant: BillVariant, e: BillEntry): string =>
  `${variant}|${e.kind}|${e.name}|${e.layer ?? ''}`;

/** An owner's name with its version: `Flask 2.0.3`. */
export const ownerLabel = (e: BillEntry): string => (e.version ? `${e.name} ${e.version}` : e.name);

/** `bytes` as a share of `total`, one decimal (`12.3%`); `<0.1%` for a sliver, `—` with no total. */
export function shareText(bytes: number, total: number): string {
  if (total <= 0) return '—';
  const pct = (bytes / total) * 100;
  if (bytes > 0 && pct < 0.05) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

/**
 * What a cell says to a screen reader and in its hover title:
 * `Flask 2.0.3 (Python packages): 310 kB, 0.3% of the optimized image`.
 */
export function ownerSummary(e: BillEntry, bill: Pick<ImageBill, 'variant' | 'totalBytes'>): string {
  return `${ownerLabel(e)} (${KIND_STYLE[e.kind].label}): ${formatBytes(e.bytes)}, ${shareText(
    e.bytes,
    bill.totalBytes,
  )} of the ${bill.variant} image`;
}

/**
 * The treemap data of one bill: one group per kind present (in `BILL_KINDS` order), each with its
 * owners largest first. Owners of 0 bytes are left out (a treemap cannot draw them).
 */
export function treemapGroups(bill: ImageBill): TreeGroup[] {
  const groups = new Map<BillKind, TreeLeaf[]>();
  for (const e of bill.entries) {
    if (e.bytes <= 0) continue;
    const leaves = groups.get(e.kind) ?? [];
    leaves.push({
      id: ownerId(bill.variant, e),
      name: ownerLabel(e),
      value: e.bytes,
      kind: e.kind,
      entry: e,
    });
    groups.set(e.kind, leaves);
  }
  return BILL_KINDS.filter((k) => groups.has(k)).map((kind) => ({
    name: KIND_STYLE[kind].label,
    kind,
    children: groups.get(kind)!.sort((a, b) => b.value - a.value),
  }));
}

/** The kinds either bill has bytes in, in `BILL_KINDS` order (the legend). */
export function kindsPresent(...bills: ImageBill[]): BillKind[] {
  const seen = new Set(bills.flatMap((b) => b.entries.filter((e) => e.bytes > 0).map((e) => e.kind)));
  return BILL_KINDS.filter((k) => seen.has(k));
}

/**
 * Linear scale of each treemap (its width as a fraction of its column; heights follow the same
 * aspect), so that the two areas are in proportion to the two images' bytes: the larger image
 * gets 1, the other √(its bytes / the larger's). A scale below `min` is raised to `min` (a sliver
 * would be unreadable) and `clamped` says the areas are then not to scale.
 */
export function treemapScales(
  originalBytes: number,
  optimizedBytes: number,
  min = 0.25,
): { original: number; optimized: number; clamped: boolean } {
  const big = Math.max(originalBytes, optimizedBytes);
  if (big <= 0) return { original: 1, optimized: 1, clamped: false };
  const raw = (n: number) => Math.sqrt(Math.max(0, n) / big);
  const o = raw(originalBytes);
  const n = raw(optimizedBytes);
  return { original: Math.max(o, min), optimized: Math.max(n, min), clamped: o < min || n < min };
}

/** The owner in `bill` that matches `e` by kind and name (the same owner in the other image). */
export function sameOwner(bill: ImageBill, e: BillEntry): BillEntry | undefined {
  return bill.entries.find((x) => x.kind === e.kind && x.name === e.name && x.layer === e.layer);
}
