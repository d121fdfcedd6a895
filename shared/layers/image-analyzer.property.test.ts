/**
 * Property test: the analyser's final filesystem matches a deliberately naive model of the OCI
 * changeset rules, and every stored byte ends up either visible or reclaimable, never both or neither.
 */
import fc from 'fast-check';
import { fuzzParams, fuzzTimeout } from '../test/fuzz';
import { describe, expect, it } from 'vitest';
import { analyzeLayers } from './image-analyzer';
import type { LayerListing } from './layer-entry';
import { listing, type TestEntry } from './test-listing';

const segment = fc.constantFrom('a', 'b', 'c');
const relPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
const op: fc.Arbitrary<TestEntry> = fc.oneof(
  fc
    .tuple(relPath, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 3 }))
    .map(([p, size, mtime]) => [p, size, { mtime }] as TestEntry),
  relPath.map((p) => `${p}/`),
  relPath.map((p) => {
    const cut = p.lastIndexOf('/');
    return cut < 0 ? `.wh.${p}` : `${p.slice(0, cut)}/.wh.${p.slice(cut + 1)}`;
  }),
  relPath.map((p) => `${p}/.wh..wh..opq`),
);
const layers = fc.array(
  fc.array(op, { maxLength: 8 }).map((ops) => listing(...ops)),
  { minLength: 1, maxLength: 5 },
);

/** The naive model: a flat map, removals first, then entries in order. */
function naiveFiles(ls: LayerListing[]): Map<string, number> {
  const state = new Map<string, { dir: boolean; size: number }>();
  const dropUnder = (p: string) => {
    for (const k of [...state.keys()]) if (k.startsWith(p + '/')) state.delete(k);
  };
  for (const l of ls) {
    for (const d of l.opaqueDirs) dropUnder(d);
    for (const w of l.whiteouts) {
      state.delete(w);
      dropUnder(w);
    }
    for (const e of l.entries) {
      const parts = e.path.split('/');
      for (let i = 2; i < parts.length; i++) {
        const anc = parts.slice(0, i).join('/');
        if (state.get(anc)?.dir === false) state.delete(anc);
      }
      const prev = state.get(e.path);
      if (e.type !== 'dir' || prev?.dir === false) dropUnder(e.path);
      state.set(e.path, { dir: e.type === 'dir', size: e.size });
    }
  }
  const files = new Map<string, number>();
  for (const [p, v] of state) if (!v.dir) files.set(p, v.size);
  return files;
}

describe('analyzeLayers (property)', () => {
  it(
    'agrees with a naive overlay model and conserves bytes',
    () => {
      fc.assert(
        fc.property(layers, (ls) => {
          const r = analyzeLayers(ls, { topN: 1000 });
          const files = naiveFiles(ls);
          const visible = [...files.values()].reduce((a, b) => a + b, 0);
          const stored = ls.flatMap((l) => l.entries).reduce((a, e) => a + e.size, 0);
          expect(r.totalFiles).toBe(files.size);
          expect(r.visibleBytes).toBe(visible);
          expect(r.storedBytes).toBe(stored);
          expect(r.reclaimableBytes).toBe(stored - visible);
          expect(r.reclaimable.reduce((a, c) => a + c.sizeBytes, 0)).toBe(r.reclaimableBytes);
          expect(r.layers.reduce((a, l) => a + l.reclaimableBytes, 0)).toBe(r.reclaimableBytes);
          for (const c of r.reclaimable) expect(c.hiddenByLayer).toBeGreaterThanOrEqual(c.storedByLayer);
          expect(r.efficiency).toBeGreaterThanOrEqual(0);
          expect(r.efficiency).toBeLessThanOrEqual(1);
        }),
        fuzzParams(300, 20261130),
      );
    },
    fuzzTimeout(60_000, 300),
  );
});
