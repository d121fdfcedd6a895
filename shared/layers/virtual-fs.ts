/**
 * The image's filesystem as the container runtime sees it, built by applying layers bottom-up with
 * overlay semantics (OCI image spec, "Applying changesets"): whiteouts and opaque markers hide what the
 * layers *below* stored, entries of the same layer stay. Every stored copy that stops being visible is
 * reported once, to the layer that hid it, which is what Whittle calls reclaimable.
 */
import type { FileEntry } from '../api/contract';
import {
  ancestorsOf,
  baseName,
  joinPath,
  type EntryType,
  type LayerEntry,
  type LayerListing,
} from './layer-entry';

/** Why a stored copy is not visible in the final filesystem. */
export type HideReason = 'overwritten' | 'deleted' | 'metadata-only';

/** A stored copy of a path that a later (or the same) layer hid. */
export interface HiddenCopy {
  path: string;
  sizeBytes: number;
  storedByLayer: number;
  hiddenByLayer: number;
  reason: HideReason;
}

/** What one layer did to the filesystem below it. */
export interface LayerChanges {
  /** New paths (files, links and explicitly stored directories). */
  added: FileEntry[];
  /** Paths that existed and were stored again (directories only when mode/owner changed). */
  changed: FileEntry[];
  /** Top-most paths that disappeared, with the visible bytes beneath them. */
  removed: FileEntry[];
}

interface FsNode {
  path: string;
  parent: FsNode | null;
  children: Map<string, FsNode> | null;
  type: EntryType;
  size: number;
  /** Index of the layer whose copy is visible. */
  layer: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number | undefined;
  linkname: string | undefined;
  contentKey: string | undefined;
  /** A directory no layer stored an entry for (only implied by a deeper path). */
  implied: boolean;
}

/** Whether a later copy stores the same bytes as the earlier one (so only metadata changed). */
function sameContent(old: FsNode, next: LayerEntry): boolean {
  if (old.type !== next.type || old.size !== next.size || (old.linkname ?? '') !== (next.linkname ?? ''))
    return false;
  if (old.contentKey !== undefined && next.contentKey !== undefined)
    return old.contentKey === next.contentKey;
  // Without digests, an unchanged mtime is the tell: chmod/chown copy-ups keep it, content writes bump it.
  return old.mtime !== undefined && old.mtime === next.mtime;
}

/** Applies layers to a virtual filesystem; memory is one small node per visible path. */
export class VirtualFs {
  private readonly root: FsNode = {
    path: '/',
    parent: null,
    children: new Map(),
    type: 'dir',
    size: 0,
    layer: -1,
    mode: 0o755,
    uid: 0,
    gid: 0,
    mtime: undefined,
    linkname: undefined,
    contentKey: undefined,
    implied: true,
  };

  /** @param onHidden called once for every stored copy with bytes that becomes invisible. */
  constructor(private readonly onHidden: (copy: HiddenCopy) => void) {}

  /** Applies the next layer (index = filesystem-layer order) and reports what it changed. */
  applyLayer(index: number, listing: LayerListing): LayerChanges {
    const changes: LayerChanges = { added: [], changed: [], removed: [] };
    if (listing.opaqueDirs.length > 0 || listing.whiteouts.length > 0) {
      const restored = new Set<string>();
      const impliedByLayer = new Set<string>();
      for (const e of listing.entries) {
        restored.add(e.path);
        for (const a of ancestorsOf(e.path)) impliedByLayer.add(a);
      }
      const ctx = { index, restored, impliedByLayer, changes };
      for (const dir of listing.opaqueDirs) {
        const node = this.get(dir);
        if (node?.children)
          for (const child of [...node.children.values()]) this.removeUnlessRestored(child, ctx);
      }
      for (const path of listing.whiteouts) {
        const node = this.get(path);
        if (node) this.removeUnlessRestored(node, ctx);
      }
    }
    for (const entry of listing.entries) this.put(index, entry, changes);
    return changes;
  }

