/**
 * One streaming pass over an image archive (`docker save` / `GET /images/{name}/get`, or an OCI layout
 * tar). Entries can come in any order — the manifest often arrives after the layers — so every layer
 * blob is parsed as it streams by into a listing keyed by its path in the archive, and the small JSON
 * documents (manifests, index, configs) are kept as text. Nothing else is retained.
 */
import { posix } from 'node:path';
import { PassThrough } from 'node:stream';
import tar from 'tar-stream';
import type { LayerListing } from '../../../shared/layers/layer-entry';
import { SNIFF_BYTES, sniffBlob } from './blob-kind';
import { LayerTarReader, type LayerFileProbe, type LayerReadOptions } from './layer-tar-reader';

/** How far the archive may be read ahead of the parser. */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/** JSON documents larger than this are not manifests or configs; skip rather than buffer them. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** What one pass over an archive found. */
export interface ArchiveScan {
  /** Layer listings (or why a layer could not be read) by archive path, e.g. `blobs/sha256/ab…`. */
  layers: Map<string, LayerListing | Error>;
  /** JSON documents by archive path (`manifest.json`, `index.json`, config and manifest blobs). */
  json: Map<string, string>;
  /** Symlinks and hard links between archive entries (old `docker save` dedupes layers this way). */
  links: Map<string, string>;
}

/** Options of {@link scanImageArchive}. */
export interface ScanOptions extends LayerReadOptions {
  signal?: AbortSignal;
  /** A probe per layer blob (keyed by its archive path), to read chosen files' contents as they pass. */
  probeLayer?: (archivePath: string) => LayerFileProbe | undefined;
}

/** Archive paths without `./` or a leading slash, as manifests spell them. */
export function cleanArchivePath(name: string): string {
  return posix.normalize(name).replace(/^(\.\/|\/)+/, '');
}

interface BlobSink {
  write(chunk: Buffer): Promise<void> | void;
  end(): Promise<void>;
}

function sinkFor(name: string, head: Buffer, scan: ArchiveScan, opts: ScanOptions): BlobSink {
  const kind = sniffBlob(head);
  if (kind === 'tar' || kind === 'gzip' || kind === 'zstd') {
    let reader: LayerTarReader;
    try {
      reader = new LayerTarReader(kind === 'tar' ? 'none' : kind, opts, opts.probeLayer?.(name));
    } catch (err) {
      scan.layers.set(name, err as Error); // e.g. zstd on an old Node: fail only if this layer is needed
      return { write: () => {}, end: async () => {} };
    }
    return {
      write: (chunk) => reader.write(chunk),
      end: async () => {
        try {
          scan.layers.set(name, await reader.end());
        } catch (err) {
          scan.layers.set(name, new Error(`cannot read layer ${name}: ${(err as Error).message}`));
        }
      },
    };
  }
  if (kind === 'json') {
    const parts: Buffer[] = [];
    let size = 0;
    return {
      write: (chunk) => {
        size += chunk.length;
        if (size <= MAX_JSON_BYTES) parts.push(chunk);
      },
      end: async () => {
        if (size <= MAX_JSON_BYTES) scan.json.set(name, Buffer.concat(parts).toString('utf8'));
      },
    };
  }
  return { write: () => {}, end: async () => {} };
}

/** Drains an entry nobody needs (the outer tar only moves on once each entry is consumed). */
async function drain(entry: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of entry) {
    /* discard */
  }
}

/**
 * Streams an image archive once and returns every layer listing and JSON document in it.
 * The stream is destroyed if the scan fails or `signal` aborts.
 */
export async function scanImageArchive(
  source: NodeJS.ReadableStream,
  opts: ScanOptions = {},
): Promise<ArchiveScan> {
  const scan: ArchiveScan = { layers: new Map(), json: new Map(), links: new Map() };
  const outer = tar.extract();
  const destroy = (err: Error): void => {
    (source as NodeJS.ReadableStream & { destroy?: (e?: Error) => void }).destroy?.();
    outer.destroy(err);
  };
  const onAbort = (): void => destroy(new Error('image archive read was cancelled'));
  if (opts.signal?.aborted) {
    (source as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    throw new Error('image archive read was cancelled');
  }
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  // Read ahead while a layer is being parsed: the daemon produces the export no faster than it is read,
  // so without slack its work and ours would alternate instead of overlapping. Bounded, so memory is too.
  const readAhead = new PassThrough({ highWaterMark: READ_AHEAD_BYTES });
  source.on('error', (err: Error) => outer.destroy(err));
  readAhead.on('error', (err: Error) => outer.destroy(err));
  source.pipe(readAhead).pipe(outer as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of outer) {
      const name = cleanArchivePath(entry.header.name);
      const type = entry.header.type;
      if ((type === 'symlink' || type === 'link') && entry.header.linkname) {
        // Symlinks are relative to the entry's directory, hard links to the archive root.
        const target =
          type === 'symlink' ? posix.join(posix.dirname(name), entry.header.linkname) : entry.header.linkname;
        scan.links.set(name, cleanArchivePath(target));
      }
      if (type !== 'file' && type !== 'contiguous-file') {
        await drain(entry);
        continue;
      }
      // Sniff the first block, then stream the rest into whichever sink the magic bytes call for.
      let sink: BlobSink | null = null;
      const head: Buffer[] = [];
      let headLength = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        if (sink) {
          await sink.write(chunk);
          continue;
        }
        head.push(chunk);
        headLength += chunk.length;
        if (headLength < SNIFF_BYTES) continue;
        const first = Buffer.concat(head);
        sink = sinkFor(name, first, scan, opts);
        await sink.write(first);
      }
      if (!sink) {
        const first = Buffer.concat(head);
        sink = sinkFor(name, first, scan, opts);
        if (first.length > 0) await sink.write(first);
      }
      await sink.end();
    }
  } catch (err) {
    destroy(err as Error);
    if (opts.signal?.aborted) throw new Error('image archive read was cancelled', { cause: err });
    throw new Error(`cannot read the image archive: ${(err as Error).message}`, { cause: err });
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return scan;
}
