/** Whether a project's Go sources use cgo (`import "C"`), the fact behind `ProjectContext.cgo`. */

/** At most this many `.go` files are read; with more, the answer is unknown unless one uses cgo. */
export const MAX_GO_FILES = 500;
/** Only the head of a file is read: imports come first. */
export const GO_HEAD_BYTES = 64 * 1024;

/** Go files that can end up in a binary (not tests), as listed in `ProjectContext.files`. */
export const isGoSource = (rel: string): boolean => rel.endsWith('.go') && !rel.endsWith('_test.go');

/** True when the Go source imports "C" (alone, or in an import group). */
export const importsC = (text: string): boolean => /(^|\n)\s*import\s*(\(\s*)?"C"/.test(text);

/**
 * The `cgo` fact from the Go sources a reader could read: true when one imports "C", false when
 * all of them were read and none does, undefined when there are none or too many to read.
 * `read` returns a file's head, or null when it cannot be read (then the answer is unknown).
 */
export async function cgoHint(
  files: readonly string[],
  read: (rel: string) => Promise<string | null>,
): Promise<boolean | undefined> {
  const sources = files.filter(isGoSource);
  if (!sources.length) return undefined;
  let complete = sources.length <= MAX_GO_FILES;
  for (const rel of sources.slice(0, MAX_GO_FILES)) {
    const text = await read(rel);
    if (text === null) complete = false;
    else if (importsC(text)) return true;
  }
  return complete ? false : undefined;
}
