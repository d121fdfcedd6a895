/**
 * Parser of `strace -f -y` output (strace 5.x/6.x text format, `man 1 strace`): which files the
 * traced processes opened successfully for reading and which programs they executed.
 *
 * Understood forms (one syscall per line, optionally prefixed by a pid — `1234  ` with `-o file`,
 * `[pid  1234] ` on stderr):
 *  - `openat(AT_FDCWD</cwd>, "path", O_RDONLY|O_CLOEXEC) = 3</real/path>`; `open`, `openat2`
 *    (`{flags=…}`), `creat`, `execve`, `execveat`;
 *  - `-f` interleaving: `openat(… <unfinished ...>` then `<... openat resumed>) = 3</x>` of the
 *    same pid, joined before parsing;
 *  - failures (`= -1 ENOENT (No such file or directory)`) are dropped;
 *  - with `-y` the returned fd carries the kernel's resolved path (`= 3</usr/lib/libz.so.1.2.13>`),
 *    which is used first; without it an absolute argument is taken as is, a relative one is joined
 *    to its dirfd's decoration (`AT_FDCWD</app>`, `5</usr/lib>`) or, bare `AT_FDCWD`, to `cwd`.
 * Opens that need no bytes of an existing file are dropped: `O_DIRECTORY`, `O_PATH`, `O_WRONLY`
 * and `creat` (a write-only open never reads what the image stored there).
 * Strings are C-escaped by strace (`\"`, `\\`, `\n`, octal `\303`, hex `\x3e`); they are unescaped
 * as UTF-8. Signal (`--- SIG… ---`) and exit (`+++ … +++`) lines and anything else are skipped.
 */

/** What one trace shows. Paths are absolute and lexically normalised, each listed once, in trace order. */
export interface TraceFacts {
  /** Files opened successfully to read (or read-write). */
  opened: string[];
  /** Programs a successful `execve`/`execveat` ran (the path as passed, resolved against the cwd). */
  executed: string[];
  /** Syscall lines that could not be parsed (truncated last line, unknown form). */
  unparsed: number;
}

const OPEN_CALLS = new Set(['open', 'openat', 'openat2', 'creat']);
const EXEC_CALLS = new Set(['execve', 'execveat']);
/** Calls whose first argument is a dirfd. */
const DIRFD_CALLS = new Set(['openat', 'openat2', 'execveat']);

