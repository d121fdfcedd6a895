import { describe, expect, it } from 'vitest';
import { BILL_KINDS } from '../../../../shared/api/bill';
import { KIND_STYLE } from './kind-style';
import {
  kindsPresent,
  ownerId,
  ownerSummary,
  sameOwner,
  shareText,
  treemapGroups,
  treemapScales,
  type ImageBill,
} from './bill-view';
import {
  OPTIMIZED_ENTRIES,
  OPTIMIZED_TOTAL,
  ORIGINAL_ENTRIES,
  ORIGINAL_TOTAL,
} from './fixtures/python-slim-venv';

const original: ImageBill = { variant: 'original', entries: ORIGINAL_ENTRIES, totalBytes: ORIGINAL_TOTAL };
const optimized: ImageBill = {
  variant: 'optimized',
  entries: OPTIMIZED_ENTRIES,
  totalBytes: OPTIMIZED_TOTAL,
};

describe('treemapGroups', () => {
  it('groups every owner with bytes under its kind, kinds in BILL_KINDS order, owners largest first', () => {
    const groups = treemapGroups(optimized);
    expect(groups.map((g) => g.kind)).toEqual(
      BILL_KINDS.filter((k) => OPTIMIZED_ENTRIES.some((e) => e.kind === k)),
    );
    const leaves = groups.flatMap((g) => g.children);
    expect(leaves).toHaveLength(OPTIMIZED_ENTRIES.length);
    expect(leaves.reduce((s, l) => s + l.value, 0)).toBe(OPTIMIZED_TOTAL);
    const python = groups.find((g) => g.kind === 'python')!;
    expect(python.name).toBe('Python packages');
    expect(python.children.map((l) => l.name)).toEqual(['pip 23.0.1', 'uWSGI 2.0.23', 'Flask 2.0.3']);
    for (const g of groups) for (const l of g.children) expect(l.kind).toBe(g.kind);
  });

  it('leaves out owners of 0 bytes and kinds with none', () => {
    const groups = treemapGroups({
      variant: 'original',
      totalBytes: 10,
      entries: [
        { kind: 'app', name: '/app', bytes: 10, files: 1 },
        { kind: 'cache', name: 'pip cache', bytes: 0, files: 0 },
      ],
    });
    expect(groups.map((g) => [g.kind, g.children.length])).toEqual([['app', 1]]);
  });

  it('gives owners of the same name in different kinds or layers different ids', () => {
    const a = ownerId('original', { kind: 'reclaimable', name: 'RUN x', bytes: 1, files: 1, layer: 3 });
    const b = ownerId('original', { kind: 'reclaimable', name: 'RUN x', bytes: 1, files: 1, layer: 4 });
    const c = ownerId('original', { kind: 'app', name: 'RUN x', bytes: 1, files: 1 });
    expect(new Set([a, b, c]).size).toBe(3);
    expect(ownerId('optimized', ORIGINAL_ENTRIES[0]!)).not.toBe(ownerId('original', ORIGINAL_ENTRIES[0]!));
  });
});

describe('shares and words', () => {
  it('prints one decimal, a sliver as <0.1%, nothing without a total', () => {
    expect(shareText(1234, 10_000)).toBe('12.3%');
    expect(shareText(1, 1_000_000)).toBe('<0.1%');
    expect(shareText(0, 1000)).toBe('0.0%');
    expect(shareText(5, 0)).toBe('—');
  });

  it('names owner, version, kind, bytes and share of the image for a screen reader', () => {
    const flask = OPTIMIZED_ENTRIES.find((e) => e.name === 'Flask')!;
    expect(ownerSummary(flask, optimized)).toBe(
      `Flask 2.0.3 (Python packages): 310 kB, ${shareText(310_000, OPTIMIZED_TOTAL)} of the optimized image`,
    );
    expect(shareText(310_000, OPTIMIZED_TOTAL)).toBe('0.4%');
  });

  it('lists the kinds either image has, once, in display order, each with a style', () => {
    const kinds = kindsPresent(original, optimized);
    expect(kinds).toEqual([
      'base',
      'os-package',
      'python',
      'runtime',
      'app',
      'cache',
      'reclaimable',
      'unattributed',
    ]);
    for (const k of BILL_KINDS) expect(KIND_STYLE[k].label).toBeTruthy();
  });

  it('finds the same owner in the other image by kind and name', () => {
    const flask = OPTIMIZED_ENTRIES.find((e) => e.name === 'Flask')!;
    expect(sameOwner(original, flask)?.bytes).toBe(310_000);
    const libpq = OPTIMIZED_ENTRIES.find((e) => e.name === 'libpq5')!;
    expect(sameOwner(original, libpq)).toBeUndefined();
  });
});

describe('treemapScales', () => {
  it('makes the two areas proportional to the two images’ bytes', () => {
    const s = treemapScales(ORIGINAL_TOTAL, OPTIMIZED_TOTAL);
    expect(s.original).toBe(1);
    expect(s.optimized ** 2).toBeCloseTo(OPTIMIZED_TOTAL / ORIGINAL_TOTAL, 10);
    expect(s.clamped).toBe(false);
  });

  it('gives the larger image 1 whichever it is', () => {
    const s = treemapScales(100, 400);
    expect(s).toEqual({ original: 0.5, optimized: 1, clamped: false });
  });

  it('raises a sliver to the minimum and says the areas are not to scale', () => {
    const s = treemapScales(1_000_000, 100);
    expect(s.optimized).toBe(0.25);
    expect(s.clamped).toBe(true);
    expect(treemapScales(0, 0)).toEqual({ original: 1, optimized: 1, clamped: false });
  });
});
