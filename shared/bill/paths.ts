/** Small POSIX path helpers for the bill (shared/ has no node:path). */
import { normalizeEntryPath } from '../layers/layer-entry';

/** Resolves `rel` against the absolute folder `dir` (`..` allowed); null when it climbs above `/`. */
export function resolvePath(dir: string, rel: string): string | null {
  if (rel.startsWith('/')) return normalizeEntryPath(rel);
  const out = dir.split('/').filter(Boolean);
  for (const part of rel.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.length ? '/' + out.join('/') : null;
}

/** The first `depth` components of an absolute path: `topFolder('/usr/lib/x', 2)` → `/usr/lib`. */
export function topFolder(path: string, depth: number): string {
  // indexOf rather than split: this runs for every unattributed file of an image.
  let end = 0;
  for (let d = 0; d < depth; d++) {
    const next = path.indexOf('/', end + 1);
    if (next < 0) return end === 0 ? '/' : path.slice(0, end);
    end = next;
  }
  return path.slice(0, end);
}

/** Parent folder of an absolute path. */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Last component. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
