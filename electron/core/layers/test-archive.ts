/**
 * Test helpers: build small image archives in memory with tar-stream, in both layouts Docker writes,
 * so the archive reader can be tested without a daemon. Not used by production code.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** One entry of a layer tar: a directory (`name/`), a file with content, a link or a whiteout marker. */
export interface TestLayerEntry {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
  mode?: number;
  uid?: number;
  mtime?: Date;
}

/** An archive member: path inside the outer tar plus its bytes, or a symlink. */
export interface Member {
  name: string;
  data?: Buffer;
  symlinkTo?: string;
}

const MTIME = new Date('2024-01-01T00:00:00Z');

async function packToBuffer(add: (pack: tar.Pack) => void): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c) => {
      chunks.push(c as Buffer);
    });
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  add(pack);
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Builds one layer tar. */
export function layerTar(entries: TestLayerEntry[]): Promise<Buffer> {
  return packToBuffer((pack) => {
    for (const e of entries) {
      const isDir = e.type === 'directory' || e.name.endsWith('/');
      const type = e.type ?? (isDir ? 'directory' : 'file');
      const header = {
        name: e.name,
        type,
        mode: e.mode ?? (isDir ? 0o755 : 0o644),
        uid: e.uid ?? 0,
        gid: 0,
        mtime: e.mtime ?? MTIME,
        linkname: e.linkname,
      };
      if (type === 'file') pack.entry(header, e.content ?? '');
      else pack.entry(header);
    }
  });
}

/** Builds the outer archive from members, in the given order (symlinks as tar symlinks). */
export function archiveTar(members: Member[]): Promise<Buffer> {
  return packToBuffer((pack) => {
    for (const m of members) {
      if (m.symlinkTo) pack.entry({ name: m.name, type: 'symlink', linkname: m.symlinkTo });
      else pack.entry({ name: m.name, mtime: MTIME }, m.data ?? Buffer.alloc(0));
    }
  });
}

const sha256 = (b: Buffer): string => 'sha256:' + createHash('sha256').update(b).digest('hex');
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

function config(layers: Buffer[]): Buffer {
  return json({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: layers.map(sha256) },
    history: layers.map((_, i) => ({ created_by: `step ${i}` })),
  });
}

/** Legacy `docker save` members: `<id>/layer.tar`, `<config>.json`, `manifest.json`. */
export function legacyMembers(layers: Buffer[], repoTag = 'test/image:latest'): Member[] {
  const cfg = config(layers);
  const cfgName = sha256(cfg).slice(7) + '.json';
  const layerNames = layers.map(
    (l, i) => `${sha256(Buffer.concat([l, Buffer.from([i])])).slice(7)}/layer.tar`,
  );
  return [
    ...layers.map((data, i) => ({ name: layerNames[i]!, data })),
    { name: cfgName, data: cfg },
    { name: 'manifest.json', data: json([{ Config: cfgName, RepoTags: [repoTag], Layers: layerNames }]) },
  ];
}

/**
 * OCI layout members (`oci-layout`, `index.json`, `blobs/sha256/*`). `gzipLayers` compresses the blobs,
 * `nestedIndex` puts an image index between index.json and the manifest (containerd store), `hybrid`
 * adds a Docker 25+ `manifest.json` pointing at the same blobs.
 */
export function ociMembers(
  layers: Buffer[],
  opts: { gzipLayers?: boolean; nestedIndex?: boolean; hybrid?: boolean; repoTag?: string } = {},
): Member[] {
  const blobs = layers.map((l) => (opts.gzipLayers ? gzipSync(l) : l));
  const cfg = config(layers);
  const layerType = opts.gzipLayers
    ? 'application/vnd.oci.image.layer.v1.tar+gzip'
    : 'application/vnd.oci.image.layer.v1.tar';
  const manifest = json({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(cfg), size: cfg.length },
    layers: blobs.map((b) => ({ mediaType: layerType, digest: sha256(b), size: b.length })),
  });
  const manifestDesc = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: sha256(manifest),
    size: manifest.length,
    platform: { os: 'linux', architecture: 'amd64' },
  };
  const members: Member[] = [];
  const blob = (data: Buffer): Member => ({ name: `blobs/sha256/${sha256(data).slice(7)}`, data });
  members.push(...blobs.map(blob), blob(cfg), blob(manifest));
  let top: object = manifestDesc;
  if (opts.nestedIndex) {
    const inner = json({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        // A platform whose blobs were not exported, and an attestation: both must be skipped.
        {
          ...manifestDesc,
          digest: sha256(Buffer.from('absent')),
          platform: { os: 'linux', architecture: 'arm64' },
        },
        manifestDesc,
      ],
    });
    members.push(blob(inner));
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(inner), size: inner.length };
  }
  members.push({ name: 'oci-layout', data: json({ imageLayoutVersion: '1.0.0' }) });
  members.push({ name: 'index.json', data: json({ schemaVersion: 2, manifests: [top] }) });
  if (opts.hybrid)
    members.push({
      name: 'manifest.json',
      data: json([
        {
          Config: `blobs/sha256/${sha256(cfg).slice(7)}`,
          RepoTags: [opts.repoTag ?? 'test/image:latest'],
          Layers: blobs.map((b) => `blobs/sha256/${sha256(b).slice(7)}`),
        },
      ]),
    });
  return members;
}

/** A readable over a buffer in fixed-size chunks (small chunks exercise sniffing across boundaries). */
export function chunked(buf: Buffer, size = 64 * 1024): Readable {
  function* parts(): Generator<Buffer> {
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  }
  return Readable.from(parts());
}
