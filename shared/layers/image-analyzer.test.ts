import { describe, expect, it } from 'vitest';
import { analyzeLayers, ImageAnalyzer } from './image-analyzer';
import { listing } from './test-listing';

const MB5 = 5_000_000;

describe('analyzeLayers: per-layer changes', () => {
  it('reports added, changed and removed paths with sizes', () => {
    const r = analyzeLayers([
      listing('etc/', ['etc/a', 10], ['etc/b', 20], 'bin/', ['bin/sh', 100]),
      listing('etc/', ['etc/a', 15], 'etc/.wh.b', ['etc/c', 1], '.wh.bin'),
    ]);
    const [l0, l1] = r.layers;
    expect(l0!.added).toEqual([
      { path: '/bin', sizeBytes: 0 },
      { path: '/bin/sh', sizeBytes: 100 },
      { path: '/etc', sizeBytes: 0 },
      { path: '/etc/a', sizeBytes: 10 },
      { path: '/etc/b', sizeBytes: 20 },
    ]);
    expect(l1!.added).toEqual([{ path: '/etc/c', sizeBytes: 1 }]);
    expect(l1!.changed).toEqual([{ path: '/etc/a', sizeBytes: 15 }]); // /etc re-stored unchanged: not listed
    expect(l1!.removed).toEqual([
      { path: '/bin', sizeBytes: 100 }, // top-most removed path with the visible bytes beneath it
      { path: '/etc/b', sizeBytes: 20 },
    ]);
    expect(r.totalFiles).toBe(2);
    expect(r.visibleBytes).toBe(16);
  });

  it('lists a directory as changed only when its mode or owner changed', () => {
    const r = analyzeLayers([listing('d/', ['d/f', 1]), listing(['d/', 0, { mode: 0o777 }])]);
    expect(r.layers[1]!.changed).toEqual([{ path: '/d', sizeBytes: 0 }]);
    expect(r.layers[1]!.added).toEqual([]);
  });

  it('keeps the largest files and directories each layer stores', () => {
    const r = analyzeLayers(
      [
        listing(
          'usr/',
          'usr/lib/',
          ['usr/lib/big', 900],
          ['usr/lib/mid', 90],
          ['usr/small', 9],
          ['top', 500],
        ),
      ],
      { topN: 2 },
    );
    expect(r.layers[0]!.largestFiles).toEqual([
      { path: '/usr/lib/big', sizeBytes: 900 },
      { path: '/top', sizeBytes: 500 },
    ]);
    expect(r.layers[0]!.largestDirs).toEqual([
      { path: '/usr', sizeBytes: 999 },
      { path: '/usr/lib', sizeBytes: 990 },
    ]);
  });

  it('caps long lists to the largest entries but keeps the full counts', () => {
    const r = analyzeLayers([listing(['a', 1], ['b', 3], ['c', 2])], { maxListEntries: 2 });
    expect(r.layers[0]!.added).toEqual([
      { path: '/b', sizeBytes: 3 },
      { path: '/c', sizeBytes: 2 },
    ]);
    expect(r.layers[0]!.counts.added).toBe(3);
  });
});

