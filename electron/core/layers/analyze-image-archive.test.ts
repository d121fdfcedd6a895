import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeImageArchive } from './analyze-image';
import { sniffBlob } from './blob-kind';
import { archiveTar, chunked, layerTar, legacyMembers, ociMembers, type Member } from './test-archive';

const SAME_MTIME = new Date('2024-02-02T00:00:00Z');

/** Four layers: add, overwrite + add a blob, chmod-only, delete blob + opaque dir refilled. */
async function scenario(): Promise<Buffer[]> {
  return Promise.all([
    layerTar([
      { name: 'bin/' },
      { name: 'bin/sh', content: 'x'.repeat(100) },
      { name: 'etc/' },
      { name: 'etc/conf', content: 'a'.repeat(10) },
      { name: 'cache/' },
      { name: 'cache/old', content: 'o'.repeat(300) },
      { name: 'bin/ash', type: 'link', linkname: 'bin/sh' },
    ]),
    layerTar([
      { name: 'tmp/' },
      { name: 'tmp/blob', content: Buffer.alloc(5000, 7) },
      { name: 'etc/' },
      { name: 'etc/conf', content: 'b'.repeat(12), mtime: SAME_MTIME },
    ]),
    layerTar([
      { name: 'etc/' },
      { name: 'etc/conf', content: 'b'.repeat(12), mtime: SAME_MTIME, mode: 0o755 },
    ]),
    layerTar([
      { name: 'tmp/' },
      { name: 'tmp/.wh.blob' },
      { name: 'cache/' },
      { name: 'cache/.wh..wh..opq' },
      { name: 'cache/new', content: 'n' },
    ]),
  ]);
}

function expectScenario(r: Awaited<ReturnType<typeof analyzeImageArchive>>): void {
  expect(r.layers.map((l) => l.layerIndex)).toEqual([0, 1, 2, 3]);
  expect(r.reclaimableBytes).toBe(5000 + 300 + 12 + 10);
  expect(r.reclaimable).toEqual([
    { path: '/tmp/blob', sizeBytes: 5000, storedByLayer: 1, hiddenByLayer: 3, reason: 'deleted' },
    { path: '/cache/old', sizeBytes: 300, storedByLayer: 0, hiddenByLayer: 3, reason: 'deleted' },
    { path: '/etc/conf', sizeBytes: 12, storedByLayer: 1, hiddenByLayer: 2, reason: 'metadata-only' },
    { path: '/etc/conf', sizeBytes: 10, storedByLayer: 0, hiddenByLayer: 1, reason: 'overwritten' },
  ]);
  expect(r.layers.map((l) => l.reclaimableBytes)).toEqual([310, 5012, 0, 0]);
  expect(r.layers[3]!.removed).toEqual([
    { path: '/cache/old', sizeBytes: 300 },
    { path: '/tmp/blob', sizeBytes: 5000 },
  ]);
  expect(r.layers[2]!.changed).toEqual([{ path: '/etc/conf', sizeBytes: 12 }]);
  expect(r.totalFiles).toBe(4); // bin/sh, bin/ash (hard link), etc/conf, cache/new
  expect(r.visibleBytes).toBe(100 + 12 + 1);
  // dive: conf 10+12+12 (min 10); blob 5000 + 0 (min 0); everything else once.
  expect(r.diveWastedBytes).toBe(34 + 5000);
  expect(r.efficiency).toBeCloseTo((100 + 10 + 300 + 0 + 1) / (100 + 34 + 300 + 5000 + 1), 12);
  expect(r.source?.diffIds).toHaveLength(4);
}

const read = async (members: Member[], opts = {}, chunk?: number) =>
  analyzeImageArchive(chunked(await archiveTar(members), chunk), opts);

