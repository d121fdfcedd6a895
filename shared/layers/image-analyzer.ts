/**
 * The layer analysis of one image: feed layer listings bottom-up, get per-layer changes, Whittle's
 * reclaimable bytes and dive's score. Streaming-friendly: a layer can be dropped once fed, so memory is
 * bounded by the number of paths, never by the bytes in the image.
 */
import type { FileEntry } from '../api/contract';
import { cacheBytesOf } from './cache-bytes';
import { DiveEfficiency } from './dive-efficiency';
import type { LayerListing } from './layer-entry';
import { TopN, bySizeDesc, largestDirs, largestFiles } from './top-n';
import type { AnalyzeOptions, ImageContents, LayerContentsDetail, ReclaimableEntry } from './types';
import { VirtualFs } from './virtual-fs';

const DEFAULT_TOP_N = 20;

function byPath(a: FileEntry, b: FileEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Keeps the `limit` largest, then orders by path (what a file list in the UI wants). */
function capList(list: FileEntry[], limit: number): FileEntry[] {
  if (list.length > limit) list = list.slice().sort(bySizeDesc).slice(0, limit);
  return list.sort(byPath);
}

/** Incremental analyser: `addLayer` for each layer in RootFS order, then `finish`. */
export class ImageAnalyzer {
  private readonly topN: number;
  private readonly maxList: number;
  private readonly layers: LayerContentsDetail[] = [];
  private readonly reclaimable: TopN<ReclaimableEntry>;
  private readonly reclaimableByLayer: number[] = [];
  private readonly reclaimableFilesByLayer: number[] = [];
  private reclaimableTotal = 0;
  private storedTotal = 0;
  private readonly fs = new VirtualFs((copy) => {
    this.reclaimableTotal += copy.sizeBytes;
    this.reclaimableByLayer[copy.storedByLayer] =
      (this.reclaimableByLayer[copy.storedByLayer] ?? 0) + copy.sizeBytes;
    this.reclaimableFilesByLayer[copy.storedByLayer] =
      (this.reclaimableFilesByLayer[copy.storedByLayer] ?? 0) + 1;
    this.reclaimable.push(copy);
  });
  private readonly dive = new DiveEfficiency();

  constructor(opts: AnalyzeOptions = {}) {
    this.topN = opts.topN ?? DEFAULT_TOP_N;
    this.maxList = opts.maxListEntries ?? Number.POSITIVE_INFINITY;
    this.reclaimable = new TopN(this.topN);
  }

  /** Applies the next layer (bottom first) and returns its entry; `reclaimableBytes` is final after `finish`. */
  addLayer(listing: LayerListing): LayerContentsDetail {
    const index = this.layers.length;
    this.dive.addLayer(listing);
    const changes = this.fs.applyLayer(index, listing);
    let stored = 0;
    for (const e of listing.entries) stored += e.size;
    this.storedTotal += stored;
    const layer: LayerContentsDetail = {
      layerIndex: index,
      added: capList(changes.added, this.maxList),
      changed: capList(changes.changed, this.maxList),
      removed: capList(changes.removed, this.maxList),
      largestFiles: largestFiles(listing.entries, this.topN),
      largestDirs: largestDirs(listing.entries, this.topN),
      reclaimableBytes: 0,
      storedBytes: stored,
      cacheBytes: cacheBytesOf(listing.entries),
      counts: {
        added: changes.added.length,
        changed: changes.changed.length,
        removed: changes.removed.length,
      },
    };
    this.layers.push(layer);
    return layer;
  }

  /** Visits every visible non-directory entry of the filesystem built so far (see VirtualFs). */
  forEachVisible(visit: Parameters<VirtualFs['forEachVisible']>[0]): void {
    this.fs.forEachVisible(visit);
  }

  /** The visible entry at `path` and the layer of its copy (see VirtualFs.lookup). */
  lookup(path: string): ReturnType<VirtualFs['lookup']> {
    return this.fs.lookup(path);
  }

  /** Hidden bytes and copies by the layer that stored them (index = layer; empty slots are 0). */
  reclaimableByStoringLayer(): { layer: number; bytes: number; files: number }[] {
    return this.layers.map((l) => ({
      layer: l.layerIndex,
      bytes: this.reclaimableByLayer[l.layerIndex] ?? 0,
      files: this.reclaimableFilesByLayer[l.layerIndex] ?? 0,
    }));
  }

  /** Completes the analysis. The analyser must not be fed afterwards. */
  finish(): ImageContents {
    for (const layer of this.layers) layer.reclaimableBytes = this.reclaimableByLayer[layer.layerIndex] ?? 0;
    const visible = this.fs.visibleTotals();
    const dive = this.dive.result(this.topN);
    return {
      layers: this.layers,
      efficiency: dive.efficiency,
      diveWastedBytes: dive.wastedBytes,
      diveInefficiencies: dive.inefficiencies,
      reclaimableBytes: this.reclaimableTotal,
      reclaimable: this.reclaimable.result(),
      totalFiles: visible.files,
      storedBytes: this.storedTotal,
      visibleBytes: visible.bytes,
    };
  }
}

/** Analyses a whole image from its layer listings, bottom layer first. */
export function analyzeLayers(listings: Iterable<LayerListing>, opts: AnalyzeOptions = {}): ImageContents {
  const analyzer = new ImageAnalyzer(opts);
  for (const listing of listings) analyzer.addLayer(listing);
  return analyzer.finish();
}
