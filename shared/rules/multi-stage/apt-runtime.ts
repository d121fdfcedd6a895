/**
 * What an apt RUN becomes when a stage is split: build-only packages (compilers, `-dev`
 * headers) go to the builder; the runtime keeps the other packages plus the shared libraries
 * the `-dev` packages stood for. Shared by the language strategies.
 */
import { isBuildOnlyPackage, isLean, slimVariant } from '../../catalog/base-images';
import {
  knowsDevPackage,
  PYTHON_IMAGE_HAS_RUNTIME_OF,
  runtimeLibraryOn,
} from '../../catalog/base-image-facts/debian-runtime-libs';
import { baseImageFacts, type ImageFacts } from '../../catalog/base-image-facts/resolve';
import type { ImageRef, Instruction } from '../../dockerfile/model';
import { parseImageRef } from '../../dockerfile/parse';
import { renderRun } from '../../dockerfile/printer';
import type { ShellSegment } from '../../dockerfile/shell';
import { aptPackages, cleansAptLists, isAptInstall, isAptUpdate, segmentsOf } from '../commands';
import type { RuleContext } from '../rule';

export const isAptSeg = (c: string): boolean =>
  isAptUpdate(c) ||
  isAptInstall(c) ||
  cleansAptLists(c) ||
  /^apt(-get)? (clean|autoclean|autoremove)\b/.test(c);

/** Header packages whose runtime side every Debian image already has. */
export const HEADERS_ONLY = new Set([
  'python3-dev',
  'python-dev',
  'libc6-dev',
  'linux-libc-dev',
  'zlib1g-dev',
]);

/** A RUN made only of apt commands that installs something. */
export const isAptOnlyRun = (ins: Instruction): boolean => {
  const segs = segmentsOf(ins);
  return segs.some((s) => isAptInstall(s.cmd)) && segs.every((s) => isAptSeg(s.cmd));
};

export type AptSplit =
  /** Nothing build-only: the RUN stays as it is (in the runtime, and in the builder if it feeds the build). */
  | { kind: 'runtime' }
  /** Build-only packages: the RUN moves to the builder; the runtime gets `runtimeText` (null: nothing). */
  | { kind: 'split'; runtimeText: string | null }
  /** A `-dev` package whose runtime library Whittle does not know. */
  | { kind: 'risk'; risk: string };

/**
 * The runtime packages for the `-dev` packages of an apt RUN on an image with `facts`: a name per
 * package, or the reason none can be given (release unknown, or the name differs between the
 * releases a floating tag has been on).
 */
export function runtimeLibraries(
  devs: string[],
  facts: ImageFacts,
  python: boolean,
): { libs: string[] } | { risk: string } {
  const libs: string[] = [];
  const problems: string[] = [];
  const image = facts.osReleases.join('/') || 'an unknown release';
  for (const dev of devs) {
    if (HEADERS_ONLY.has(dev) || (python && PYTHON_IMAGE_HAS_RUNTIME_OF.has(dev))) continue;
    if (!knowsDevPackage(dev)) {
      problems.push(`which runtime library ${dev} belongs to`);
      continue;
    }
    if (facts.osId !== 'debian' || !facts.osReleases.length) {
      problems.push(`the base image's Debian release, so the runtime package for ${dev}`);
      continue;
    }
    const names = facts.osReleases.map((r) => runtimeLibraryOn(dev, r));
    const missing = facts.osReleases.filter((_, i) => !names[i]);
    if (missing.length) {
      problems.push(`the runtime package for ${dev} on ${missing.join(', ')}`);
      continue;
    }
    const distinct = [...new Set(names)];
    if (distinct.length > 1) {
      problems.push(
        `one runtime package for ${dev}: it is ${facts.osReleases.map((r, i) => `${names[i]} on ${r}`).join(', ')}, and the tag has been built on each (pin the release in the tag, e.g. -${facts.osReleases[facts.osReleases.length - 1]})`,
      );
      continue;
    }
    libs.push(distinct[0]!);
  }
  return problems.length
    ? {
        risk: `Whittle does not know ${problems.join('; nor ')} (image on ${image}); without that library the runtime stage would fail to load it. Split by hand and install the library in the runtime stage.`,
      }
    : { libs };
}

/**
 * Facts for the runtime stage's apt RUN: the stage image's, with the releases of its slim variant
 * added when WH001 may move the runtime there (a local `python:3.9` may be bullseye while
 * `python:3.9-slim` is pulled on bookworm); unknown when the slim variant's release is.
 */
export function runtimeFacts(image: ImageRef, ctx: RuleContext): ImageFacts {
  const facts = baseImageFacts(image, ctx.project.baseImages);
  const slim = isLean(image) ? null : slimVariant(image);
  if (!slim) return facts;
  const other = baseImageFacts(parseImageRef(slim), ctx.project.baseImages);
  const osReleases = other.osReleases.length ? [...new Set([...facts.osReleases, ...other.osReleases])] : [];
  return { ...facts, osReleases };
}

/** How an apt-only RUN (see isAptOnlyRun) divides between builder and runtime. */
export function splitAptRun(ctx: RuleContext, ins: Instruction): AptSplit {
  const pkgs = segmentsOf(ins).flatMap((s) => aptPackages(s.cmd));
  if (!pkgs.some(isBuildOnlyPackage)) return { kind: 'runtime' };
  const image = ctx.model.stages[ins.stage]?.image;
  const facts = image ? runtimeFacts(image, ctx) : null;
  const devs = [...new Set(pkgs.map((p) => p.replace(/[=:].*$/, '')).filter((p) => /-dev$/.test(p)))];
  const runtime = facts
    ? runtimeLibraries(devs, facts, facts.source !== 'none' && image?.repository === 'python')
    : { risk: 'The stage has no base image Whittle can read.' };
  if ('risk' in runtime) return { kind: 'risk', risk: runtime.risk };
  const keep = [...new Set([...pkgs.filter((p) => !isBuildOnlyPackage(p)), ...runtime.libs])];
  return {
    kind: 'split',
    runtimeText: keep.length
      ? renderRun(ctx.style, [
          { cmd: 'apt-get update', sep: '&&' },
          { cmd: `apt-get install -y --no-install-recommends ${keep.join(' ')}`, sep: '&&' },
          { cmd: 'rm -rf /var/lib/apt/lists/*', sep: '' },
        ] as ShellSegment[])
      : null,
  };
}
