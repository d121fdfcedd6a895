/** The bill of bytes section of the Markdown report (issue 13). */
import type { Bill, BillComparison, BillEntry } from '../api/bill';
import { kindTotals, ownerLabel, share } from '../bill/bill-table';
import { formatBytes } from '../layers/format-bytes';

const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function mdRows(entries: BillEntry[], total: number, withAddress: boolean): string[] {
  return entries.map(
    (e) =>
      `| ${md(ownerLabel(e)).slice(0, 90)} | ${e.kind} | ${formatBytes(e.bytes)} | ${share(e.bytes, total)} |${
        withAddress
          ? ` ${e.addressedBy ? md(`${e.addressedBy.ruleId ? `${e.addressedBy.ruleId}: ` : ''}${e.addressedBy.text}`) : ''} |`
          : ''
      }`,
  );
}

/** The Markdown section of the report: both bills by kind, what left and came in, the largest left. */
export function billMarkdown(
  original: Bill | undefined,
  optimized: Bill | undefined,
  cmp?: BillComparison,
): string[] {
  if (!original && !optimized) return [];
  const out = ['## Bill of bytes', ''];
  const kinds = new Map<string, { a: number; b: number }>();
  for (const k of original ? kindTotals(original) : []) kinds.set(k.kind, { a: k.bytes, b: 0 });
  for (const k of optimized ? kindTotals(optimized) : [])
    kinds.set(k.kind, { a: kinds.get(k.kind)?.a ?? 0, b: k.bytes });
  out.push('| Kind | Original | Optimized |', '|---|---:|---:|');
  for (const [kind, t] of kinds) out.push(`| ${kind} | ${formatBytes(t.a)} | ${formatBytes(t.b)} |`);
  out.push(
    `| **total** | ${original ? formatBytes(original.totalBytes) : '—'} | ${optimized ? formatBytes(optimized.totalBytes) : '—'} |`,
    '',
  );
  const total = optimized?.totalBytes ?? 0;
  if (cmp?.largestLeft.length)
    out.push(
      '### Largest owners left',
      '',
      '| Owner | Kind | Bytes | Share | What addresses it |',
      '|---|---|---:|---:|---|',
      ...mdRows(cmp.largestLeft, total, true),
      '',
    );
  if (cmp?.left.length)
    out.push(
      '### What left',
      '',
      '| Owner | Kind | Bytes | Share |',
      '|---|---|---:|---:|',
      ...mdRows(cmp.left.slice(0, 15), original?.totalBytes ?? 0, false),
      '',
    );
  if (cmp?.cameIn.length)
    out.push(
      '### What came in',
      '',
      '| Owner | Kind | Bytes | Share |',
      '|---|---|---:|---:|',
      ...mdRows(cmp.cameIn.slice(0, 15), total, false),
      '',
    );
  const note = optimized?.note ?? original?.note;
  if (note) out.push(`_${md(note)}_`, '');
  return out;
}
