/**
 * What an apt RUN becomes when a stage is split: build-only packages (compilers, `-dev`
 * headers) go to the builder; the runtime keeps the other packages plus the shared libraries
 * the `-dev` packages stood for. Shared by the language strategies.
 */
import { DEV_TO_RUNTIME, isBuildOnlyPackage } from '../../catalog/base-images';
import type { Instruction } from '../../dockerfile/model';
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

/** How an apt-only RUN (see isAptOnlyRun) divides between builder and runtime. */
export function splitAptRun(ctx: RuleContext, ins: Instruction): AptSplit {
  const pkgs = segmentsOf(ins).flatMap((s) => aptPackages(s.cmd));
  if (!pkgs.some(isBuildOnlyPackage)) return { kind: 'runtime' };
  const unknown = pkgs
    .map((p) => p.replace(/[=:].*$/, ''))
    .filter((p) => /-dev$/.test(p) && !DEV_TO_RUNTIME[p] && !HEADERS_ONLY.has(p));
  if (unknown.length)
    return {
      kind: 'risk',
      risk: `Whittle does not know which runtime library ${unknown.join(', ')} belongs to; without it the runtime stage would fail to load it. Split by hand and install that library in the runtime stage.`,
    };
  const keep = [
    ...new Set([
      ...pkgs.filter((p) => !isBuildOnlyPackage(p)),
      ...pkgs.map((p) => DEV_TO_RUNTIME[p]).filter((p): p is string => !!p),
    ]),
  ];
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
