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

/** Splits on top-level `&&` and `;`. `||` and pipes stay inside their segment. */
export function splitCommands(command: string): ShellSegment[] {
  const out: ShellSegment[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      cur += c;
      if (c === '\\' && quote === '"' && i + 1 < command.length) cur += command[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\' && i + 1 < command.length) {
      cur += c + command[++i];
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
      out.push({ cmd: cur.trim(), sep: '&&' });
      cur = '';
      i++;
      continue;
    }
    if (depth === 0 && c === ';') {
      out.push({ cmd: cur.trim(), sep: ';' });
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push({ cmd: cur.trim(), sep: '' });
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

function pipelineParts(cmd: string): { program: string; sub: string | undefined }[] {
  let parts = partsCache.get(cmd);
  if (parts) return parts;
  parts = [];
  for (const part of cmd.split(/\|\|?/)) {
    const w = commandWords(part.trim());
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
