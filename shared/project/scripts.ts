/**
 * Which project files `ProjectContext.scripts` carries: what a container's start may run or
 * read as a script (a shebang file, a shell script, a Makefile, a Procfile or a process
 * manager's config). Recipes read them to know which interpreter and which tools the start uses
 * (a `#!/usr/local/bin/python` shebang, `make run`, a PATH reset in an entrypoint).
 */

/** Names whose text is read whether or not it starts with `#!`. */
const SCRIPT_NAME =
  /(^|\/)(Makefile|GNUmakefile|makefile|Procfile|[\w.-]+\.(sh|bash|mk|conf|ini|cfg)|[\w.-]*entrypoint[\w.-]*|[\w.-]*start[\w.-]*)$/i;
/** Names that may be scripts if their first line is a shebang (no extension, or .py/.rb/.pl). */
const MAYBE_SCRIPT = /(^|\/)([\w-]+|[\w.-]+\.(py|rb|pl))$/;
/** Paths never read: vendored trees and build output. */
const SKIP = /(^|\/)(node_modules|vendor|\.git|dist|build|target|site-packages|__pycache__)\//;

/** Larger files are not read: a start script is small. */
export const MAX_SCRIPT_BYTES = 64 * 1024;
/** At most this many files are read (the listing is bounded too). */
export const MAX_SCRIPTS = 300;

/** Whether `rel` is worth reading at all; `keep` then decides on its text. */
export const isScriptCandidate = (rel: string): boolean =>
  !SKIP.test(rel) && (SCRIPT_NAME.test(rel) || MAYBE_SCRIPT.test(rel));

/** A name read whatever its first line (a shell script, a Makefile, a config…). */
export const isNamedScript = (rel: string): boolean => SCRIPT_NAME.test(rel);

/** Whether a candidate's text belongs in `ProjectContext.scripts`: a named script, or any file with a shebang. */
export const keepScript = (rel: string, text: string): boolean =>
  text.startsWith('#!') || SCRIPT_NAME.test(rel);
