/**
 * The model of one layer's file listing: what a layer tar says about each path (metadata only,
 * never contents), plus the two kinds of overlay whiteout markers. Pure: it runs in the browser too.
 */

/** What kind of filesystem object a layer entry stores. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

/** One real (non-whiteout) entry of a layer tar. */
export interface LayerEntry {
  /** Normalised absolute POSIX path without a trailing slash, e.g. `/usr/bin/env`. */
  path: string;
  type: EntryType;
  /** Bytes the layer stores for this entry (the tar header size: 0 for dirs, symlinks and hard links). */
  size: number;
  /** Permission bits (and setuid/setgid/sticky), as the tar header gives them. */
  mode: number;
  uid: number;
  gid: number;
  /** Modification time in seconds; used to tell "re-stored unchanged" when no content key is known. */
  mtime?: number;
  linkname?: string;
  /**
   * Optional digest of the contents (any stable string). When both copies of a path carry one, equal keys
   * prove the later copy was re-stored only for its metadata (chmod/chown/touch).
   */
  contentKey?: string;
}

/** A layer's listing: entries plus overlay whiteouts, in the order the tar gave them. */
export interface LayerListing {
  entries: LayerEntry[];
  /** Paths deleted by `.wh.<name>` markers (the path the marker hides, not the marker). */
  whiteouts: string[];
  /** Directories whose lower contents are hidden by a `.wh..wh..opq` marker. */
  opaqueDirs: string[];
}

/** Prefix of an overlay whiteout marker (`/dir/.wh.name` deletes `/dir/name`). */
export const WHITEOUT_PREFIX = '.wh.';
/** Prefix of AUFS metadata names (`.wh..wh..opq`, `.wh..wh.plnk`, …). */
export const META_WHITEOUT_PREFIX = '.wh..wh.';
/** Name of the opaque-directory marker. */
export const OPAQUE_MARKER = '.wh..wh..opq';

/**
 * Normalises a tar entry name the way Go's `path.Clean` would, as an absolute path:
 * `./usr//lib/` → `/usr/lib`. Returns null for the root itself (`./`, `/`, `.`), which layers may list.
 */
export function normalizeEntryPath(name: string): string | null {
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.length === 0 ? null : '/' + out.join('/');
}

/** Parent of a normalised path (`/a/b` → `/a`, `/a` → `/`). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Last component of a normalised path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a normalised directory path and a child name. */
export function joinPath(dir: string, name: string): string {
  return dir === '/' ? '/' + name : dir + '/' + name;
}

/** Every proper ancestor of a normalised path, outermost first, excluding `/`: `/a/b/c` → `/a`, `/a/b`. */
export function ancestorsOf(path: string): string[] {
  const result: string[] = [];
  let i = path.indexOf('/', 1);
  while (i > 0) {
    result.push(path.slice(0, i));
    i = path.indexOf('/', i + 1);
  }
  return result;
}

/** Metadata of a tar entry as the listing builder needs it (a subset of a tar header). */
export interface RawEntryMeta {
  type: EntryType;
  size: number;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  linkname?: string;
  contentKey?: string;
}

/**
 * Builds a {@link LayerListing} entry by entry, as a tar parser meets them: classifies whiteout and
 * opaque markers and drops AUFS metadata, so the Node side never has to know about overlay naming.
 */
export class LayerListingBuilder {
  private readonly listing: LayerListing = { entries: [], whiteouts: [], opaqueDirs: [] };

  /** Adds one raw tar entry (its name as written in the tar). */
  add(rawName: string, meta: RawEntryMeta): void {
    const path = normalizeEntryPath(rawName);
    if (path === null) return; // the root entry carries nothing we analyse
    const name = baseName(path);
    if (name.startsWith(WHITEOUT_PREFIX)) {
      const dir = parentPath(path);
      if (name === OPAQUE_MARKER) this.listing.opaqueDirs.push(dir);
      // Other `.wh..wh.*` names are AUFS bookkeeping (hard-link dirs): neither files nor deletions.
      else if (!name.startsWith(META_WHITEOUT_PREFIX))
        this.listing.whiteouts.push(joinPath(dir, name.slice(WHITEOUT_PREFIX.length)));
      return;
    }
    const entry: LayerEntry = {
      path,
      type: meta.type,
      size: meta.type === 'dir' ? 0 : meta.size,
      mode: meta.mode ?? 0,
      uid: meta.uid ?? 0,
      gid: meta.gid ?? 0,
    };
    if (meta.mtime !== undefined) entry.mtime = meta.mtime;
    if (meta.linkname) entry.linkname = meta.linkname;
    if (meta.contentKey !== undefined) entry.contentKey = meta.contentKey;
    this.listing.entries.push(entry);
  }

  /** Number of entries and markers so far. */
  get count(): number {
    return this.listing.entries.length + this.listing.whiteouts.length + this.listing.opaqueDirs.length;
  }

  /** The listing built so far (the builder must not be used afterwards). */
  build(): LayerListing {
    return this.listing;
  }
}
