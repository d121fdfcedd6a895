/**
 * Sizes a floor from a trace and the image's final filesystem: the distinct regular files the
 * processes opened or executed, plus the loader closure of every executed program (interpreter,
 * `#!` interpreter, `DT_NEEDED` libraries; shared/elf/library-closure.ts), each real file counted
 * once at its tar size. Paths under /proc, /sys, /dev and the tracer's own folder, and files the
 * image does not hold (created at run time), count for nothing.
 */
import { loaderClosure, realFile, type ClosureInput } from '../../../../shared/elf/library-closure';
import type { FsEntryType, FsLookup } from '../../../../shared/elf/image-paths';
import type { FloorFile } from '../../../../shared/api/contract';
import type { TraceFacts } from './strace-trace';

/** Where the tracer is copied into the container; never part of the app. */
export const TRACER_DIR = '/.whittle-trace';

/** Kernel filesystems and the tracer: not the image's bytes. */
const EXCLUDED = ['/proc', '/sys', '/dev', TRACER_DIR];

export const isExcluded = (p: string): boolean => EXCLUDED.some((x) => p === x || p.startsWith(`${x}/`));

/** The figures of one floor (bytes are tar sizes of the image's files). */
export interface FloorSizing {
  floorBytes: number;
  /** Files opened to read or executed, as the trace shows them. */
  openedBytes: number;
  /** Program interpreters, `#!` interpreters and DT_NEEDED closures of executed programs (may overlap openedBytes). */
  loaderAndLibsBytes: number;
  /** Every counted file, largest first. */
  files: FloorFile[];
  /** Opened paths the image does not hold as a regular file (created at run time, or a tmpfs). */
  notInImage: number;
}

/** A filesystem view that also gives each entry's tar size (shared/layers/virtual-fs.ts). */
export interface SizedFs extends FsLookup {
  lookup(path: string): { type: FsEntryType; linkname?: string; size?: number } | undefined;
}

/** Input: the image's filesystem with sizes and its ELF facts. */
export type FloorSizeInput = Omit<ClosureInput, 'fs'> & { fs: SizedFs };

/** Sizes the floor of `trace` (paths as the container saw them) in the image of `input`. */
export function sizeFloor(
  input: FloorSizeInput,
  trace: Pick<TraceFacts, 'opened' | 'executed'>,
): FloorSizing {
  const sizeOf = (p: string): number => input.fs.lookup(p)?.size ?? 0;
  const opened = new Set<string>();
  let notInImage = 0;
  for (const p of [...trace.opened, ...trace.executed]) {
    if (isExcluded(p)) continue;
    const real = realFile(input.fs, p);
    if (real) opened.add(real);
    else notInImage++;
  }
  const programs = trace.executed.filter((p) => !isExcluded(p));
  const closure = new Set(loaderClosure(input, programs).filter((p) => !isExcluded(p)));
  // The programs themselves were executed (counted as opened); the closure adds what the kernel
  // and the loader map for them.
  for (const p of programs) {
    const real = realFile(input.fs, p);
    if (real) closure.delete(real);
  }
  const all = new Set([...opened, ...closure]);
  const files = [...all].map((path) => ({ path, bytes: sizeOf(path) })).sort((a, b) => b.bytes - a.bytes);
  const sum = (s: Set<string>): number => [...s].reduce((n, p) => n + sizeOf(p), 0);
  return {
    floorBytes: files.reduce((n, f) => n + f.bytes, 0),
    openedBytes: sum(opened),
    loaderAndLibsBytes: sum(closure),
    files,
    notInImage,
  };
}
