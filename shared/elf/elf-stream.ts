/**
 * Reads an ELF file's dynamic-loading facts while its bytes stream past once (e.g. out of a layer tar),
 * keeping only what {@link readElf} asks for. Memory per file is bounded by {@link ElfStreamLimits}:
 * a prefix of the file (where the headers and, in practice, `.dynstr` live) plus the few ranges asked
 * for beyond it (the dynamic segment is small but usually deep in the file).
 */
import { hasElfMagic, readElf, type ByteSource, type ElfInfo } from './elf-reader';

/** Byte budgets of one streamed file. */
export interface ElfStreamLimits {
  /** Bytes of the file's start kept in case the string table is there (default 16 MiB). */
  prefixBytes?: number;
  /** Largest single range kept beyond the prefix (default 4 MiB). */
  maxRangeBytes?: number;
}

/** What streaming one file gave. `unreadable`: an ELF whose facts lay outside the byte budget or were malformed. */
export type ElfStreamResult =
  { kind: 'elf'; info: ElfInfo } | { kind: 'not-elf' } | { kind: 'unreadable'; reason: string };

interface Piece {
  offset: number;
  bytes: Uint8Array;
}

/**
 * Feed a file's bytes in order with {@link write}; {@link write} returns false once nothing more is
 * needed (the caller may then discard the rest). Call {@link end} for the verdict.
 */
export class ElfStreamReader implements ByteSource {
  private readonly prefixBytes: number;
  private readonly maxRangeBytes: number;
  private readonly pieces: Piece[] = [];
  private position = 0;
  private wanted: { offset: number; length: number } | null = { offset: 0, length: 64 };
  private result: ElfStreamResult | null = null;

  /** @param size the file's size in bytes (the tar header's). */
  constructor(
    private readonly size: number,
    limits: ElfStreamLimits = {},
  ) {
    this.prefixBytes = limits.prefixBytes ?? 16 * 1024 * 1024;
    this.maxRangeBytes = limits.maxRangeBytes ?? 4 * 1024 * 1024;
    this.wanted = { offset: 0, length: Math.min(64, size) };
  }

  /** Takes the next chunk; false when the verdict is known and the rest of the file is not needed. */
  write(chunk: Uint8Array): boolean {
    if (this.result) return false;
    const start = this.position;
    this.position += chunk.length;
    if (start === 0 && chunk.length >= 4 && !hasElfMagic(chunk)) {
      this.result = { kind: 'not-elf' };
      return false;
    }
    if (this.keeps(start, chunk.length))
      // A copy: a Node Buffer's slice() is a view that would pin (and could see reuse of) the source.
      this.pieces.push({ offset: start, bytes: new Uint8Array(chunk) });
    if (this.wanted && this.position >= this.wanted.offset + this.wanted.length) this.step();
    return this.result === null;
  }

  /** The verdict, once all bytes (or all that were needed) have been written. */
  end(): ElfStreamResult {
    if (!this.result) this.step();
    this.pieces.length = 0;
    if (this.result) return this.result;
    return { kind: 'unreadable', reason: 'the file ended before its dynamic section could be read' };
  }

  /** {@link ByteSource}: the range if every byte of it was kept. */
  get(offset: number, length: number): Uint8Array | undefined {
    if (length === 0) return new Uint8Array(0);
    const out = new Uint8Array(length);
    let filled = offset;
    const end = offset + length;
    // Pieces are in ascending order and do not overlap.
    for (const p of this.pieces) {
      const pEnd = p.offset + p.bytes.length;
      if (pEnd <= filled || p.offset > filled) continue;
      const from = filled - p.offset;
      const take = Math.min(pEnd, end) - filled;
      out.set(p.bytes.subarray(from, from + take), filled - offset);
      filled += take;
      if (filled >= end) return out;
    }
    return undefined;
  }

  private keeps(start: number, length: number): boolean {
    if (start < this.prefixBytes) return true;
    const w = this.wanted;
    return !!w && start < w.offset + w.length && start + length > w.offset;
  }

  private step(): void {
    const r = readElf(this, this.size);
    if (r.kind === 'need') {
      const inBudget = r.offset + r.length <= this.size && r.length <= this.maxRangeBytes;
      // Bytes beyond the prefix that already streamed past were not kept; nor were they if readElf still
      // asks for a range it has been given in full (a gap inside it was dropped).
      const lost =
        (r.offset < this.position && r.offset >= this.prefixBytes) || this.position >= r.offset + r.length;
      if (!inBudget || lost) {
        this.finish({
          kind: 'unreadable',
          reason: `ELF data at offset ${r.offset} is beyond the read budget`,
        });
        return;
      }
      this.wanted = { offset: r.offset, length: r.length };
      return;
    }
    this.finish(
      r.kind === 'elf'
        ? { kind: 'elf', info: r.info }
        : r.kind === 'not-elf'
          ? { kind: 'not-elf' }
          : { kind: 'unreadable', reason: r.reason },
    );
  }

  private finish(result: ElfStreamResult): void {
    this.result = result;
    this.wanted = null;
    this.pieces.length = 0;
  }
}
