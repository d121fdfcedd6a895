/**
 * Check "Runtime libraries resolve" (issue 10 §1): every ELF executable and shared object in the
 * image's final filesystem must find each of its DT_NEEDED libraries inside the image, searched as the
 * dynamic loader would (`shared/elf/missing-libraries.ts`). The files are read from the image export
 * as it streams (`layers/image-files.ts`): only ELF headers and dynamic sections are kept, a bounded
 * number of bytes per file, and whiteouts of later layers are honoured.
 *
 * Baseline: names already unresolved in the original (optional plugins, test data…) are the
 * baseline. The original passes (its unresolved names are listed as evidence); the optimized image
 * fails only on sonames the original resolves. So `isRegression` is exactly "a library the original
 * had is missing", e.g. uWSGI built against libxml2 in a full builder, copied into a slim runtime.
 */
import type Dockerode from 'dockerode';
import { EM, hasElfMagic, type ElfInfo } from '../../../shared/elf/elf-reader';
import { ElfStreamReader } from '../../../shared/elf/elf-stream';
import { isLoaderConfigPath, loaderConfigDirs } from '../../../shared/elf/loader-config';
import { findMissingLibraries, type MissingLibrary } from '../../../shared/elf/missing-libraries';
import { readImageArchiveFiles, taggedTextReader, type FileReader } from '../layers/image-files';
import type { PackageManager } from '../../../shared/repair/runtime-packages';
import { resolvePath, type FsLookup } from '../../../shared/elf/image-paths';
import type { Check, CheckResult, CheckTarget } from './types';

const ID = 'runtime-libraries' as const;
const TITLE = 'Runtime libraries resolve';
/** Evidence lines kept per result. */
const MAX_EVIDENCE = 20;
/** Smallest file worth reading as an ELF (a 64-bit ELF header is 64 bytes). */
const MIN_ELF_BYTES = 64;

/** What one image's libraries look like. */
export interface ImageLibraries {
  /** Dynamically linked executables and shared objects checked. */
  checked: number;
  /** Each DT_NEEDED not found in the image, with the file that needs it. */
  missing: MissingLibrary[];
  /** ELF files whose dynamic section lay outside the read budget or was malformed (not judged). */
  unreadable: string[];
  /** e_machine of the image's architecture, when known. */
  machine?: number;
  /**
   * The package manager a repair can use in this image: `apt` (Debian family per /etc/os-release, and
   * apt-get present), `apk` (Alpine, apk present), or null (distroless, scratch, other).
   */
  packageManager: PackageManager | null;
}

/** Docker/OCI architecture names → ELF e_machine. */
const ARCH_MACHINE: Record<string, number> = {
  amd64: EM.X86_64,
  arm64: EM.AARCH64,
  '386': EM.I386,
  arm: EM.ARM,
  ppc64le: EM.PPC64,
  s390x: EM.S390,
  riscv64: EM.RISCV,
};

export type Picked = { kind: 'elf'; info: ElfInfo } | { kind: 'unreadable' } | { kind: 'text'; text: string };

/** A reader that keeps an ELF file's loader facts (bounded bytes), or drops a non-ELF file. */
export function elfReader(size: number): FileReader<Picked> {
  const r = new ElfStreamReader(size);
  let first = true;
  return {
    write(chunk) {
      if (first && chunk.length >= 4 && !hasElfMagic(chunk)) return false;
      first = false;
      return r.write(chunk);
    },
    result() {
      if (first) return undefined;
      const v = r.end();
      return v.kind === 'elf' ? v : v.kind === 'unreadable' ? { kind: 'unreadable' } : undefined;
    },
  };
}

const OS_RELEASE = ['/etc/os-release', '/usr/lib/os-release'];

function pick(path: string, size: number): FileReader<Picked> | null {
  if (isLoaderConfigPath(path) || OS_RELEASE.includes(path)) {
    return taggedTextReader(64 * 1024);
  }
  return size >= MIN_ELF_BYTES ? elfReader(size) : null;
}

/** The image config facts the search needs: `Env` (for LD_LIBRARY_PATH) and `Architecture`. */
export interface ImageConfigFacts {
  env?: string[];
  architecture?: string;
}

