/**
 * Just enough shell to edit RUN commands safely: split a command on top-level `&&` and `;`
 * (quotes, `$(…)`, backticks and parentheses respected) and tokenise one simple command.
 */

export interface ShellSegment {
  /** The command text, trimmed. */
  cmd: string;
  /** Separator that FOLLOWS this segment ('' for the last one). */
  sep: '&&' | ';' | '';
}

/**
 * One word for the shell: as is when it has only safe characters, else in single quotes
 * (`/app # code` → `'/app # code'`, as Docker's `WORKDIR /app # code` really names it).
 */
export const shellQuote = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** Characters after which a `#` starts a shell comment (POSIX: a `#` that begins a word). */
const WORD_BREAK = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>']);

/** True when the `#` at `i` starts a comment: it begins a word (`echo a#b` and `${#x}` are no comments). */
const commentAt = (text: string, i: number): boolean =>
  text[i] === '#' && (i === 0 || WORD_BREAK.has(text[i - 1]!));

/**
 * Splits a one-line shell command into its code and its trailing comment (`# …` to the end of the
 * line, the `#` beginning a word outside quotes, as POSIX sh reads it): `mkdir /d # scratch` →
 * `{ code: 'mkdir /d', comment: '# scratch' }`; `comment` is null when there is none.
 */
export function splitComment(command: string): { code: string; comment: string | null } {
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (commentAt(command, i)) {
      const nl = command.indexOf('\n', i);
      if (nl >= 0) return { code: command, comment: null }; // more lines follow: not one line
      return { code: command.slice(0, i).trimEnd(), comment: command.slice(i).trimEnd() };
    }
  }
  return { code: command, comment: null };
}

/**
 * Splits on top-level `&&`, `;` and line breaks (a script's lines; reported as `;`). `||` and
 * pipes stay inside their segment. Comments (`#` beginning a word, outside quotes, to the end of
 * the line) are left out, so no command inside one is ever seen; `\` + line break joins lines.
 */
export function splitCommands(command: string): ShellSegment[] {
  const out: ShellSegment[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  const push = (sep: ShellSegment['sep']) => {
    out.push({ cmd: cur.trim(), sep });
    cur = '';
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      cur += c;
      if (c === '\\' && quote === '"' && i + 1 < command.length) cur += command[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\' && i + 1 < command.length) {
      const crlf = command[i + 1] === '\r' && command[i + 2] === '\n';
      if (command[i + 1] === '\n' || crlf) cur += ' ';
      else cur += c + command[i + 1];
      i += crlf ? 2 : 1;
      continue;
    }
    if (commentAt(command, i)) {
      while (i + 1 < command.length && command[i + 1] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      quote = c;
      cur += c;
      continue;
    }
    if (c === '(' || c === '{') depth++;
    if ((c === ')' || c === '}') && depth > 0) depth--;
    if (depth === 0 && c === '&' && command[i + 1] === '&') {
      push('&&');
      i++;
      continue;
    }
    if (depth === 0 && (c === ';' || c === '\n')) {
      // A line break after `&&`, `|` or `||` continues the list; an empty line separates nothing.
      if (c === '\n' && (cur.trim() === '' || /(\|\||&&|\|)\s*$/.test(cur))) {
        if (cur.trim() !== '') cur += ' ';
        continue;
      }
      push(';');
      continue;
    }
    cur += c;
  }
  push('');
  return out.filter((s, i, all) => s.cmd !== '' || i < all.length - 1);
}

/** Joins segments back into one command line. */
export function joinCommands(segments: ShellSegment[]): string {
  return segments.map((s) => (s.sep ? `${s.cmd} ${s.sep}` : s.cmd)).join(' ');
}

/** Whitespace tokens of a simple command, quotes removed (good enough for flags and package names). */
export function tokens(cmd: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cmd))) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Strips leading `VAR=value` assignments and `sudo`/`env` wrappers: `CGO_ENABLED=0 go build` → `go build`. */
export function commandWords(cmd: string): string[] {
  const t = tokens(cmd);
  let i = 0;
  while (i < t.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t[i]!) || t[i] === 'sudo' || t[i] === 'env')) i++;
  return t.slice(i);
}

/**
 * Each pipeline part's program and first non-flag word, cached: the rules ask it of the same
 * segments many times. The optimizer clears the cache at the start of every run (so one run
 * never profits from the last, and memory stays bounded).
 */
const partsCache = new Map<string, { program: string; sub: string | undefined }[]>();

export const clearCommandCache = (): void => partsCache.clear();

/** Shell reserved words that may come before a command on its line. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(']);

function pipelineParts(cmd: string): { program: string; sub: string | undefined }[] {
  let parts = partsCache.get(cmd);
  if (parts) return parts;
  parts = [];
  for (const part of cmd.split(/\|\|?/)) {
    const w = commandWords(part.trim());
    // Reserved words that lead a command inside a script (`then apt-get install …`).
    while (w.length > 1 && RESERVED.has(w[0]!)) w.shift();
    if (w.length) parts.push({ program: w[0]!, sub: w.slice(1).find((x) => !x.startsWith('-')) });
  }
  if (partsCache.size >= 4096) partsCache.clear();
  partsCache.set(cmd, parts);
  return parts;
}

/** True when the segment runs `program` (optionally one of `subcommands`) at its start or after a pipe/`||`. */
export function runs(cmd: string, program: RegExp, subcommand?: RegExp): boolean {
  for (const { program: p, sub } of pipelineParts(cmd)) {
    if (!program.test(p)) continue;
    if (!subcommand) return true;
    if (sub && subcommand.test(sub)) return true;
  }
  return false;
}

/** State a command leaves behind for the next command in the same shell (so merging RUNs would change meaning). */
export function leavesShellState(command: string): boolean {
  return splitCommands(command).some((s) =>
    /^(cd|pushd|popd|export|set|source|\.|ulimit|umask|alias|shopt)(\s|$)/.test(s.cmd),
  );
}

/**
 * True when `command` has an `||` at its top level (outside quotes, `$(…)`, `(…)`, `{…}` and
 * comments). Such a list cannot be joined to other commands with `&&`: `a && b || true` runs as
 * `(a && b) || true`, so the `|| true` would swallow a failure of the commands put in front of it.
 */
export function hasTopLevelOr(command: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\') i++;
    else if (commentAt(command, i)) {
      while (i + 1 < command.length && command[i + 1] !== '\n') i++;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (depth === 0 && c === '|' && command[i + 1] === '|') return true;
  }
  return false;
}
