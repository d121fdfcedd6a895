/**
 * Whether a project's Go sources start other programs, the fact behind
 * `ProjectContext.goSubprocess`. A Go binary that runs `exec.Command("sh", …)`, git, curl or any
 * other program finds none of them on distroless (static/base/cc hold no shell and no tools), and
 * a smoke test that only starts the server and asks `GET /` rarely reaches the handler that does:
 * the Go recipes hold back a distroless runtime when a source starts processes.
 */
import { GO_HEAD_BYTES, isGoSource, MAX_GO_FILES } from './cgo';

export { GO_HEAD_BYTES };

/**
 * Imports that start programs: the standard library's os/exec and x/sys/execabs, and the
 * wrappers people use (go-cmd, bitfield/script, go-sh, gexec); or a direct syscall.Exec /
 * ForkExec / unix.Exec call.
 */
const SPAWNERS =
  /"(?:os\/exec|golang\.org\/x\/sys\/execabs|github\.com\/go-cmd\/cmd|github\.com\/bitfield\/script|github\.com\/codeskyblue\/go-sh|github\.com\/onsi\/gomega\/gexec)"|\b(?:syscall|unix)\.(?:Exec|ForkExec|StartProcess)\s*\(|\bos\.StartProcess\s*\(/;

/** True when the Go source imports or calls something that starts another program. */
export const goStartsProcesses = (text: string): boolean => SPAWNERS.test(text);

/**
 * The `goSubprocess` fact from the Go sources (tests left out) a reader could read: true when one
 * starts programs, false when all of them were read and none does, undefined when there are none
 * or too many to read. `read` returns a file's head (GO_HEAD_BYTES), or null when it cannot be read.
 */
export async function goSubprocessHint(
  files: readonly string[],
  read: (rel: string) => Promise<string | null>,
): Promise<boolean | undefined> {
  const sources = files.filter((f) => isGoSource(f) && !/(^|\/)(vendor|testdata)\//.test(f));
  if (!sources.length) return undefined;
  let complete = sources.length <= MAX_GO_FILES;
  for (const rel of sources.slice(0, MAX_GO_FILES)) {
    const text = await read(rel);
    if (text === null) complete = false;
    else if (goStartsProcesses(text)) return true;
  }
  return complete ? false : undefined;
}