/**
 * Lists the DT_NEEDED names the ELF files of an image export cannot resolve. `stream` is the export
 * (`docker save` / `GET /images/{name}/get`); it is read once, with bounded bytes kept per file.
 */
export async function inspectArchiveLibraries(
  stream: NodeJS.ReadableStream,
  config: ImageConfigFacts,
  opts: { imageRef?: string; signal?: AbortSignal } = {},
): Promise<ImageLibraries> {
  const { fs, files } = await readImageArchiveFiles(stream, pick, opts);
  const ldLibraryPath = config.env
    ?.find((e) => e.startsWith('LD_LIBRARY_PATH='))
    ?.slice('LD_LIBRARY_PATH='.length);
  const machine = ARCH_MACHINE[config.architecture ?? ''];
  const elves = new Map<string, ElfInfo>();
  const texts = new Map<string, string>();
  const unreadable: string[] = [];
  for (const [path, v] of files) {
    if (v.kind === 'elf') elves.set(path, v.info);
    else if (v.kind === 'text') texts.set(path, v.text);
    else unreadable.push(path);
  }
  const { checked, missing } = findMissingLibraries({
    fs,
    elves,
    configDirs: loaderConfigDirs(texts),
    ldLibraryPath,
    machine,
  });
  return {
    checked,
    missing,
    unreadable: unreadable.sort(),
    ...(machine !== undefined ? { machine } : {}),
    packageManager: packageManagerOf(fs, texts),
  };
}

/** The package manager usable in an image: from os-release's ID/ID_LIKE, if its binary is there. */
export function packageManagerOf(fs: FsLookup, texts: ReadonlyMap<string, string>): PackageManager | null {
  const real = resolvePath(fs, '/etc/os-release') ?? resolvePath(fs, '/usr/lib/os-release');
  const text = real ? texts.get(real.path) : undefined;
  if (!text) return null;
  const field = (k: string): string =>
    (new RegExp(`^${k}=["']?([^"'\n]*)`, 'm').exec(text)?.[1] ?? '').toLowerCase();
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/);
  const has = (p: string): boolean => resolvePath(fs, p)?.type === 'file';
  if (ids.some((id) => id === 'debian' || id === 'ubuntu') && has('/usr/bin/apt-get')) return 'apt';
  if (ids.includes('alpine') && (has('/sbin/apk') || has('/usr/bin/apk'))) return 'apk';
  return null;
}

/** Results by image id: an image's content never changes, and the hold-back loop re-checks the original. */
const byImageId = new Map<string, Promise<ImageLibraries>>();
const CACHE_SIZE = 16;

/**
 * Reads `image` (tag or id) from the daemon and lists the DT_NEEDED names its ELF files cannot
 * resolve. Cost: one streamed export of the image (like the layer analysis), about 20 s for an
 * 800 MB image on the test engine; results are kept per image id (last 16). Throws when the image
 * is absent or unreadable.
 */
export async function inspectImageLibraries(
  docker: Dockerode,
  image: string,
  signal?: AbortSignal,
): Promise<ImageLibraries> {
  const img = docker.getImage(image);
  const inspect = await img.inspect();
  const cached = byImageId.get(inspect.Id);
  if (cached) return cached;
  const result = (async () =>
    inspectArchiveLibraries(
      await img.get(),
      { env: inspect.Config?.Env ?? [], architecture: inspect.Architecture },
      { imageRef: image, signal },
    ))();
  byImageId.set(inspect.Id, result);
  // A failed or cancelled read is not kept.
  result.catch(() => byImageId.delete(inspect.Id));
  while (byImageId.size > CACHE_SIZE) byImageId.delete(byImageId.keys().next().value!);
  return result;
}

/** Evidence lines: `libxml2.so.2 (needed by /usr/local/bin/uwsgi and 2 more)`, one per soname. */
export function evidenceLines(missing: MissingLibrary[]): string[] {
  const bySoname = new Map<string, string[]>();
  for (const m of missing) bySoname.set(m.soname, [...(bySoname.get(m.soname) ?? []), m.file]);
  const lines = [...bySoname].map(
    ([soname, files]) =>
      `${soname} (needed by ${files[0]}${files.length > 1 ? ` and ${files.length - 1} more` : ''})`,
  );
  return lines.length > MAX_EVIDENCE
    ? [...lines.slice(0, MAX_EVIDENCE), `… and ${lines.length - MAX_EVIDENCE} more sonames`]
    : lines;
}

