/**
 * A small reader of the parts of an ELF file the dynamic loader looks at: the ELF header (class, byte
 * order, type, machine), the program headers (PT_LOAD, PT_DYNAMIC, PT_INTERP) and the dynamic section's
 * DT_NEEDED, DT_SONAME, DT_RPATH and DT_RUNPATH strings. Pure: it works on `Uint8Array`s.
 *
 * Written by hand: the npm ELF readers (elfy, elf-tools, elfinfo, @bugsplat/elfy, readelf.js) need a
 * whole file in a Node `Buffer` or a file handle, and none parses the dynamic section's strings, while
 * Whittle reads files out of streamed layer tars with a byte budget. Layouts and constants are from the
 * System V ABI "ELF" chapter and `man 5 elf` (Linux man-pages), `<elf.h>` of glibc.
 *
 * The reader asks for byte ranges through a {@link ByteSource}; when a range is not available yet it
 * answers `{ kind: 'need', offset, length }` so a streaming caller can keep those bytes and retry.
 */

/** Random access to what is known of a file; `undefined` when (part of) the range is not held. */
export interface ByteSource {
  get(offset: number, length: number): Uint8Array | undefined;
}

/** What the dynamic loader needs to know about one ELF file. */
export interface ElfInfo {
  /** 32 or 64 (EI_CLASS). */
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_type: `exec` (ET_EXEC), `dyn` (ET_DYN: shared objects and PIE executables), `rel`, `core`, `other`. */
  type: 'exec' | 'dyn' | 'rel' | 'core' | 'other';
  /** e_machine number (62 x86-64, 183 AArch64, 3 i386, 40 ARM…). */
  machine: number;
  /** PT_INTERP: the program interpreter path (e.g. `/lib64/ld-linux-x86-64.so.2`); null when absent. */
  interpreter: string | null;
  /** True when the file has a PT_DYNAMIC segment (is dynamically linked). */
  dynamic: boolean;
  /** DT_NEEDED names in order. */
  needed: string[];
  soname: string | null;
  /** DT_RPATH entries (colon-separated in the file), `$ORIGIN` not expanded. */
  rpath: string[];
  /** DT_RUNPATH entries; when present the loader ignores DT_RPATH. */
  runpath: string[];
}

/** A result of {@link readElf}. */
export type ElfRead =
  | { kind: 'elf'; info: ElfInfo }
  | { kind: 'not-elf' }
  | { kind: 'need'; offset: number; length: number }
  | { kind: 'invalid'; reason: string };

/** The four magic bytes every ELF file starts with: 0x7f 'E' 'L' 'F'. */
export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;

/** Well-known e_machine values (glibc `<elf.h>`). */
export const EM = { I386: 3, ARM: 40, X86_64: 62, AARCH64: 183, PPC64: 21, S390: 22, RISCV: 243 } as const;

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_RUNPATH = 29;
/** e_phnum value meaning "more program headers than fit; see section header 0" (rare, unsupported). */
const PN_XNUM = 0xffff;
/** Sanity bounds: no real file has more program headers or dynamic entries than this. */
const MAX_PHNUM = 4096;
const MAX_DYNAMIC_BYTES = 1024 * 1024;
const MAX_NAME = 4096;

/** True when `head` starts with the ELF magic. */
export function hasElfMagic(head: Uint8Array): boolean {
  return ELF_MAGIC.every((b, i) => head[i] === b);
}

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

class Reader {
  constructor(
    readonly view: DataView,
    readonly le: boolean,
    readonly bits: 32 | 64,
  ) {}
  u16 = (o: number): number => this.view.getUint16(o, this.le);
  u32 = (o: number): number => this.view.getUint32(o, this.le);
  /** A word (u32 or u64); u64 values above 2^53 come back as NaN (no real file offset is that large). */
  word = (o: number): number => {
    if (this.bits === 32) return this.view.getUint32(o, this.le);
    const v = this.view.getBigUint64(o, this.le);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(v);
  };
  /** A signed tag (d_tag), as a number; large values only matter as "not one we want". */
  tag = (o: number): number =>
    this.bits === 32 ? this.view.getInt32(o, this.le) : Number(this.view.getBigInt64(o, this.le));
}

const viewOf = (bytes: Uint8Array): DataView =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function cString(bytes: Uint8Array, start: number): string | null {
  let end = start;
  while (end < bytes.length && bytes[end] !== 0) end++;
  if (end >= bytes.length) return null;
  let ascii = '';
  let encoded = '';
  for (let i = start; i < end; i++) {
    ascii += String.fromCharCode(bytes[i]!);
    encoded += '%' + bytes[i]!.toString(16).padStart(2, '0');
  }
  // Names are bytes; decode them as UTF-8 where they are (they are almost always ASCII).
  try {
    return decodeURIComponent(encoded);
  } catch {
    return ascii;
  }
}

const TYPES: Record<number, ElfInfo['type']> = { 1: 'rel', 2: 'exec', 3: 'dyn', 4: 'core' };

/**
 * Reads an ELF file's header, program headers and dynamic strings from `src`. `fileSize` bounds every
 * offset. Never throws on malformed input: it answers `invalid` with a reason.
 */
