/**
 * Path resolution inside an image's final filesystem, following the image's own symlinks the way the
 * kernel does for the dynamic loader's `open()` (absolute targets restart at the image root, `..`
 * goes up from the link's directory, at most 40 links per lookup as in Linux's `MAXSYMLINKS`).
 */

/** The kind of an entry in the final filesystem (`hardlink`: a tar hard link, i.e. another name of a file). */
export type FsEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

/** Read-only view of an image's final filesystem. Paths are normalised and absolute (`/usr/lib`). */
export interface FsLookup {
  /** The entry at exactly this path (no link following), or undefined. */
  lookup(path: string): { type: FsEntryType; linkname?: string } | undefined;
}

const MAX_LINKS = 40;

function parts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/**
 * Resolves `path` through every symlink on the way (in directories and at the end). Returns the real
 * path and the entry type there, or null when some component does not exist or links loop.
 */
export function resolvePath(fs: FsLookup, path: string): { path: string; type: FsEntryType } | null {
  const pending = parts(path).reverse(); // a stack: next component last
  let current: string[] = [];
  let links = 0;
  let type: FsEntryType = 'dir';
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name === '..') {
      current.pop();
      type = 'dir';
      continue;
    }
    if (type !== 'dir') return null; // a file in the middle of a path
    const next = '/' + [...current, name].join('/');
    const entry = fs.lookup(next);
    if (!entry) return null;
    if (entry.type === 'symlink') {
      if (++links > MAX_LINKS || entry.linkname === undefined) return null;
      const target = entry.linkname;
      if (target.startsWith('/')) current = [];
      pending.push(...parts(target).reverse());
      type = 'dir';
      continue;
    }
    current.push(name);
    type = entry.type;
  }
  return { path: '/' + current.join('/'), type };
}

/** Parent directory of a normalised absolute path. */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Normalises an absolute path lexically (`/a/./b/../c` → `/a/c`); relative input is taken from `/`. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const p of parts(path)) {
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}
