import { describe, expect, it } from 'vitest';
import type { BillEntry } from '../api/bill';
import { billTable } from './bill-table';
import { billOfImage, billOfReport, compareBills } from './compare-bills';
import { billMarkdown } from '../report/bill-markdown';

const e = (
  kind: BillEntry['kind'],
  name: string,
  bytes: number,
  extra: Partial<BillEntry> = {},
): BillEntry => ({
  kind,
  name,
  bytes,
  files: 1,
  ...extra,
});

const ORIGINAL = [
  e('os-package', 'gcc-12', 5000, { version: '12.2' }),
  e('python', 'flask', 900, { version: '2.0' }),
  e('cache', 'pip cache', 700, { addressedBy: { type: 'rule', ruleId: 'WH023', text: 'no cache' } }),
  e('reclaimable', 'RUN apt-get update', 300, { layer: 3 }),
];
const OPTIMIZED = [
  e('python', 'flask', 950, { version: '2.1' }),
  e('os-package', 'libpq5', 400),
  ...Array.from({ length: 12 }, (_, i) => e('app', `/f${i}`, 10 + i)),
];

describe('compareBills', () => {
  const cmp = compareBills(ORIGINAL, OPTIMIZED);
  it('what left and what came in, by kind + name (a new version is the same owner)', () => {
    expect(cmp.left.map((x) => x.name)).toEqual(['gcc-12', 'pip cache']);
    expect(cmp.cameIn[0]!.name).toBe('libpq5');
    expect(cmp.cameIn.some((x) => x.name === 'flask')).toBe(false);
  });
  it('the 10 largest owners left, largest first', () => {
    expect(cmp.largestLeft).toHaveLength(10);
    expect(cmp.largestLeft.slice(0, 3).map((x) => x.name)).toEqual(['flask', 'libpq5', '/f11']);
  });
});

describe('bill on a report, table and Markdown', () => {
  const bill = {
    entries: ORIGINAL,
    totalBytes: 6900,
    imageSizeBytes: 7000,
    unexplainedBytes: 100,
    note: 'n',
  };
  it('splits into entries + totals and back', () => {
    const r = billOfReport(bill);
    expect(r.bill).toBe(ORIGINAL);
    expect(r.billTotals).not.toHaveProperty('entries');
    expect(billOfImage(r)).toEqual(bill);
  });
  it('prints a table sorted as given with share and the rule', () => {
    const t = billTable(bill);
    expect(t.split('\n')[1]).toMatch(/5 kB\s+72\.5%\s+os-package\s+gcc-12 12\.2/);
    expect(t).toMatch(/pip cache\s+1\s+WH023 rule/);
    expect(t).toMatch(/Total 6\.9 kB \(image size 7 kB\)/);
  });
  it('Markdown: totals by kind for both images and the largest owners left', () => {
    const md = billMarkdown(bill, { ...bill, entries: OPTIMIZED }, compareBills(ORIGINAL, OPTIMIZED)).join(
      '\n',
    );
    expect(md).toMatch(/## Bill of bytes/);
    expect(md).toMatch(/\| os-package \| 5 kB \| 400 B \|/);
    expect(md).toMatch(/### What left[\s\S]*gcc-12/);
  });
});