export function readElf(src: ByteSource, fileSize: number): ElfRead {
  const ident = src.get(0, Math.min(64, fileSize));
  if (!ident) return { kind: 'need', offset: 0, length: Math.min(64, fileSize) };
  if (ident.length < 16 || !hasElfMagic(ident)) return { kind: 'not-elf' };
  const cls = ident[4];
  const data = ident[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2))
    return { kind: 'invalid', reason: 'unknown ELF class or byte order' };
  const bits = cls === 1 ? 32 : 64;
  if (ident.length < (bits === 64 ? 64 : 52)) return { kind: 'invalid', reason: 'truncated ELF header' };
  const h = new Reader(viewOf(ident), data === 1, bits);
  const type = TYPES[h.u16(16)] ?? 'other';
  const machine = h.u16(18);
  const phoff = h.word(bits === 64 ? 32 : 28);
  const phentsize = h.u16(bits === 64 ? 54 : 42);
  const phnum = h.u16(bits === 64 ? 56 : 44);
  const base: ElfInfo = {
    bits,
    littleEndian: data === 1,
    type,
    machine,
    interpreter: null,
    dynamic: false,
    needed: [],
    soname: null,
    rpath: [],
    runpath: [],
  };
  if (phnum === 0) return { kind: 'elf', info: base };
  if (phnum === PN_XNUM || phnum > MAX_PHNUM) return { kind: 'invalid', reason: 'too many program headers' };
  if (phentsize < (bits === 64 ? 56 : 32)) return { kind: 'invalid', reason: 'bad program header size' };
  const phBytes = phentsize * phnum;
  if (!Number.isFinite(phoff) || phoff + phBytes > fileSize)
    return { kind: 'invalid', reason: 'program headers outside the file' };
  const ph = src.get(phoff, phBytes);
  if (!ph) return { kind: 'need', offset: phoff, length: phBytes };
  const p = new Reader(viewOf(ph), h.le, bits);
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * phentsize;
    segments.push(
      bits === 64
        ? { type: p.u32(o), offset: p.word(o + 8), vaddr: p.word(o + 16), filesz: p.word(o + 32) }
        : { type: p.u32(o), offset: p.word(o + 4), vaddr: p.word(o + 8), filesz: p.word(o + 16) },
    );
  }

  const interp = segments.find((s) => s.type === PT_INTERP);
  if (interp && interp.filesz > 0 && interp.filesz <= MAX_NAME && interp.offset + interp.filesz <= fileSize) {
    const bytes = src.get(interp.offset, interp.filesz);
    if (!bytes) return { kind: 'need', offset: interp.offset, length: interp.filesz };
    base.interpreter = cString(bytes, 0) ?? cString(Uint8Array.of(...bytes, 0), 0);
  }

  const dyn = segments.find((s) => s.type === PT_DYNAMIC);
  if (!dyn) return { kind: 'elf', info: base };
  base.dynamic = true;
  const dynSize = Math.min(dyn.filesz, MAX_DYNAMIC_BYTES);
  if (!Number.isFinite(dyn.offset) || dyn.offset + dynSize > fileSize)
    return { kind: 'invalid', reason: 'dynamic segment outside the file' };
  const dynBytes = src.get(dyn.offset, dynSize);
  if (!dynBytes) return { kind: 'need', offset: dyn.offset, length: dynSize };
  const d = new Reader(viewOf(dynBytes), h.le, bits);
  const entry = bits === 64 ? 16 : 8;
  const refs: { tag: number; off: number }[] = [];
  let strtab = Number.NaN;
  let strsz = Number.NaN;
  for (let o = 0; o + entry <= dynBytes.length; o += entry) {
    const tag = d.tag(o);
    if (tag === DT_NULL) break;
    const val = d.word(o + entry / 2);
    if (tag === DT_STRTAB) strtab = val;
    else if (tag === DT_STRSZ) strsz = val;
    else if (tag === DT_NEEDED || tag === DT_SONAME || tag === DT_RPATH || tag === DT_RUNPATH)
      refs.push({ tag, off: val });
  }
  if (refs.length === 0) return { kind: 'elf', info: base };
  if (!Number.isFinite(strtab)) return { kind: 'invalid', reason: 'dynamic section has no DT_STRTAB' };
  // DT_STRTAB is a virtual address: map it to a file offset through the PT_LOAD segment that holds it.
  const load = segments.find((s) => s.type === PT_LOAD && strtab >= s.vaddr && strtab < s.vaddr + s.filesz);
  if (!load) return { kind: 'invalid', reason: 'DT_STRTAB is not in a loaded segment' };
  const strOff = load.offset + (strtab - load.vaddr);
  const limit = Math.min(
    fileSize,
    Number.isFinite(strsz) ? strOff + strsz : fileSize,
    load.offset + load.filesz,
  );
  const first = Math.min(...refs.map((r) => r.off));
  const last = Math.max(...refs.map((r) => r.off));
  const start = strOff + first;
  const end = Math.min(limit, strOff + last + MAX_NAME);
  if (start >= end) return { kind: 'invalid', reason: 'dynamic string outside the string table' };
  const strings = src.get(start, end - start);
  if (!strings) return { kind: 'need', offset: start, length: end - start };
  for (const r of refs) {
    const s = cString(strings, r.off - first);
    if (s === null) return { kind: 'invalid', reason: 'unterminated dynamic string' };
    if (r.tag === DT_NEEDED) base.needed.push(s);
    else if (r.tag === DT_SONAME) base.soname = s;
    else if (r.tag === DT_RPATH) base.rpath.push(...s.split(':').filter(Boolean));
    else base.runpath.push(...s.split(':').filter(Boolean));
  }
  return { kind: 'elf', info: base };
}

/** A {@link ByteSource} over a whole file held in memory (tests, small files). */
export function wholeFile(bytes: Uint8Array): ByteSource {
  return {
    get: (offset, length) =>
      offset >= 0 && offset + length <= bytes.length ? bytes.subarray(offset, offset + length) : undefined,
  };
}
