import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EM, readElf, wholeFile } from './elf-reader';
import { ElfStreamReader } from './elf-stream';

/** Real binaries of this machine (Debian); a test is skipped where the file is absent. */
const TRUE = '/bin/true';
const LIBZ = '/usr/lib/x86_64-linux-gnu/libz.so.1';
const SYSTEMCTL = '/usr/bin/systemctl'; // RUNPATH /usr/lib/x86_64-linux-gnu/systemd
const STATIC_GO = '/usr/local/bin/terraform'; // a statically linked Go binary

const read = (p: string): Uint8Array => new Uint8Array(readFileSync(realpathSync(p)));

function stream(bytes: Uint8Array, chunk: number, prefixBytes: number) {
  const r = new ElfStreamReader(bytes.length, { prefixBytes });
  let fed = 0;
  for (let o = 0; o < bytes.length; o += chunk) {
    fed += Math.min(chunk, bytes.length - o);
    if (!r.write(bytes.subarray(o, o + chunk))) break;
  }
  return { result: r.end(), fed };
}

// Each case reads a real binary of this Debian machine; where one is missing the case skips rather
// than test made-up bytes (the synthetic-ELF cases elsewhere cover the parser without them).
describe('readElf on real files', () => {
  it.skipIf(!existsSync(TRUE))('reads a PIE executable: interpreter and libc', () => {
    const r = readElf(wholeFile(read(TRUE)), read(TRUE).length);
    expect(r.kind).toBe('elf');
    if (r.kind !== 'elf') return;
    expect(r.info).toMatchObject({ bits: 64, littleEndian: true, type: 'dyn', machine: EM.X86_64 });
    expect(r.info.interpreter).toBe('/lib64/ld-linux-x86-64.so.2');
    expect(r.info.needed).toContain('libc.so.6');
    expect(r.info.soname).toBeNull();
  });

  it.skipIf(!existsSync(LIBZ))('reads a shared library: SONAME and DT_NEEDED, no interpreter', () => {
    const bytes = read(LIBZ);
    const r = readElf(wholeFile(bytes), bytes.length);
    expect(r).toMatchObject({
      kind: 'elf',
      info: { soname: 'libz.so.1', needed: ['libc.so.6'], interpreter: null },
    });
  });

  it.skipIf(!existsSync(SYSTEMCTL))('reads DT_RUNPATH', () => {
    const bytes = read(SYSTEMCTL);
    const r = readElf(wholeFile(bytes), bytes.length);
    expect(r.kind === 'elf' && r.info.runpath).toEqual(['/usr/lib/x86_64-linux-gnu/systemd']);
    expect(r.kind === 'elf' && r.info.needed).toContain('libc.so.6');
  });

  it.skipIf(!existsSync(STATIC_GO))('a static binary needs nothing', () => {
    const bytes = read(STATIC_GO);
    const r = readElf(wholeFile(bytes), bytes.length);
    expect(r).toMatchObject({ kind: 'elf', info: { dynamic: false, needed: [], interpreter: null } });
  });

  it('answers not-elf for text and need for bytes it does not hold', () => {
    const text = new TextEncoder().encode('#!/bin/sh\necho hi\n');
    expect(readElf(wholeFile(text), text.length)).toEqual({ kind: 'not-elf' });
    expect(readElf({ get: () => undefined }, 1000)).toEqual({ kind: 'need', offset: 0, length: 64 });
  });

  it.skipIf(!existsSync(LIBZ))('never throws on truncated or corrupted ELF bytes', () => {
    const bytes = read(LIBZ);
    for (const cut of [20, 63, 64, 200, 4096]) {
      const part = bytes.slice(0, cut);
      expect(['invalid', 'elf']).toContain(readElf(wholeFile(part), part.length).kind);
    }
    const bad = bytes.slice();
    bad.fill(0xff, 32, 40); // e_phoff far outside the file
    expect(readElf(wholeFile(bad), bad.length).kind).toBe('invalid');
  });
});

describe('ElfStreamReader', () => {
  it.skipIf(!existsSync(LIBZ))('reads the dynamic section beyond the kept prefix, and stops early', () => {
    const bytes = read(LIBZ);
    const whole = readElf(wholeFile(bytes), bytes.length);
    // With an 8 KiB prefix (.dynstr is at 0x11c8) the dynamic segment (offset ~0x1cdd0) must be kept as an asked-for range.
    const { result, fed } = stream(bytes, 1000, 8192);
    expect(result).toEqual(whole.kind === 'elf' ? { kind: 'elf', info: whole.info } : null);
    expect(fed).toBeLessThan(bytes.length); // the section headers at the end are never needed
  });

  it.skipIf(!existsSync(TRUE))('gives the same facts whatever the chunk size', () => {
    const bytes = read(TRUE);
    const whole = readElf(wholeFile(bytes), bytes.length);
    for (const chunk of [1, 7, 512, 65536, bytes.length])
      expect(stream(bytes, chunk, 16 << 20).result).toEqual(
        whole.kind === 'elf' ? { kind: 'elf', info: whole.info } : null,
      );
  });

  it('says not-elf after the first chunk of a non-ELF file', () => {
    const r = new ElfStreamReader(10_000);
    expect(r.write(new Uint8Array(4096).fill(0x41))).toBe(false);
    expect(r.end()).toEqual({ kind: 'not-elf' });
  });

  it.skipIf(!existsSync(LIBZ))(
    'reports unreadable when the string table lies before the dynamic section beyond the prefix',
    () => {
      const bytes = read(LIBZ);
      // A prefix too small to hold .dynstr (which libz keeps at ~0x400), and not asked for until after.
      const { result } = stream(bytes, 512, 256);
      expect(result.kind).toBe('unreadable');
    },
  );
});
