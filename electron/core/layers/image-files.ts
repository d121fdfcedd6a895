/**
 * Reads chosen files out of an image's final filesystem in one streaming pass over its export
 * (`GET /images/{name}/get`, as the layer analysis does): each layer's files are offered to a picker
 * as they stream by, and the layers are then applied in order with overlay semantics
 * (`shared/layers/virtual-fs.ts`), so a file a later layer deleted or replaced does not count.
 * Memory: one small node per path (as the analysis) plus what the pickers keep.
 */
import type Dockerode from 'dockerode';
import { VirtualFs } from '../../../shared/layers/virtual-fs';
import { resolveLayout, resolveLink } from './archive-layout';
import { scanImageArchive } from './archive-scan';
import type { LayerFileProbe } from './layer-tar-reader';

/** Reads one file's bytes and gives a value for it (or undefined to drop it). */
export interface FileReader<T> {
  /** The next chunk; false once the reader needs nothing more. */
  write(chunk: Uint8Array): boolean;
  result(): T | undefined;
}

/** Chooses which files to read: a reader for `path` (normalised, absolute), or null to skip it. */
export type FilePicker<T> = (path: string, size: number, mode: number) => FileReader<T> | null;

/** The final filesystem of an image and the values read from its visible files. */
export interface ImageFiles<T> {
  /** The final filesystem (what a container sees), for path lookups and symlinks. */
  fs: VirtualFs;
  /** Values of the picked files that are visible in the final filesystem, by path. */
  files: Map<string, T>;
}

/**
 * Streams an image export once and returns its final filesystem and what `pick` read.
 * @throws when the daemon has no such image (statusCode 404) or the archive cannot be read.
 */
export async function readImageArchiveFiles<T>(
  stream: NodeJS.ReadableStream,
  pick: FilePicker<T>,
  opts: { imageRef?: string; signal?: AbortSignal } = {},
): Promise<ImageFiles<T>> {
  const perLayer = new Map<string, Map<string, T>>();
  const probeLayer = (archivePath: string): LayerFileProbe => {
    const found = new Map<string, T>();
    perLayer.set(archivePath, found);
    return {
      open(path, size, mode) {
        const reader = pick(path, size, mode);
        if (!reader) return null;
        return {
          write: (chunk) => reader.write(chunk),
          end: () => {
            const value = reader.result();
            if (value !== undefined) found.set(path, value);
          },
        };
      },
    };
  };
  const scan = await scanImageArchive(stream, { hashContents: false, signal: opts.signal, probeLayer });
  const layout = resolveLayout(scan, opts.imageRef);
  const fs = new VirtualFs(() => {});
  const candidates = new Map<string, { layer: number; value: T }>();
  layout.layerPaths.forEach((p, i) => {
    const key = resolveLink(scan, p);
    const listing = scan.layers.get(key);
    if (listing === undefined) throw new Error(`layer ${p} is listed in the manifest but missing`);
    if (listing instanceof Error) throw listing;
    fs.applyLayer(i, listing);
    for (const [path, value] of perLayer.get(key) ?? []) candidates.set(path, { layer: i, value });
  });
  const files = new Map<string, T>();
  for (const [path, c] of candidates) {
    const node = fs.lookup(path);
    if (node && node.type === 'file' && node.layer === c.layer) files.set(path, c.value);
  }
  return { fs, files };
}

/** {@link readImageArchiveFiles} on an image in the daemon (`imageRef`: tag or id). */
export async function readImageFiles<T>(
  docker: Dockerode,
  imageRef: string,
  pick: FilePicker<T>,
  signal?: AbortSignal,
): Promise<ImageFiles<T>> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.getImage(imageRef).get();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404)
      throw Object.assign(new Error(`image ${imageRef} not found in the Docker daemon`, { cause: err }), {
        statusCode: 404,
      });
    throw err;
  }
  return readImageArchiveFiles(stream, pick, { imageRef, signal });
}

/** A reader that keeps a whole small text file (up to `maxBytes`; larger files give undefined). */
export function textReader(maxBytes: number): FileReader<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  return {
    write(chunk) {
      size += chunk.length;
      if (size > maxBytes) return false;
      parts.push(Uint8Array.from(chunk));
      return true;
    },
    result: () => (size > maxBytes ? undefined : Buffer.concat(parts).toString('utf8')),
  };
}

/** textReader whose result is tagged `{ kind: 'text', text }`, for pickers that mix text and ELF files. */
export function taggedTextReader(maxBytes: number): FileReader<{ kind: 'text'; text: string }> {
  const t = textReader(maxBytes);
  return {
    write: (c) => t.write(c),
    result: () => {
      const text = t.result();
      return text === undefined ? undefined : { kind: 'text', text };
    },
  };
}