const sonamesOf = (missing: MissingLibrary[]): string[] => [...new Set(missing.map((m) => m.soname))].sort();
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

/**
 * The two verdicts from the two images' facts (pure; exported for tests). The optimized image fails
 * on sonames unresolved there but resolved in the original; `data.missingSonames` lists them (what
 * the repair maps to packages).
 */
export function judgeLibraries(
  original: ImageLibraries,
  optimized: ImageLibraries,
): { original: CheckResult; optimized: CheckResult } {
  const baseline = new Set(original.missing.map((m) => m.soname));
  const fresh = optimized.missing.filter((m) => !baseline.has(m.soname));
  const freshNames = sonamesOf(fresh);
  const origSummary =
    original.missing.length === 0
      ? `All DT_NEEDED libraries of ${plural(original.checked, 'ELF file')} resolve.`
      : `${plural(baseline.size, 'library name')} already unresolved in the original (${sonamesOf(original.missing).slice(0, 5).join(', ')}); taken as the baseline.`;
  const optSummary =
    fresh.length > 0
      ? `${plural(freshNames.length, 'library')} the original has ${freshNames.length === 1 ? 'is' : 'are'} missing: ${freshNames.slice(0, 5).join(', ')}${freshNames.length > 5 ? ', …' : ''}.`
      : optimized.missing.length === 0
        ? `All DT_NEEDED libraries of ${plural(optimized.checked, 'ELF file')} resolve.`
        : `Only names unresolved in the original too are unresolved (${sonamesOf(optimized.missing).slice(0, 5).join(', ')}).`;
  const data = (x: ImageLibraries, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    checked: x.checked,
    missing: x.missing.slice(0, 200),
    unreadable: x.unreadable.slice(0, 50),
    ...extra,
  });
  return {
    original: {
      id: ID,
      title: TITLE,
      status: 'pass',
      summary: origSummary,
      evidence: evidenceLines(original.missing),
      data: data(original),
    },
    optimized: {
      id: ID,
      title: TITLE,
      status: fresh.length > 0 ? 'fail' : 'pass',
      summary: optSummary,
      evidence: evidenceLines(fresh.length > 0 ? fresh : optimized.missing),
      data: data(optimized, { missingSonames: freshNames, packageManager: optimized.packageManager }),
    },
  };
}

function skipped(why: string): CheckResult {
  return { id: ID, title: TITLE, status: 'skip', summary: why, evidence: [] };
}

/**
 * The check. `run` reads both images one after the other (memory: one image's listing at a time)
 * and judges them with {@link judgeLibraries}. When an image cannot be read both results are
 * `skip`, with the reason.
 */
const seen = new Map<string, Promise<ImageLibraries>>();

/**
 * {@link inspectImageLibraries}, remembered for images named by id (`sha256:…`, immutable): the
 * hold-back loop checks many candidates against the same original, whose export is read once.
 */
function librariesOf(t: CheckTarget): Promise<ImageLibraries> {
  if (!t.image.startsWith('sha256:')) return inspectImageLibraries(t.docker, t.image, t.signal);
  let p = seen.get(t.image);
  if (!p) {
    p = inspectImageLibraries(t.docker, t.image, t.signal);
    p.catch(() => seen.delete(t.image));
    seen.set(t.image, p);
    if (seen.size > 8) seen.delete(seen.keys().next().value as string);
  }
  return p;
}

export const runtimeLibrariesCheck: Check = {
  id: ID,
  title: TITLE,
  async run(original: CheckTarget, optimized: CheckTarget) {
    let a: ImageLibraries;
    let b: ImageLibraries;
    try {
      a = await librariesOf(original);
    } catch (err) {
      const s = skipped(`Cannot read the original image's files: ${(err as Error).message}`);
      return { original: s, optimized: s };
    }
    try {
      b = await librariesOf(optimized);
    } catch (err) {
      const s = skipped(`Cannot read the optimized image's files: ${(err as Error).message}`);
      return { original: s, optimized: s };
    }
    return judgeLibraries(a, b);
  },
};