describe('analyzeLayers: reclaimable bytes', () => {
  it('attributes a file added then deleted to the storing and the deleting layer', () => {
    const r = analyzeLayers([
      listing('bin/', ['bin/busybox', 1_000_000]),
      listing('tmp/', ['tmp/blob', MB5]),
      listing(['etc/motd', 10]),
      listing('tmp/', 'tmp/.wh.blob'),
    ]);
    expect(r.reclaimableBytes).toBe(MB5);
    expect(r.reclaimable).toEqual([
      { path: '/tmp/blob', sizeBytes: MB5, storedByLayer: 1, hiddenByLayer: 3, reason: 'deleted' },
    ]);
    expect(r.layers.map((l) => l.reclaimableBytes)).toEqual([0, MB5, 0, 0]);
    expect(r.layers[3]!.removed).toEqual([{ path: '/tmp/blob', sizeBytes: MB5 }]);
  });

  it('counts only the hidden copy of an overwrite (dive counts both)', () => {
    const r = analyzeLayers([
      listing(['app.jar', 300, { mtime: 1 }]),
      listing(['app.jar', 400, { mtime: 2 }]),
    ]);
    expect(r.reclaimableBytes).toBe(300);
    expect(r.reclaimable[0]).toMatchObject({ storedByLayer: 0, hiddenByLayer: 1, reason: 'overwritten' });
    expect(r.diveWastedBytes).toBe(700);
    expect(r.efficiency).toBeCloseTo(300 / 700, 12);
  });

  it('tells a chmod-only re-store from an overwrite by content key, else by mtime', () => {
    const byKey = analyzeLayers([
      listing(['run.sh', 50, { contentKey: 'k1', mtime: 1 }]),
      listing(['run.sh', 50, { contentKey: 'k1', mtime: 9, mode: 0o755 }]),
    ]);
    expect(byKey.reclaimable[0]!.reason).toBe('metadata-only');
    const sameSizeNewContent = analyzeLayers([
      listing(['run.sh', 50, { contentKey: 'k1', mtime: 1 }]),
      listing(['run.sh', 50, { contentKey: 'k2', mtime: 1, mode: 0o755 }]),
    ]);
    expect(sameSizeNewContent.reclaimable[0]!.reason).toBe('overwritten');
    const byMtime = analyzeLayers([listing(['run.sh', 50]), listing(['run.sh', 50, { uid: 1000 }])]);
    expect(byMtime.reclaimable[0]!.reason).toBe('metadata-only');
  });

  it('hides everything below an opaque directory, except what the same layer stores again', () => {
    const r = analyzeLayers([
      listing('cache/', ['cache/a', 100], ['cache/b', 200], 'cache/sub/', ['cache/sub/c', 400]),
      listing('cache/', 'cache/.wh..wh..opq', ['cache/a', 7, { mtime: 5 }], ['cache/new', 1]),
    ]);
    const l1 = r.layers[1]!;
    expect(l1.removed).toEqual([
      { path: '/cache/b', sizeBytes: 200 },
      { path: '/cache/sub', sizeBytes: 400 },
    ]);
    expect(l1.changed).toEqual([{ path: '/cache/a', sizeBytes: 7 }]);
    expect(l1.added).toEqual([{ path: '/cache/new', sizeBytes: 1 }]);
    expect(r.reclaimableBytes).toBe(700);
    expect(r.reclaimable.map((c) => [c.path, c.reason])).toEqual([
      ['/cache/sub/c', 'deleted'],
      ['/cache/b', 'deleted'],
      ['/cache/a', 'overwritten'],
    ]);
    expect(r.totalFiles).toBe(2);
  });

  it('keeps a lower directory that the opaque layer refills without storing the directory itself', () => {
    const r = analyzeLayers([
      listing('d/', 'd/sub/', ['d/sub/x', 5], ['d/sub/y', 6]),
      listing('d/', 'd/.wh..wh..opq', ['d/sub/x', 5, { mtime: 2 }]), // no `d/sub/` entry
    ]);
    expect(r.layers[1]!.removed).toEqual([{ path: '/d/sub/y', sizeBytes: 6 }]);
    expect(r.layers[1]!.changed).toEqual([{ path: '/d/sub/x', sizeBytes: 5 }]);
    expect(r.reclaimable.map((c) => [c.path, c.reason])).toEqual([
      ['/d/sub/y', 'deleted'],
      ['/d/sub/x', 'overwritten'],
    ]);
  });

  it('applies an opaque marker to lower layers only, whatever its position in the tar', () => {
    const r = analyzeLayers([
      listing('d/', ['d/old', 10]),
      listing('d/', ['d/new', 20], 'd/.wh..wh..opq'), // marker after the new entry
    ]);
    expect(r.totalFiles).toBe(1);
    expect(r.visibleBytes).toBe(20);
    expect(r.reclaimableBytes).toBe(10);
  });

  it('handles a file replaced by a directory and a directory replaced by a file', () => {
    const r = analyzeLayers([listing(['x', 10], 'y/', ['y/inner', 30]), listing('x/', ['x/f', 1], ['y', 2])]);
    expect(r.reclaimable.map((c) => [c.path, c.sizeBytes, c.reason])).toEqual([
      ['/y/inner', 30, 'deleted'],
      ['/x', 10, 'overwritten'],
    ]);
    expect(r.visibleBytes).toBe(3);
  });

  it('keeps only the topN reclaimable copies, but the total counts all of them', () => {
    const lower = listing(...Array.from({ length: 100 }, (_, i) => [`f${i}`, i + 1] as [string, number]));
    const upper = listing(...Array.from({ length: 100 }, (_, i) => `.wh.f${i}`));
    const r = analyzeLayers([lower, upper], { topN: 3 });
    expect(r.reclaimable.map((c) => c.sizeBytes)).toEqual([100, 99, 98]);
    expect(r.reclaimableBytes).toBe(5050);
  });

  it('returns per-layer results incrementally, finalising reclaimable bytes at the end', () => {
    const a = new ImageAnalyzer();
    const first = a.addLayer(listing(['f', 10]));
    expect(first.added).toEqual([{ path: '/f', sizeBytes: 10 }]);
    a.addLayer(listing('.wh.f'));
    const r = a.finish();
    expect(r.layers[0]).toBe(first);
    expect(first.reclaimableBytes).toBe(10);
  });
});
