/**
 * The library directories an image's dynamic loader is configured with, read from its files:
 * glibc's `/etc/ld.so.conf` with its `include` directives (ldconfig(8), `man ld.so.conf`), and musl's
 * `/etc/ld-musl-<arch>.path` (musl's `ldso/dynlink.c`: one directory per line or colon-separated).
 * glibc's loader really reads `/etc/ld.so.cache`, which `ldconfig` builds from exactly these files.
 */
import { dirOf, normalizePath } from './image-paths';

/** Config files by absolute path (`/etc/ld.so.conf`, `/etc/ld.so.conf.d/*.conf`, `/etc/ld-musl-*.path`). */
export type ConfigTexts = ReadonlyMap<string, string>;

/** Paths whose text {@link loaderConfigDirs} reads; a scanner keeps files matching this. */
export function isLoaderConfigPath(path: string): boolean {
  return (
    path === '/etc/ld.so.conf' ||
    path.startsWith('/etc/ld.so.conf.d/') ||
    /^\/etc\/ld-musl-[^/]+\.path$/.test(path)
  );
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

const MAX_DEPTH = 8;

function readConf(texts: ConfigTexts, file: string, dirs: string[], depth: number, seen: Set<string>): void {
  const text = texts.get(file);
  if (text === undefined || depth > MAX_DEPTH || seen.has(file)) return;
  seen.add(file);
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const include = /^include\s+(.+)$/.exec(line);
    if (include) {
      for (const pattern of include[1]!.split(/\s+/)) {
        const abs = normalizePath(pattern.startsWith('/') ? pattern : `${dirOf(file)}/${pattern}`);
        const re = globToRegExp(abs);
        // glob(3) returns matches sorted; ldconfig reads them in that order.
        for (const f of [...texts.keys()].filter((k) => re.test(k)).sort())
          readConf(texts, f, dirs, depth + 1, seen);
      }
      continue;
    }
    if (/^hwcap\s/.test(line)) continue; // old glibc hwcap directive: not a directory
    // Entries may be separated by spaces, tabs, commas, colons; `dir=TYPE` suffixes are old libc5 syntax.
    for (const entry of line.split(/[\s,:]+/)) {
      const dir = entry.replace(/=.*$/, '');
      if (dir.startsWith('/')) dirs.push(normalizePath(dir));
    }
  }
}

/** Directories configured for the loader, in order, without duplicates. */
export function loaderConfigDirs(texts: ConfigTexts): string[] {
  const dirs: string[] = [];
  readConf(texts, '/etc/ld.so.conf', dirs, 0, new Set());
  for (const [path, text] of [...texts].sort(([a], [b]) => a.localeCompare(b))) {
    if (!/^\/etc\/ld-musl-[^/]+\.path$/.test(path)) continue;
    for (const d of text.split(/[\n:]+/)) if (d.trim().startsWith('/')) dirs.push(normalizePath(d.trim()));
  }
  return [...new Set(dirs)];
}
