/**
 * What the dynamic loader maps for a set of executed programs in an image: each program's
 * interpreter (`PT_INTERP`, e.g. `/lib64/ld-linux-x86-64.so.2`) and the transitive closure of
 * its `DT_NEEDED` libraries, found in the loader's search order (`searchDirs`, after `man 8 ld.so`;
 * see missing-libraries.ts). Scripts add the interpreter of their `#!` line, as the kernel runs it.
 * Pure: the image's filesystem and ELF facts come from the caller.
 */
import type { ElfInfo } from './elf-reader';
import { normalizePath, resolvePath, type FsLookup } from './image-paths';
import { searchDirs } from './missing-libraries';

/** Inputs of {@link loaderClosure}. */
export interface ClosureInput {
  fs: FsLookup;
  /** ELF facts by real path (regular files of the final filesystem). */
  elves: ReadonlyMap<string, ElfInfo>;
  /** `#!` lines of executable scripts by real path (the text after `#!`, trimmed). */
  shebangs?: ReadonlyMap<string, string>;
  configDirs?: readonly string[];
  ldLibraryPath?: string;
}

/** Real path of `p` when it is a regular file (a tar hard link resolves to its target), else null. */
export function realFile(fs: FsLookup, p: string): string | null {
  const r = resolvePath(fs, p);
  if (!r) return null;
  if (r.type === 'hardlink') {
    const target = fs.lookup(r.path)?.linkname;
    return target ? realFile(fs, normalizePath(`/${target}`)) : null;
  }
  return r.type === 'file' ? r.path : null;
}

/**
 * Real paths of the files the kernel and the loader need to run `programs` (paths as executed):
 * the programs themselves, script interpreters, program interpreters and the `DT_NEEDED` closure.
 * A name not found is skipped (the run showed the program works, so it was optional or preloaded).
 */
export function loaderClosure(input: ClosureInput, programs: readonly string[]): string[] {
  const out = new Set<string>();
  const queue: string[] = [];
  const add = (p: string | null): void => {
    if (p && !out.has(p)) {
      out.add(p);
      queue.push(p);
    }
  };
  for (const p of programs) add(realFile(input.fs, p));
  while (queue.length) {
    const path = queue.shift()!;
    const shebang = input.shebangs?.get(path);
    if (shebang) {
      const interp = shebang.split(/\s+/)[0];
      if (interp?.startsWith('/')) add(realFile(input.fs, interp));
      continue;
    }
    const info = input.elves.get(path);
    if (!info) continue;
    if (info.interpreter) add(realFile(input.fs, info.interpreter));
    const dirs = searchDirs(path, info, input);
    for (const soname of new Set(info.needed)) {
      if (soname.includes('/')) {
        if (soname.startsWith('/')) add(realFile(input.fs, soname));
        continue;
      }
      for (const d of dirs) {
        const real = realFile(input.fs, `${d}/${soname}`);
        const lib = real ? input.elves.get(real) : undefined;
        // The loader skips a candidate of another class or machine and keeps searching.
        if (!real || (lib && (lib.bits !== info.bits || lib.machine !== info.machine))) continue;
        add(real);
        break;
      }
    }
  }
  return [...out];
}
