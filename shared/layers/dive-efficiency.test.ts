import { describe, expect, it } from 'vitest';
import { DiveEfficiency } from './dive-efficiency';
import type { LayerListing } from './layer-entry';
import { listing } from './test-listing';

function dive(...layers: LayerListing[]) {
  const d = new DiveEfficiency();
  for (const l of layers) d.addLayer(l);
  return d.result();
}

describe('DiveEfficiency', () => {
  it("reproduces dive's own TestEfficency case (score 0.75)", () => {
    // dive/filetree/efficiency_test.go: paths added without directory entries, so /etc/nginx is only
    // implied (IsDir false) and its whiteout counts 0 bytes.
    const r = dive(
      listing(['etc/nginx/nginx.conf', 2000], ['etc/nginx/public', 3000]),
      listing(['etc/nginx/nginx.conf', 5000], ['etc/athing', 10000]),
      listing('etc/.wh.nginx'),
    );
    expect(r.efficiency).toBe(0.75);
    expect(r.wastedBytes).toBe(7000);
    expect(r.inefficiencies).toEqual([{ path: '/etc/nginx/nginx.conf', cumulativeBytes: 7000, count: 2 }]);
  });

  it("reproduces dive's scratch-image case (score 1)", () => {
    const r = dive(listing(['nothing', 0]), listing(), listing());
    expect(r.efficiency).toBe(1);
    expect(r.wastedBytes).toBe(0);
  });

  it('sizes a whiteout of a real directory as its whole stacked subtree', () => {
    // Same as dive's case but with the directory entries real layer tars carry.
    const r = dive(
      listing('etc/', 'etc/nginx/', ['etc/nginx/nginx.conf', 2000], ['etc/nginx/public', 3000]),
      listing('etc/', 'etc/nginx/', ['etc/nginx/nginx.conf', 5000], ['etc/athing', 10000]),
      listing('etc/', 'etc/.wh.nginx'),
    );
    // leaves: conf 2000+5000 (min 2000), public 3000, athing 10000, whiteout /etc/nginx = 5000+3000
    expect(r.efficiency).toBeCloseTo(23000 / 28000, 12);
    expect(r.wastedBytes).toBe(7000);
  });

  it('counts a deleted file as a 0-byte second copy: both score and wasted drop by its size', () => {
    const r = dive(
      listing('data/', ['data/big', 5_000_000], ['keep', 1_000_000]),
      listing('data/', 'data/.wh.big'),
    );
    expect(r.efficiency).toBeCloseTo(1_000_000 / 6_000_000, 12);
    expect(r.wastedBytes).toBe(5_000_000);
  });

  it('counts both copies of an overwrite, and of a chmod-only re-store, as wasted', () => {
    const r = dive(listing(['a', 100], ['b', 50]), listing(['a', 300], ['b', 50, { mode: 0o755 }]));
    expect(r.wastedBytes).toBe(400 + 100);
    expect(r.efficiency).toBeCloseTo((100 + 50) / (400 + 100), 12);
  });

  it('ignores opaque markers, as dive does', () => {
    const r = dive(
      listing('cache/', ['cache/old', 4000]),
      listing('cache/', 'cache/.wh..wh..opq', ['cache/new', 10]),
    );
    // dive never sees /cache/old go: it is counted once, no waste.
    expect(r.wastedBytes).toBe(0);
    expect(r.efficiency).toBe(1);
  });

  it('only visits leaves: a directory with children in a layer is not a path of its own', () => {
    const r = dive(listing('d/', ['d/f', 10]), listing('d/', ['d/g', 10]));
    expect(r.wastedBytes).toBe(0);
    // An empty directory re-stored is a leaf in both layers, but weighs 0 bytes.
    const r2 = dive(listing('e/'), listing('e/'));
    expect(r2.inefficiencies).toEqual([{ path: '/e', cumulativeBytes: 0, count: 2 }]);
    expect(r2.efficiency).toBe(1);
  });

  it('clears IsDir of a directory only implied by a later layer (dive quirk)', () => {
    const r = dive(
      listing('d/', ['d/f', 700]),
      listing(['d/g', 1]), // no `d/` entry: dive stacks an empty FileInfo onto /d
      listing('.wh.d'),
      listing('d/'), // an empty /d again: a leaf, so /d now has two copies
    );
    // The whiteout of /d counts 0 bytes instead of 701, so the two copies of /d weigh nothing.
    expect(r.efficiency).toBe(1);
    expect(r.wastedBytes).toBe(0);
    const control = dive(
      listing('d/', ['d/f', 700]),
      listing('d/', ['d/g', 1]),
      listing('.wh.d'),
      listing('d/'),
    );
    expect(control.wastedBytes).toBe(701);
    expect(control.efficiency).toBeCloseTo(701 / (701 + 701), 12);
  });
});
