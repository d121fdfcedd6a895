/**
 * Which `DT_NEEDED` libraries of an image's ELF files the dynamic loader would not find in that image.
 * Search order and substitutions follow `man 8 ld.so` (glibc) and musl's loader:
 *  - a name with a slash is a path (absolute names are looked up; relative ones depend on the working
 *    directory at run time and are not judged);
 *  - the object's DT_RPATH (only when it has no DT_RUNPATH), LD_LIBRARY_PATH, its DT_RUNPATH, with
 *    `$ORIGIN` (the object's directory), `$LIB` and `$PLATFORM` expanded;
 *  - the directories of `/etc/ld.so.conf` (what `ld.so.cache` holds) or `/etc/ld-musl-*.path`;
 *  - the default directories: `/lib`, `/usr/lib`, `/lib64`, `/usr/lib64`, the multiarch ones for the
 *    object's machine, and `/usr/local/lib` (musl's default, Debian's `libc.conf`).
 * A candidate of another ELF class or machine is skipped, as the loader does. Symlinks are followed
 * through the image's own filesystem.
 *
 * Leniency (a false "missing" would hold back a good fix): the loader also reuses a library already
 * loaded under the same soname, and a library's RPATH-less dependency is often found through the
 * executable's RPATH. So a name found in any directory named by any object's RPATH/RUNPATH in the
 * image counts as found too. A library missing from every such place is reported.
 */
import type { ElfInfo } from './elf-reader';
import { EM } from './elf-reader';
import { dirOf, normalizePath, resolvePath, type FsLookup } from './image-paths';

/** One unresolved dependency. */
export interface MissingLibrary {
  /** The ELF file that needs it (its path in the image). */
  file: string;
  /** The DT_NEEDED name, e.g. `libxml2.so.2`. */
  soname: string;
}

/** Inputs of {@link findMissingLibraries}. */
export interface LibraryCheckInput {
  fs: FsLookup;
  /** ELF facts of every regular file of the final filesystem that is an ELF, by path. */
  elves: ReadonlyMap<string, ElfInfo>;
  /** Directories from the loader's config ({@link loaderConfigDirs}). */
  configDirs?: readonly string[];
  /** The image's `LD_LIBRARY_PATH` (from its config's Env), if set. */
  ldLibraryPath?: string;
  /** Only check objects of this e_machine (the image's architecture); others cannot be loaded anyway. */
  machine?: number;
}

/** What {@link findMissingLibraries} found. */
export interface LibraryCheckResult {
  /** Dynamically linked executables and shared objects checked. */
  checked: number;
  /** Every (file, soname) pair not found, sorted by file then soname. */
  missing: MissingLibrary[];
}

/** Debian multiarch triplet and platform name of a machine (`dpkg-architecture`, glibc `$PLATFORM`). */
const MACHINE_DIRS: Record<number, { triplets: string[]; platform: string }> = {
  [EM.X86_64]: { triplets: ['x86_64-linux-gnu'], platform: 'x86_64' },
  [EM.AARCH64]: { triplets: ['aarch64-linux-gnu'], platform: 'aarch64' },
  [EM.I386]: { triplets: ['i386-linux-gnu'], platform: 'i686' },
  [EM.ARM]: { triplets: ['arm-linux-gnueabihf', 'arm-linux-gnueabi'], platform: 'armv7l' },
  [EM.PPC64]: { triplets: ['powerpc64le-linux-gnu'], platform: 'ppc64le' },
  [EM.S390]: { triplets: ['s390x-linux-gnu'], platform: 's390x' },
  [EM.RISCV]: { triplets: ['riscv64-linux-gnu'], platform: 'riscv64' },
};

/** The loader's built-in directories for a machine. */
export function defaultLibraryDirs(machine: number): string[] {
  const triplets = MACHINE_DIRS[machine]?.triplets ?? [];
  return [
    ...triplets.flatMap((t) => [`/lib/${t}`, `/usr/lib/${t}`]),
    '/lib',
    '/usr/lib',
    '/lib64',
    '/usr/lib64',
    '/usr/local/lib',
  ];
}

