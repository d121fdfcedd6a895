/**
 * Which ELF files link glibc: what decides whether an app may move to an alpine (musl) base. A file
 * links glibc when its program interpreter is glibc's loader (`/lib64/ld-linux-x86-64.so.2`,
 * `/lib/ld-linux-aarch64.so.1`, `/lib/ld-linux.so.2`, `ld64.so.*` on ppc64/s390x) or when it needs
 * one of glibc's own sonames (`libc.so.6`, `libm.so.6`, `libpthread.so.0`, `libdl.so.2`,
 * `librt.so.1`, `libresolv.so.2`…). musl's loader is `/lib/ld-musl-<arch>.so.1` and its libc is
 * `libc.musl-<arch>.so.1`; Alpine ships no `libc.so.6` (gcompat aside), so such a file does not run
 * there. Sources: glibc's `shlib-versions` files (sonames), musl's `INSTALL` (loader name).
 */
import type { ElfInfo } from './elf-reader';

/** glibc's loader names, by the path's base name. */
const GLIBC_LOADER = /^(ld-linux(-[\w-]+)?\.so\.\d|ld64\.so\.\d)$/;

/** Sonames only glibc provides (its `shlib-versions`); musl folds them into one libc. */
const GLIBC_SONAMES = new Set([
  'libc.so.6',
  'libm.so.6',
  'libpthread.so.0',
  'libdl.so.2',
  'librt.so.1',
  'libresolv.so.2',
  'libutil.so.1',
  'libcrypt.so.1',
  'libnsl.so.1',
  'libanl.so.1',
]);

/** True when the ELF file runs only on glibc (its loader or one of its sonames). */
export function linksGlibc(info: ElfInfo): boolean {
  const loader = info.interpreter?.replace(/^.*\//, '') ?? '';
  return GLIBC_LOADER.test(loader) || info.needed.some((n) => GLIBC_SONAMES.has(n));
}

/**
 * The files among `elves` that link glibc, sorted (at most `limit`, default 20, for evidence).
 * `elves` maps a path in the image to its ELF facts (see `elf-stream.ts`).
 */
export function glibcLinkedFiles(elves: ReadonlyMap<string, ElfInfo>, limit = 20): string[] {
  return [...elves]
    .filter(([, info]) => linksGlibc(info))
    .map(([path]) => path)
    .sort()
    .slice(0, limit);
}
