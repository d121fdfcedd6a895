/**
 * Reads one layer tar, fed chunk by chunk as the outer archive streams it, into a compact listing:
 * paths, sizes, modes, owners and (optionally) a short content digest. File contents flow through a
 * hash and are dropped, so memory is bounded by the number of entries, never by bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import tar, { type Header } from 'tar-stream';
import {
  LayerListingBuilder,
  normalizeEntryPath,
  type EntryType,
  type LayerListing,
} from '../../../shared/layers/layer-entry';

/** How a layer blob is compressed. */
export type LayerCompression = 'none' | 'gzip' | 'zstd';

/** Options for reading a layer. */
export interface LayerReadOptions {
  /**
   * Digest every file's contents (SHA-1, truncated) so a re-store that only changed mode/owner is told
   * apart from a content change exactly; without it the analysis falls back to size + mtime. Default true.
   */
  hashContents?: boolean;
}

/** Takes the bytes of one file of a layer as they stream by. */
export interface FileConsumer {
  /** The next chunk; return false once nothing more is needed (the rest is skipped). */
  write(chunk: Buffer): boolean;
  /** The file ended (or was cut short by `write` returning false). */
  end(): void;
}

/**
 * Chooses files of one layer to read. `open` is called for every regular file (whiteout markers
 * included, which are empty) with its normalised absolute path, size and mode; it returns a consumer
 * for the bytes, or null to skip the file.
 */
export interface LayerFileProbe {
  open(path: string, size: number, mode: number): FileConsumer | null;
}

function entryType(type: Header['type']): EntryType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

function decoderFor(compression: LayerCompression): Transform | null {
  if (compression === 'gzip') return zlib.createGunzip();
  if (compression === 'zstd') {
    // zstd is in node:zlib from Node 22.15; containerd may keep layers zstd-compressed.
    const create = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;
    if (!create)
      throw new Error('zstd-compressed layer: this Node.js has no zstd support (needs Node ≥ 22.15)');
    return create();
  }
  return null;
}

/** Incremental layer parser. `write` never throws (a broken layer is reported by `end`). */
export class LayerTarReader {
  private readonly extract = tar.extract();
  private readonly decoder: Transform | null;
  private readonly builder = new LayerListingBuilder();
  private readonly hashContents: boolean;
  private failure: Error | null = null;
  private settle!: () => void;
  /** Resolves when the tar is fully parsed or has failed; never rejects. */
  private readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  /** @param probe reads chosen files' contents (see {@link LayerFileProbe}). */
  constructor(
    compression: LayerCompression,
    opts: LayerReadOptions = {},
    private readonly probe?: LayerFileProbe,
  ) {
    this.hashContents = opts.hashContents ?? true;
    this.decoder = decoderFor(compression);
    this.extract.on('entry', (header, stream, next) => this.onEntry(header, stream, next));
    this.extract.on('finish', () => this.settle());
    this.extract.on('error', (err: Error) => this.fail(err));
    if (this.decoder) {
      this.decoder.on('error', (err: Error) => this.fail(err));
      // tar-stream's extract is a streamx Writable, which Node's pipe() drives like its own.
      this.decoder.pipe(this.extract as unknown as NodeJS.WritableStream);
    }
  }

  /** Feeds the next chunk of the (possibly compressed) layer blob, honouring backpressure. */
  async write(chunk: Buffer): Promise<void> {
    if (this.failure) return;
    const target = this.decoder ?? (this.extract as unknown as NodeJS.WritableStream);
    if (target.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        target.removeListener('drain', done);
        resolve();
      };
      target.once('drain', done);
      void this.settled.then(done);
    });
  }

  /** Ends the input and returns the listing, or throws why the layer could not be read. */
  async end(): Promise<LayerListing> {
    if (!this.failure) (this.decoder ?? (this.extract as unknown as NodeJS.WritableStream)).end();
    await this.settled;
    if (this.failure) throw this.failure;
    return this.builder.build();
  }

  private onEntry(header: Header, stream: NodeJS.EventEmitter, next: () => void): void {
    const type = entryType(header.type);
    const size = header.size ?? 0;
    const hash: Hash | null = this.hashContents && type === 'file' && size > 0 ? createHash('sha1') : null;
    const path = this.probe && type === 'file' ? normalizeEntryPath(header.name) : null;
    let consumer = path ? this.probe!.open(path, size, header.mode ?? 0) : null;
    stream.on('data', (c: Buffer) => {
      hash?.update(c);
      if (consumer && !consumer.write(c)) {
        consumer.end();
        consumer = null;
      }
    });
    // A truncated layer destroys the current entry with the parse error; without a listener it would throw.
    stream.on('error', (err: Error) => this.fail(err));
    stream.on('end', () => {
      consumer?.end();
      consumer = null;
      this.builder.add(header.name, {
        type,
        size,
        mode: header.mode ?? 0,
        uid: header.uid ?? 0,
        gid: header.gid ?? 0,
        mtime: header.mtime ? Math.floor(header.mtime.getTime() / 1000) : undefined,
        linkname: header.linkname ?? undefined,
        // 16 base64 chars = 96 bits: plenty to tell two versions of one path apart, half the memory.
        contentKey: hash ? hash.digest('base64').slice(0, 16) : undefined,
      });
      next();
    });
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.decoder?.unpipe();
    this.decoder?.destroy();
    this.extract.destroy();
    this.settle();
  }
}