/** Expands `$ORIGIN`, `$LIB`, `$PLATFORM` (also `${…}`) in one RPATH/RUNPATH entry; relative results are dropped. */
export function expandSearchPath(entry: string, objectPath: string, machine: number): string[] {
  const m = MACHINE_DIRS[machine];
  const libs = ['lib', 'lib64', ...(m?.triplets.map((t) => `lib/${t}`) ?? [])];
  let out = [entry.replace(/\$(\{ORIGIN\}|ORIGIN\b)/g, dirOf(objectPath))];
  if (/\$(\{LIB\}|LIB\b)/.test(entry))
    out = out.flatMap((e) => libs.map((l) => e.replace(/\$(\{LIB\}|LIB\b)/g, l)));
  if (m) out = out.map((e) => e.replace(/\$(\{PLATFORM\}|PLATFORM\b)/g, m.platform));
  return out.filter((d) => d.startsWith('/') && !d.includes('$')).map(normalizePath);
}

/** Directories searched for `info`'s own dependencies, in loader order. */
export function searchDirs(
  path: string,
  info: ElfInfo,
  input: Pick<LibraryCheckInput, 'configDirs' | 'ldLibraryPath'>,
): string[] {
  const expand = (entries: string[]): string[] =>
    entries.flatMap((e) => expandSearchPath(e, path, info.machine));
  const ldLib = (input.ldLibraryPath ?? '')
    .split(/[:;]/)
    .filter((d) => d.startsWith('/'))
    .map(normalizePath);
  return [
    ...new Set([
      ...(info.runpath.length === 0 ? expand(info.rpath) : []),
      ...ldLib,
      ...expand(info.runpath),
      ...(input.configDirs ?? []),
      ...defaultLibraryDirs(info.machine),
    ]),
  ];
}

function loadable(
  input: LibraryCheckInput,
  candidate: string,
  info: ElfInfo,
  cache: Map<string, boolean>,
): boolean {
  const key = `${info.bits}:${info.machine}:${candidate}`;
  let ok = cache.get(key);
  if (ok === undefined) cache.set(key, (ok = loadableUncached(input, candidate, info)));
  return ok;
}

function loadableUncached(input: LibraryCheckInput, candidate: string, info: ElfInfo): boolean {
  const real = resolvePath(input.fs, candidate);
  if (!real || (real.type !== 'file' && real.type !== 'hardlink')) return false;
  const lib = input.elves.get(real.path);
  // Not an ELF we read (unreadable, or a hard link's second name): trust it rather than report it.
  return !lib || (lib.bits === info.bits && lib.machine === info.machine);
}

/**
 * Finds the DT_NEEDED names of every dynamically linked ELF executable or shared object in `elves`
 * that the loader would not find in the image. Pure and synchronous; cost is one path resolution per
 * (file, name, directory) until found.
 */
export function findMissingLibraries(input: LibraryCheckInput): LibraryCheckResult {
  const objects = [...input.elves].filter(
    ([, e]) =>
      e.dynamic &&
      (e.type === 'exec' || e.type === 'dyn') &&
      (input.machine === undefined || e.machine === input.machine),
  );
  // Every directory some object's RPATH/RUNPATH names (see the leniency note above).
  const anyRpathDirs = [
    ...new Set(
      objects.flatMap(([p, e]) =>
        [...e.rpath, ...e.runpath].flatMap((r) => expandSearchPath(r, p, e.machine)),
      ),
    ),
  ];
  const missing: MissingLibrary[] = [];
  const cache = new Map<string, boolean>();
  for (const [path, info] of objects) {
    const dirs = searchDirs(path, info, input);
    for (const soname of new Set(info.needed)) {
      if (soname.includes('/')) {
        if (soname.startsWith('/') && !loadable(input, normalizePath(soname), info, cache))
          missing.push({ file: path, soname });
        continue;
      }
      const found = [...dirs, ...anyRpathDirs].some((d) => loadable(input, `${d}/${soname}`, info, cache));
      if (!found) missing.push({ file: path, soname });
    }
  }
  missing.sort((a, b) => a.file.localeCompare(b.file) || a.soname.localeCompare(b.soname));
  return { checked: objects.length, missing };
}