/** Lexical normalisation of an absolute path (`/a/./b/../c` → `/a/c`). */
export function normalizeAbsolute(path: string): string {
  const out: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

const join = (dir: string, rel: string): string => normalizeAbsolute(`${dir}/${rel}`);

/** Undoes strace's C escapes in a string body (without its quotes). */
export function unescapeStrace(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, a: 7, b: 8 };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = s[++i]!;
    if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      bytes.push(parseInt(m, 8) & 0xff);
      i += m.length - 1;
    } else if (simple[n] !== undefined) bytes.push(simple[n]);
    else bytes.push(...Buffer.from(n, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Reads a quoted C string starting at `s[at]` (`"`); returns its text and the index after it. */
function readQuoted(s: string, at: number): { text: string; end: number } | null {
  if (s[at] !== '"') return null;
  let i = at + 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  if (i >= s.length) return null;
  return { text: unescapeStrace(s.slice(at + 1, i)), end: i + 1 };
}

/** Reads a `-y` decoration `<…>` starting at `s[at]` (`<`): strace escapes `<` and `>` inside it. */
function readDecoration(s: string, at: number): { text: string; end: number } | null {
  if (s[at] !== '<') return null;
  let i = at + 1;
  while (i < s.length && s[i] !== '>') i += s[i] === '\\' ? 2 : 1;
  if (i >= s.length) return null;
  return { text: unescapeStrace(s.slice(at + 1, i)), end: i + 1 };
}

interface Call {
  name: string;
  args: string;
  /** The text after ` = `: `3</x>`, `0`, `-1 ENOENT (…)`. */
  result: string;
}

/** Splits `name(args) = result`; args may hold quoted `)` and `=`, so the split is quote-aware. */
function splitCall(body: string): Call | null {
  const m = /^([a-z_0-9]+)\(/.exec(body);
  if (!m) return null;
  let depth = 1;
  let i = m[0].length;
  while (i < body.length && depth > 0) {
    const c = body[i]!;
    if (c === '"') {
      const q = readQuoted(body, i);
      if (!q) return null;
      i = q.end;
      continue;
    }
    if (c === '<' && /[0-9D]$/.test(body.slice(0, i))) {
      // A -y decoration after a dirfd (`AT_FDCWD</x>`, `3</x>`) may hold parentheses.
      const d = readDecoration(body, i);
      if (d) {
        i = d.end;
        continue;
      }
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    i++;
  }
  if (depth !== 0) return null;
  const rest = /^\s*=\s*(.*)$/.exec(body.slice(i));
  if (!rest) return null;
  return { name: m[1]!, args: body.slice(m[0].length, i - 1), result: rest[1]!.trim() };
}

/** The dirfd argument's decorated directory (`AT_FDCWD</app>` → `/app`), or `cwd` for a bare AT_FDCWD. */
function dirfdDir(args: string, cwd: string | undefined): string | undefined {
  const m = /^\s*(AT_FDCWD|-?\d+)/.exec(args);
  if (!m) return undefined;
  const d = readDecoration(args, m.index + m[0].length);
  if (d) return d.text;
  return m[1] === 'AT_FDCWD' ? cwd : undefined;
}

/** The first quoted argument (the path) of a call. */
function pathArg(args: string): string | null {
  const at = args.indexOf('"');
  return at < 0 ? null : (readQuoted(args, at)?.text ?? null);
}

/** The fd result `3</x>` → `/x` (the kernel's resolved path), or null; undefined on failure. */
function resultPath(result: string): string | null | undefined {
  const m = /^(-?\d+)/.exec(result);
  if (!m || Number(m[1]) < 0) return undefined;
  return readDecoration(result, m[0].length)?.text ?? null;
}

/** The path of a call resolved to an absolute one, or null when it cannot be. */
function absolute(call: Call, cwd: string | undefined): string | null {
  const p = pathArg(call.args);
  if (p === null) return null;
  if (p.startsWith('/')) return normalizeAbsolute(p);
  const dir = DIRFD_CALLS.has(call.name) ? dirfdDir(call.args, cwd) : cwd;
  return dir?.startsWith('/') ? join(dir, p) : null;
}

const LINE_PREFIX = /^(?:\[pid\s+(\d+)\]\s+|(\d+)\s+)?(.*)$/;

/**
 * Parses strace output. `cwd`: the working directory of the first process, used only for relative
 * paths whose dirfd carries no `-y` decoration (absolute, default `/`).
 */
export function parseStraceOutput(text: string, opts: { cwd?: string } = {}): TraceFacts {
  const cwd = opts.cwd ?? '/';
  const opened = new Set<string>();
  const executed = new Set<string>();
  const pending = new Map<string, string>();
  let unparsed = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!line) continue;
    const m = LINE_PREFIX.exec(line)!;
    const pid = m[1] ?? m[2] ?? '';
    let body = m[3]!;
    if (body.startsWith('---') || body.startsWith('+++')) continue;
    if (body.endsWith('<unfinished ...>')) {
      pending.set(pid, body.slice(0, -'<unfinished ...>'.length).trimEnd());
      continue;
    }
    const resumed = /^<\.\.\. ([a-z_0-9]+) resumed>\s?(.*)$/.exec(body);
    if (resumed) {
      const head = pending.get(pid);
      pending.delete(pid);
      if (head === undefined) {
        unparsed++;
        continue;
      }
      // `<... openat resumed>) = 3` continues `openat(…, O_RDONLY`; `, 0666) = 3` continues after a comma.
      const tail = resumed[2]!;
      body = head + (tail.startsWith(')') || tail.startsWith(',') || head.endsWith('(') ? '' : ', ') + tail;
    }
    const call = splitCall(body);
    if (!call) {
      if (/^[a-z_0-9]+\(/.test(body)) unparsed++;
      continue;
    }
    const isOpen = OPEN_CALLS.has(call.name);
    const isExec = EXEC_CALLS.has(call.name);
    if (!isOpen && !isExec) continue;
    if (isExec) {
      if (!/^0\b/.test(call.result)) continue;
      const p = absolute(call, cwd);
      if (p) executed.add(p);
      continue;
    }
    const fdPath = resultPath(call.result);
    if (fdPath === undefined) continue; // failed
    if (call.name === 'creat') continue;
    const flags = call.name === 'openat2' ? (/flags=([A-Z_|0-9x]+)/.exec(call.args)?.[1] ?? '') : call.args;
    if (/\bO_(DIRECTORY|PATH|WRONLY)\b/.test(flags)) continue;
    const p = fdPath?.startsWith('/') ? normalizeAbsolute(fdPath) : absolute(call, cwd);
    if (p) opened.add(p);
  }
  return { opened: [...opened], executed: [...executed], unparsed };
}
