/** The bill as a plain-text table sorted by bytes (`whittle bill`, `whittle compare`). */
import type { Bill, BillComparison, BillEntry } from '../api/bill';
import { formatBytes } from '../layers/format-bytes';

/** An owner's name with its version. */
export const ownerLabel = (e: BillEntry): string => (e.version ? `${e.name} ${e.version}` : e.name);
/** `n` as a percentage of `total`. */
export const share = (n: number, total: number): string =>
  total ? `${((n / total) * 100).toFixed(1)}%` : '—';

/** Totals by kind, largest first. */
export function kindTotals(bill: Bill): { kind: string; bytes: number; owners: number }[] {
  const m = new Map<string, { kind: string; bytes: number; owners: number }>();
  for (const e of bill.entries) {
    const t = m.get(e.kind) ?? { kind: e.kind, bytes: 0, owners: 0 };
    t.bytes += e.bytes;
    t.owners += 1;
    m.set(e.kind, t);
  }
  return [...m.values()].sort((a, b) => b.bytes - a.bytes);
}

/**
 * The bill as an aligned text table: one line per owner (at most `limit`, the rest summed into one
 * line), then totals by kind and the note.
 */
export function billTable(bill: Bill, limit = 40): string {
  const shown = bill.entries.slice(0, limit);
  const rest = bill.entries.slice(limit);
  const rows = shown.map((e) => [
    formatBytes(e.bytes),
    share(e.bytes, bill.totalBytes),
    e.kind,
    ownerLabel(e).slice(0, 70),
    String(e.files),
    e.addressedBy ? `${e.addressedBy.ruleId ? `${e.addressedBy.ruleId} ` : ''}${e.addressedBy.type}` : '',
  ]);
  if (rest.length)
    rows.push([
      formatBytes(rest.reduce((s, e) => s + e.bytes, 0)),
      share(
        rest.reduce((s, e) => s + e.bytes, 0),
        bill.totalBytes,
      ),
      '…',
      `${rest.length} more owners`,
      String(rest.reduce((s, e) => s + e.files, 0)),
      '',
    ]);
  const head = ['Bytes', 'Share', 'Kind', 'Owner', 'Files', 'Addressed by'];
  const all = [head, ...rows];
  const w = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((x, c) => (c === 0 || c === 1 || c === 4 ? x.padStart(w[c]!) : x.padEnd(w[c]!)))
      .join('  ')
      .trimEnd();
  const kinds = kindTotals(bill)
    .map((k) => `${k.kind} ${formatBytes(k.bytes)}`)
    .join(', ');
  return [
    ...all.map(line),
    '',
    `Total ${formatBytes(bill.totalBytes)}${bill.imageSizeBytes !== undefined ? ` (image size ${formatBytes(bill.imageSizeBytes)})` : ''}: ${kinds}`,
    bill.note,
    '',
  ].join('\n');
}

/**
 * Both bills side by side as text (`whittle compare`): totals by kind, the 10 largest owners
 * left with what addresses them, and the largest owners that left or came in.
 */
export function billComparisonText(original: Bill, optimized: Bill, cmp: BillComparison): string {
  const kinds = new Map<string, [number, number]>();
  for (const k of kindTotals(original)) kinds.set(k.kind, [k.bytes, 0]);
  for (const k of kindTotals(optimized)) kinds.set(k.kind, [kinds.get(k.kind)?.[0] ?? 0, k.bytes]);
  const rows = [...kinds].map(
    ([k, [a, b]]) => `  ${k.padEnd(13)} ${formatBytes(a).padStart(9)} → ${formatBytes(b).padStart(9)}`,
  );
  const owner = (e: BillEntry) => `${e.kind}: ${ownerLabel(e)}`.slice(0, 60);
  const list = (title: string, entries: BillEntry[], n: number) =>
    entries.length
      ? [`${title}:`, ...entries.slice(0, n).map((e) => `  ${formatBytes(e.bytes).padStart(9)}  ${owner(e)}`)]
      : [];
  return [
    'Bill of bytes (original → optimized):',
    ...rows,
    `  ${'total'.padEnd(13)} ${formatBytes(original.totalBytes).padStart(9)} → ${formatBytes(optimized.totalBytes).padStart(9)}`,
    'Largest owners left:',
    ...cmp.largestLeft.map(
      (e) =>
        `  ${formatBytes(e.bytes).padStart(9)}  ${owner(e).padEnd(60)}${e.addressedBy ? `  ${e.addressedBy.ruleId ? `${e.addressedBy.ruleId}: ` : ''}${e.addressedBy.text}` : ''}`,
    ),
    ...list('Left', cmp.left, 8),
    ...list('Came in', cmp.cameIn, 8),
    '',
  ].join('\n');
}
