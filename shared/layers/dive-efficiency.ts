/**
 * dive's efficiency score and wasted bytes, reproduced from its source so the numbers match what
 * users see in dive (wagoodman/dive, `dive/filetree/efficiency.go`, `file_tree.go`, `image/image.go`):
 *
 *   efficiency = Σ_p min_i size_i(p) / Σ_p Σ_i size_i(p)      (1.0 when the denominator is 0)
 *   wasted     = Σ_{p seen in ≥ 2 layers} Σ_i size_i(p)
 *
 * where p ranges over the *leaf* nodes of each layer's own tree (dive visits `node.IsLeaf()` only),
 * and size_i(p) is:
 *  - the tar header size for a real entry (0 for directories, symlinks and hard links);
 *  - 0 for a directory that is only implied by a deeper path (dive creates it with an empty FileInfo);
 *  - for a `.wh.<name>` whiteout: 0 if the path was a file, or, if it was a directory in the stack of the
 *    layers below, the summed size of that whole subtree (dive: "we won't explicitly list out every child,
 *    only the top-most parent with the cumulative size").
 * Wasted bytes include the first copy of a path too (dive issue #684); Whittle's own reclaimable bytes do not.
 *
 * dive quirks kept on purpose, because matching dive is the point of this number:
 *  - `.wh..wh..opq` markers are ignored entirely (dive's AddPath drops them), so an opaque directory does
 *    not hide anything in dive's stacked tree; only the directory node is created.
 *  - When stacking, a directory only implied by a deeper path in a later layer gets dive's empty FileInfo,
 *    which clears its IsDir flag; a later whiteout of it then counts 0 bytes.
 * One deliberate difference: a whiteout of a path absent from the stack makes dive abort the rest of that
 * layer's walk (an error from the visitor); here it simply counts 0 bytes.
 */
import { ancestorsOf, type LayerListing } from './layer-entry';

interface DiveNode {
  children: Map<string, DiveNode> | null;
  isDir: boolean;
  size: number;
}

interface PathStats {
  cumulative: number;
  min: number;
  count: number;
}

/** One path dive lists as inefficient (seen as a leaf in two or more layers). */
export interface DiveInefficiency {
  path: string;
  /** Sum of that path's sizes over every layer it appears in (first copy included, as dive does). */
  cumulativeBytes: number;
  /** Number of layers it appears in. */
  count: number;
}

/** Final numbers: dive's score, its wasted bytes, and the biggest inefficiencies. */
export interface DiveResult {
  efficiency: number;
  wastedBytes: number;
  inefficiencies: DiveInefficiency[];
}

/** dive's stacked file tree (layers applied with whiteouts, opaque markers ignored). */
class DiveTree {
  private readonly root: DiveNode = { children: new Map(), isDir: true, size: 0 };

  get(path: string): DiveNode | undefined {
    let node: DiveNode | undefined = this.root;
    for (const name of path.slice(1).split('/')) {
      node = node.children?.get(name);
      if (!node) return undefined;
    }
    return node;
  }

  /** dive's AddPath: missing intermediate nodes get an empty FileInfo; the payload replaces, children stay. */
  set(path: string, isDir: boolean, size: number): void {
    let node = this.root;
    for (const name of path.slice(1).split('/')) {
      node.children ??= new Map();
      let child = node.children.get(name);
      if (!child) {
        child = { children: null, isDir: false, size: 0 };
        node.children.set(name, child);
      }
      node = child;
    }
    node.isDir = isDir;
    node.size = size;
  }

  remove(path: string): void {
    const cut = path.lastIndexOf('/');
    const parent = cut === 0 ? this.root : this.get(path.slice(0, cut));
    parent?.children?.delete(path.slice(cut + 1));
  }

  /** Size of a node plus every node beneath it (dive's `VisitDepthChildFirst(sizer, nil)`). */
  static subtreeSize(node: DiveNode): number {
    let total = 0;
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      total += n.size;
      if (n.children) for (const c of n.children.values()) stack.push(c);
    }
    return total;
  }
}

/**
 * Accumulates dive's efficiency layer by layer, in filesystem-layer order. Memory is bounded by the number
 * of distinct paths (one small record per leaf path plus dive's stacked tree), never by bytes.
 */
export class DiveEfficiency {
  private readonly tree = new DiveTree();
  private readonly stats = new Map<string, PathStats>();

  /** Feeds the next layer (bottom first). */
  addLayer(listing: LayerListing): void {
    const explicit = new Map<string, { isDir: boolean; size: number }>();
    for (const e of listing.entries) explicit.set(e.path, { isDir: e.type === 'dir', size: e.size });

    // Rebuild the shape of dive's per-layer tree: which nodes have children, which are only implied.
    const hasChild = new Set<string>();
    const implied = new Set<string>();
    const markAncestors = (path: string): void => {
      for (const a of ancestorsOf(path)) {
        hasChild.add(a);
        if (!explicit.has(a)) implied.add(a);
      }
    };
    for (const path of explicit.keys()) markAncestors(path);
    for (const w of listing.whiteouts) markAncestors(w); // the marker `/d/.wh.x` is a child of `/d`
    for (const d of listing.opaqueDirs) {
      markAncestors(d);
      if (!explicit.has(d)) implied.add(d); // dive creates the directory, then drops the marker
    }

    // Leaves first, against the stack of the layers below (whiteout sizes need it).
    for (const [path, info] of explicit) if (!hasChild.has(path)) this.record(path, info.size);
    for (const path of implied) if (!hasChild.has(path)) this.record(path, 0);
    for (const w of listing.whiteouts) {
      const previous = this.tree.get(w);
      this.record(w, previous?.isDir ? DiveTree.subtreeSize(previous) : 0);
    }

    // Then stack this layer onto the tree as dive's FileTree.Stack does.
    for (const w of listing.whiteouts) this.tree.remove(w);
    for (const [path, info] of explicit) this.tree.set(path, info.isDir, info.size);
    for (const path of implied) this.tree.set(path, false, 0);
  }

  private record(path: string, size: number): void {
    const s = this.stats.get(path);
    if (!s) this.stats.set(path, { cumulative: size, min: size, count: 1 });
    else {
      s.cumulative += size;
      if (size < s.min) s.min = size;
      s.count += 1;
    }
  }

  /** dive's score, wasted bytes and the `topN` largest inefficiencies (by cumulative size). */
  result(topN = 20): DiveResult {
    let minimum = 0;
    let discovered = 0;
    let wasted = 0;
    const inefficient: DiveInefficiency[] = [];
    for (const [path, s] of this.stats) {
      minimum += s.min;
      discovered += s.cumulative;
      if (s.count >= 2) {
        wasted += s.cumulative;
        inefficient.push({ path, cumulativeBytes: s.cumulative, count: s.count });
      }
    }
    inefficient.sort((a, b) => b.cumulativeBytes - a.cumulativeBytes || (a.path < b.path ? -1 : 1));
    return {
      efficiency: discovered === 0 ? 1 : minimum / discovered,
      wastedBytes: wasted,
      inefficiencies: inefficient.slice(0, topN),
    };
  }
}
