/**
 * Whether a project's own JavaScript/TypeScript sources start other processes, the fact behind
 * `ProjectContext.nodeSubprocess`. `child_process.exec`/`execSync` and most helper libraries run
 * `/bin/sh`, which a distroless Node image does not have; the Node recipe keeps a runtime with a
 * shell when a source starts processes or the answer is unknown.
 */

/** At most this many source files are read; with more, the answer is unknown unless one spawns. */
export const MAX_NODE_FILES = 500;
/** Larger files are read up to this many bytes; a `require` deep in a bundle may then be missed (answer unknown). */
export const NODE_HEAD_BYTES = 1024 * 1024;

/** Project sources (not dependencies, not type declarations). */
export const isNodeSource = (rel: string): boolean =>
  /\.(m|c)?(j|t)sx?$/.test(rel) && !/\.d\.(m|c)?ts$/.test(rel) && !/(^|\/)node_modules\//.test(rel);

/**
 * Module names that start processes: Node's own, and the npm helpers people use for it
 * (execa, shelljs, cross-spawn, zx, node-pty, child-process-promise, spawn-command).
 */
const SPAWNERS =
  /(?:require\s*\(\s*|from\s+|import\s*\(\s*|import\s+)['"](?:node:)?(?:child_process|execa|shelljs|cross-spawn|zx|node-pty|child-process-promise|spawn-command|shell-exec)(?:\/[^'"]*)?['"]/;

/** True when the source imports or requires a module that starts processes. */
export const startsProcesses = (text: string): boolean => SPAWNERS.test(text);

/**
 * The `nodeSubprocess` fact from the sources a reader could read: true when one starts
 * processes, false when all were read whole and none does, undefined when there are none or some
 * could not be read (or were too many or too large). `read` returns a file's text up to
 * NODE_HEAD_BYTES and whether it was whole, or null when it cannot be read.
 */
export async function nodeSubprocessHint(
  files: readonly string[],
  read: (rel: string) => Promise<{ text: string; whole: boolean } | null>,
): Promise<boolean | undefined> {
  const sources = files.filter(isNodeSource);
  if (!sources.length) return undefined;
  let complete = sources.length <= MAX_NODE_FILES;
  for (const rel of sources.slice(0, MAX_NODE_FILES)) {
    const got = await read(rel);
    if (got === null || !got.whole) complete = false;
    if (got && startsProcesses(got.text)) return true;
  }
  return complete ? false : undefined;
}