  /** Counts and bytes of what is visible now (non-directory entries). */
  visibleTotals(): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    this.walk(this.root, (n) => {
      if (n.type !== 'dir') {
        files += 1;
        bytes += n.size;
      }
    });
    return { files, bytes };
  }

  /**
   * Calls `visit` for every visible non-directory entry (path, type, tar size, the layer whose copy is
   * visible, link target). Iterative, in no particular order.
   */
  forEachVisible(
    visit: (path: string, type: EntryType, size: number, layer: number, linkname: string | undefined) => void,
  ): void {
    this.walk(this.root, (n) => {
      if (n.type !== 'dir') visit(n.path, n.type, n.size, n.layer, n.linkname);
    });
  }

  /**
   * The visible entry at exactly `path` (normalised, absolute; no link following), with the index of
   * the layer whose copy is visible and its tar size in bytes (0 for links and directories), or undefined.
   */
  lookup(path: string): { type: EntryType; linkname?: string; layer: number; size: number } | undefined {
    const node = path === '/' ? this.root : this.get(path);
    return node && { type: node.type, linkname: node.linkname, layer: node.layer, size: node.size };
  }

  /** Like {@link lookup}, with the permission bits and owner of the visible entry (for permission checks). */
  stat(
    path: string,
  ): { type: EntryType; linkname?: string; mode: number; uid: number; gid: number } | undefined {
    const node = path === '/' ? this.root : this.get(path);
    return (
      node && { type: node.type, linkname: node.linkname, mode: node.mode, uid: node.uid, gid: node.gid }
    );
  }

  private get(path: string): FsNode | undefined {
    let node: FsNode | undefined = this.root;
    for (const name of path.slice(1).split('/')) {
      node = node.children?.get(name);
      if (!node) return undefined;
    }
    return node;
  }

  /**
   * Removes a lower node hidden by a whiteout/opaque marker, except what this same layer stores again
   * (`rm -rf d && mkdir d && cp x d/` leaves `d/x` as a change, not a removal plus an addition).
   */
  private removeUnlessRestored(
    node: FsNode,
    ctx: { index: number; restored: Set<string>; impliedByLayer: Set<string>; changes: LayerChanges },
  ): void {
    if (ctx.restored.has(node.path) || ctx.impliedByLayer.has(node.path)) {
      // The node itself is re-stored (put() replaces it) or kept as a parent; its other children go.
      if (node.type === 'dir' && node.children)
        for (const child of [...node.children.values()]) this.removeUnlessRestored(child, ctx);
      return;
    }
    const bytes = this.detach(node, ctx.index, 'deleted');
    ctx.changes.removed.push({ path: node.path, sizeBytes: bytes });
  }

  /** Unlinks a subtree, reporting each stored copy in it as hidden; returns its visible bytes. */
  private detach(node: FsNode, hiddenBy: number, reason: HideReason): number {
    let bytes = 0;
    this.walk(node, (n) => {
      if (n.type !== 'dir') {
        bytes += n.size;
        this.hide(n, hiddenBy, reason);
      }
    });
    node.parent?.children?.delete(baseName(node.path));
    return bytes;
  }

  private hide(node: FsNode, hiddenBy: number, reason: HideReason): void {
    if (node.type === 'dir' || node.size === 0) return;
    this.onHidden({
      path: node.path,
      sizeBytes: node.size,
      storedByLayer: node.layer,
      hiddenByLayer: hiddenBy,
      reason,
    });
  }

  /** Returns the directory node at `path`, creating implied directories (and replacing non-directories). */
  private ensureDir(path: string, index: number): FsNode {
    let node = this.root;
    if (path === '/') return node;
    for (const name of path.slice(1).split('/')) {
      node.children ??= new Map();
      let child = node.children.get(name);
      if (!child) {
        child = this.newNode(joinPath(node.path, name), node, index);
        node.children.set(name, child);
      } else if (child.type !== 'dir') {
        // A file where this layer needs a directory: the tar applier replaces it.
        this.hide(child, index, 'overwritten');
        Object.assign(child, { type: 'dir', size: 0, layer: index, implied: true, children: new Map() });
        child.contentKey = undefined;
        child.linkname = undefined;
      }
      node = child;
    }
    return node;
  }

  private newNode(path: string, parent: FsNode, index: number): FsNode {
    return {
      path,
      parent,
      children: null,
      type: 'dir',
      size: 0,
      layer: index,
      mode: 0o755,
      uid: 0,
      gid: 0,
      mtime: undefined,
      linkname: undefined,
      contentKey: undefined,
      implied: true,
    };
  }

  private put(index: number, entry: LayerEntry, changes: LayerChanges): void {
    const name = baseName(entry.path);
    const parent = this.ensureDir(entry.path.slice(0, entry.path.length - name.length - 1) || '/', index);
    parent.children ??= new Map();
    const existing = parent.children.get(name);
    const record: FileEntry = { path: entry.path, sizeBytes: entry.size };
    if (!existing) {
      const node = this.newNode(entry.path, parent, index);
      this.assign(node, entry, index);
      parent.children.set(name, node);
      changes.added.push(record);
      return;
    }
    if (existing.type === 'dir' && entry.type === 'dir') {
      if (existing.implied && existing.layer === index) changes.added.push(record);
      else if (existing.mode !== entry.mode || existing.uid !== entry.uid || existing.gid !== entry.gid)
        changes.changed.push(record);
      this.assign(existing, entry, index);
      return;
    }
    if (existing.type === 'dir') {
      // A non-directory replaces a directory: everything beneath it goes.
      if (existing.children)
        for (const child of [...existing.children.values()]) this.detach(child, index, 'deleted');
      existing.children = null;
    } else {
      this.hide(existing, index, sameContent(existing, entry) ? 'metadata-only' : 'overwritten');
    }
    this.assign(existing, entry, index);
    changes.changed.push(record);
  }

  private assign(node: FsNode, entry: LayerEntry, index: number): void {
    node.type = entry.type;
    node.size = entry.size;
    node.layer = index;
    node.mode = entry.mode;
    node.uid = entry.uid;
    node.gid = entry.gid;
    node.implied = false;
    // Plain assignment (not `delete`) keeps every node the same hidden class: smaller and faster in V8.
    node.mtime = entry.mtime;
    node.linkname = entry.linkname;
    node.contentKey = entry.contentKey;
  }

  /** Iterative pre-order walk (deep trees must not overflow the stack). */
  private walk(start: FsNode, visit: (n: FsNode) => void): void {
    const stack = [start];
    while (stack.length > 0) {
      const n = stack.pop()!;
      visit(n);
      if (n.children) for (const c of n.children.values()) stack.push(c);
    }
  }
}
