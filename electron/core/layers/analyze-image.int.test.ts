/**
 * Integration: real images built by the real daemon (classic builder, FROM busybox), exported through
 * `GET /images/{name}/get` and, converted by skopeo, as an OCI layout. The known files make the expected
 * numbers exact. Sizes are decimal: the "5 MB" file is 5,000,000 bytes (dd bs=1000000 count=5).
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import tarFs from 'tar-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageContents } from '../../../shared/layers/types';
import { analyzeImage, analyzeImageArchive } from './analyze-image';

const DOCKER_HOST = process.env.DOCKER_HOST;
const run = promisify(execFile);
const FIVE_MB = 5_000_000;
const SCRIPT = '#!/bin/sh\n' + '#'.repeat(1000 - 11) + '\n'; // exactly 1000 bytes

const DOCKERFILE = `FROM busybox:latest
RUN dd if=/dev/zero of=/big bs=1000000 count=5
RUN rm /big
RUN echo one > /f.txt
RUN echo three-longer > /f.txt
COPY script.sh /s.sh
RUN chmod 755 /s.sh
RUN mkdir -p /d && echo a > /d/a && echo bb > /d/b
RUN rm -rf /d && mkdir /d && echo ccc > /d/c
`;
/** Layer offsets of the instructions above, after the base image's layers. */
const STEP = { dd: 0, rm: 1, echo1: 2, echo2: 3, copy: 4, chmod: 5, mkdir: 6, opaque: 7 };