describe('analyzeImageArchive', () => {
  it('reads a legacy docker-save archive with the manifest last', async () => {
    const r = await read(legacyMembers(await scenario()));
    expect(r.source?.layout).toBe('docker');
    expectScenario(r);
  });

  it('reads a legacy archive with the manifest first, in 100-byte chunks', async () => {
    const members = legacyMembers(await scenario());
    const r = await read([members.at(-1)!, ...members.slice(0, -1)], {}, 100);
    expectScenario(r);
  });

  it('reads an OCI layout with gzip layers behind a nested index, index last', async () => {
    const r = await read(ociMembers(await scenario(), { gzipLayers: true, nestedIndex: true }), {}, 777);
    expect(r.source?.layout).toBe('oci');
    expectScenario(r);
  });

  it('reads an OCI layout with plain layers and the index first', async () => {
    const members = ociMembers(await scenario());
    const r = await read([...members.slice(-2), ...members.slice(0, -2)]);
    expectScenario(r);
  });

  it('gives the same answer from both halves of a Docker 25+ hybrid archive', async () => {
    const members = ociMembers(await scenario(), { hybrid: true, gzipLayers: true });
    const viaDocker = await read(members, { layout: 'docker' });
    const viaOci = await read(members, { layout: 'oci' });
    expect(viaDocker.source?.layout).toBe('docker');
    expect(viaOci.source?.layout).toBe('oci');
    expect({ ...viaOci, source: null }).toEqual({ ...viaDocker, source: null });
    expectScenario(viaOci);
  });

  it('follows a symlinked layer.tar (old docker save dedupes identical layers)', async () => {
    const empty = await layerTar([]);
    const withFile = await layerTar([{ name: 'f', content: 'abc' }]);
    const members: Member[] = [
      { name: 'aaa/layer.tar', data: withFile },
      { name: 'bbb/layer.tar', data: empty },
      { name: 'ccc/layer.tar', symlinkTo: '../bbb/layer.tar' },
      {
        name: 'manifest.json',
        data: Buffer.from(JSON.stringify([{ Layers: ['bbb/layer.tar', 'aaa/layer.tar', 'ccc/layer.tar'] }])),
      },
    ];
    const r = await read(members);
    expect(r.layers).toHaveLength(3);
    expect(r.layers[1]!.added).toEqual([{ path: '/f', sizeBytes: 3 }]);
    expect(r.totalFiles).toBe(1);
  });

  it('tells same-size, same-mtime content changes apart only when hashing contents', async () => {
    const layers = await Promise.all([
      layerTar([{ name: 'f', content: 'aaaa', mtime: SAME_MTIME }]),
      layerTar([{ name: 'f', content: 'bbbb', mtime: SAME_MTIME, mode: 0o600 }]),
    ]);
    const hashed = await read(legacyMembers(layers));
    expect(hashed.reclaimable[0]!.reason).toBe('overwritten');
    const unhashed = await read(legacyMembers(layers), { hashContents: false });
    expect(unhashed.reclaimable[0]!.reason).toBe('metadata-only'); // the documented size+mtime fallback
  });

  it('picks the requested image from a multi-image legacy archive', async () => {
    const a = legacyMembers([await layerTar([{ name: 'a', content: 'a' }])], 'one:latest');
    const b = legacyMembers([await layerTar([{ name: 'b', content: 'bb' }])], 'two:1');
    const manifest = [...JSON.parse(a.at(-1)!.data!.toString()), ...JSON.parse(b.at(-1)!.data!.toString())];
    const members = [
      ...a.slice(0, -1),
      ...b.slice(0, -1),
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) },
    ];
    expect((await read(members, { imageRef: 'two:1' })).layers[0]!.added).toEqual([
      { path: '/b', sizeBytes: 2 },
    ]);
    expect((await read(members, { imageRef: 'docker.io/library/one' })).layers[0]!.added).toEqual([
      { path: '/a', sizeBytes: 1 },
    ]);
  });

  it('fails clearly on a corrupt layer the manifest needs, and ignores corrupt blobs it does not', async () => {
    const good = await layerTar([{ name: 'f', content: 'x' }]);
    const corrupt = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(600, 0x55)]);
    const needed = legacyMembers([good, good]);
    needed[1] = { name: needed[1]!.name, data: corrupt };
    await expect(read(needed)).rejects.toThrow(/cannot read layer .*layer\.tar/);
    const stray = [...legacyMembers([good]), { name: 'blobs/sha256/deadbeef', data: corrupt }];
    expect((await read(stray)).totalFiles).toBe(1);
  });

  it('fails clearly on a truncated layer and on something that is not an image archive', async () => {
    const layer = await layerTar([{ name: 'f', content: Buffer.alloc(4000, 1) }]);
    const members = legacyMembers([layer.subarray(0, 2048)]);
    await expect(read(members)).rejects.toThrow(/cannot read layer/);
    await expect(read([{ name: 'hello.txt', data: Buffer.from('hi') }])).rejects.toThrow(
      /not an image archive/,
    );
    await expect(analyzeImageArchive(Readable.from([Buffer.from('definitely not a tar')]))).rejects.toThrow(
      /cannot read the image archive/,
    );
    // The outer archive cut in the middle of a layer (a daemon connection dropped mid-export).
    const whole = await archiveTar(legacyMembers([layer]));
    await expect(analyzeImageArchive(chunked(whole.subarray(0, 3000), 512))).rejects.toThrow(
      /cannot read the image archive|cannot read layer/,
    );
    const failing = new Readable({ read() {} });
    const pending = analyzeImageArchive(failing);
    failing.push(whole.subarray(0, 1500));
    failing.destroy(new Error('socket hang up'));
    await expect(pending).rejects.toThrow(/socket hang up/);
  });

  it('rejects when the manifest names a layer the archive lacks', async () => {
    const members = legacyMembers([await layerTar([])]).slice(1);
    await expect(read(members)).rejects.toThrow(/missing/);
  });

  it('stops and rejects when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(read(legacyMembers([await layerTar([])]), { signal: controller.signal })).rejects.toThrow(
      /cancelled/,
    );
  });

  it('stops mid-stream when aborted and destroys the source', async () => {
    const whole = await archiveTar(
      legacyMembers([await layerTar([{ name: 'f', content: Buffer.alloc(100_000) }])]),
    );
    const controller = new AbortController();
    const source = new Readable({ read() {} });
    const pending = analyzeImageArchive(source, { signal: controller.signal });
    source.push(whole.subarray(0, 20_000));
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow(/cancelled/);
    expect(source.destroyed).toBe(true);
  });

  it('streams a large layer without keeping its contents', async () => {
    // 48 MB of file data, produced on the fly; only the listing (one entry) may stay behind.
    const big = Buffer.alloc(1024 * 1024, 9);
    const layer = await layerTar([{ name: 'big', content: Buffer.concat(Array(48).fill(big)) }]);
    const before = process.memoryUsage().arrayBuffers;
    const r = await read(legacyMembers([layer]), {}, 64 * 1024);
    expect(r.layers[0]!.largestFiles).toEqual([{ path: '/big', sizeBytes: 48 * 1024 * 1024 }]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(layer.length * 2);
  });
});

describe('sniffBlob', () => {
  it('recognises tar, empty tar, gzip, zstd and JSON', async () => {
    expect(sniffBlob(await layerTar([{ name: 'x', content: 'y' }]))).toBe('tar');
    expect(sniffBlob(Buffer.alloc(1024))).toBe('tar');
    expect(sniffBlob(Buffer.from([0x1f, 0x8b, 8]))).toBe('gzip');
    expect(sniffBlob(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe('zstd');
    expect(sniffBlob(Buffer.from(' \n{"a":1}'))).toBe('json');
    expect(sniffBlob(Buffer.from('hello'))).toBe('other');
    const notTar = Buffer.alloc(512, 0x41);
    expect(sniffBlob(notTar)).toBe('other');
  });
});
