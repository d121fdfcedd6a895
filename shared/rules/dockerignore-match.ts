/**
 * A small .dockerignore matcher with Docker's semantics (patterns anchored at the context
 * root, `*` and `?` within one path segment, `**` across segments, `!` re-includes, the last
 * matching line wins, a matched folder excludes everything under it). Written by hand because
 * `@balena/dockerignore` needs Node's `path` and shared/ runs in the browser too.
 */

interface Pattern {
  negate: boolean;
  re: RegExp;
}

function toRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(/.*)?$`);
}

/** Parses .dockerignore text into ordered patterns. */
/** Parsed pattern lists by text: the rules ask for the same .dockerignore (and COPY globs) many times per run. */
const parsed = new Map<string, Pattern[]>();

export function parseDockerignore(text: string): readonly Pattern[] {
  let hit = parsed.get(text);
  if (hit) return hit;
  if (parsed.size >= 256) parsed.clear(); // bounded: texts come from files the user opens
  hit = parseUncached(text);
  parsed.set(text, hit);
  return hit;
}

function parseUncached(text: string): Pattern[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const body = (negate ? l.slice(1) : l)
        .trim()
        .replace(/^\/+/, '')
        .replace(/\/+$/, '')
        .replace(/^\.\//, '');
      return { negate, re: toRegExp(body) };
    });
}

/** True when `path` (relative, POSIX, a trailing `/` for folders is allowed) is excluded from the context. */
export function isExcluded(patterns: readonly Pattern[], path: string): boolean {
  const p = path.replace(/\/+$/, '');
  let excluded = false;
  for (const pat of patterns) if (pat.re.test(p)) excluded = !pat.negate;
  return excluded;
}