async function build(docker: Dockerode, tag: string, files: Record<string, string>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'whittle-layers-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    // version '1' = the classic builder: one layer per filesystem-changing instruction, overlay2 diffs.
    const context = tarFs.pack(dir) as unknown as NodeJS.ReadableStream;
    const stream = await docker.buildImage(context, { t: tag, version: '1', rm: true, forcerm: true });
    const events = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
      docker.modem.followProgress(stream, (err, out) => (err ? reject(err) : resolve(out))),
    );
    const failed = events.find((e) => e.error);
    if (failed) throw new Error(`build of ${tag} failed: ${failed.error}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!DOCKER_HOST)('analyzeImage against the real daemon (needs DOCKER_HOST)', () => {
  const docker = new Dockerode(); // docker-modem reads DOCKER_HOST
  const tag = `whittle-layers-test/known:${process.pid}-${Date.now()}`;
  const tmp: string[] = [];
  let base: ImageContents;
  let image: ImageContents;
  let baseLayers: number;
  let rootfs: string[];

  beforeAll(async () => {
    await build(docker, tag, { Dockerfile: DOCKERFILE, 'script.sh': SCRIPT });
    rootfs = (await docker.getImage(tag).inspect()).RootFS.Layers ?? [];
    baseLayers = ((await docker.getImage('busybox:latest').inspect()).RootFS.Layers ?? []).length;
    base = await analyzeImage(docker, 'busybox:latest');
    image = await analyzeImage(docker, tag);
  });

  afterAll(async () => {
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => {});
    for (const p of tmp) await rm(p, { force: true });
  });

  const at = (step: number) => baseLayers + step;

  it('keeps layer indexes aligned with inspect().RootFS.Layers', () => {
    expect(rootfs).toHaveLength(baseLayers + 8);
    expect(image.layers).toHaveLength(rootfs.length);
    expect(image.layers.map((l) => l.layerIndex)).toEqual(rootfs.map((_, i) => i));
    expect(image.source?.diffIds).toEqual(rootfs);
  });

  it('attributes the deleted 5,000,000-byte file to the layer that stored it and the one that deleted it', () => {
    const big = image.reclaimable.filter((c) => c.path === '/big');
    expect(big).toEqual([
      {
        path: '/big',
        sizeBytes: FIVE_MB,
        storedByLayer: at(STEP.dd),
        hiddenByLayer: at(STEP.rm),
        reason: 'deleted',
      },
    ]);
    expect(image.layers[at(STEP.dd)]!.added).toContainEqual({ path: '/big', sizeBytes: FIVE_MB });
    expect(image.layers[at(STEP.dd)]!.reclaimableBytes).toBe(FIVE_MB);
    expect(image.layers[at(STEP.rm)]!.removed).toEqual([{ path: '/big', sizeBytes: FIVE_MB }]);
  });

  it('reports an overwrite and a chmod-only re-store with their reasons', () => {
    expect(image.reclaimable).toContainEqual({
      path: '/f.txt',
      sizeBytes: 4, // "one\n"
      storedByLayer: at(STEP.echo1),
      hiddenByLayer: at(STEP.echo2),
      reason: 'overwritten',
    });
    expect(image.reclaimable).toContainEqual({
      path: '/s.sh',
      sizeBytes: 1000,
      storedByLayer: at(STEP.copy),
      hiddenByLayer: at(STEP.chmod),
      reason: 'metadata-only',
    });
    expect(image.layers[at(STEP.chmod)]!.changed).toEqual([{ path: '/s.sh', sizeBytes: 1000 }]);
  });

  it('hides the lower contents of an opaque directory (rm -rf d && mkdir d)', () => {
    const layer = image.layers[at(STEP.opaque)]!;
    expect(layer.removed).toEqual([
      { path: '/d/a', sizeBytes: 2 },
      { path: '/d/b', sizeBytes: 3 },
    ]);
    expect(layer.added).toContainEqual({ path: '/d/c', sizeBytes: 4 });
    for (const path of ['/d/a', '/d/b'])
      expect(image.reclaimable.find((c) => c.path === path)).toMatchObject({
        storedByLayer: at(STEP.mkdir),
        hiddenByLayer: at(STEP.opaque),
        reason: 'deleted',
      });
  });

  it('adds exactly the known bytes to reclaimable and to dive wasted, on top of the base image', () => {
    expect(image.reclaimableBytes - base.reclaimableBytes).toBe(FIVE_MB + 4 + 1000 + 2 + 3);
    // dive: /big 5,000,000 + 0 (a file whiteout weighs 0), /f.txt 4 + 13, /s.sh 1000 + 1000; it ignores
    // the opaque marker, so /d/a and /d/b are single copies.
    expect(image.diveWastedBytes - base.diveWastedBytes).toBe(FIVE_MB + 17 + 2000);
    expect(image.storedBytes).toBe(image.visibleBytes + image.reclaimableBytes);
    expect(image.efficiency).toBeLessThan(base.efficiency);
  });

  it('reads the same image as an OCI layout (skopeo, gzip layers) with the same result', async () => {
    const path = join(tmpdir(), `whittle-oci-${process.pid}.tar`);
    tmp.push(path);
    // skopeo 1.9 ignores DOCKER_HOST for docker-daemon:, so pass the socket explicitly.
    await run('skopeo', [
      'copy',
      '--src-daemon-host',
      DOCKER_HOST!,
      `docker-daemon:${tag}`,
      `oci-archive:${path}`,
    ]);
    const oci = await analyzeImageArchive(createReadStream(path));
    expect(oci.source?.layout).toBe('oci');
    expect({ ...oci, source: null }).toEqual({ ...image, source: null });
    expect(oci.source?.diffIds).toEqual(rootfs);
  });

  it('reads a zstd OCI layout where Node supports zstd, and explains itself where it does not', async () => {
    const path = join(tmpdir(), `whittle-oci-zstd-${process.pid}.tar`);
    tmp.push(path);
    await run('skopeo', [
      'copy',
      '--src-daemon-host',
      DOCKER_HOST!,
      '--dest-compress-format',
      'zstd',
      `docker-daemon:${tag}`,
      `oci-archive:${path}`,
    ]);
    const pending = analyzeImageArchive(createReadStream(path));
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    if (major > 22 || (major === 22 && minor >= 15))
      expect((await pending).reclaimableBytes).toBe(image.reclaimableBytes);
    else await expect(pending).rejects.toThrow(/zstd.*Node/);
  });

  it('rejects an image the daemon does not have', async () => {
    await expect(analyzeImage(docker, 'whittle-layers-test/absent:nope')).rejects.toThrow(
      /whittle-layers-test\/absent:nope.*not found/,
    );
  });
});
