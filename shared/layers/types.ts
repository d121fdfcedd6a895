/** Result types of the layer analysis (shared by the Node analyser and the renderer). */
import type { Bill } from '../api/bill';
import type { LayerContents } from '../api/contract';
import type { DiveInefficiency } from './dive-efficiency';
import type { HiddenCopy } from './virtual-fs';

/** Bytes some layer stores that the final filesystem does not show, with who stored and who hid them. */
export type ReclaimableEntry = HiddenCopy;

/** {@link LayerContents} plus what the analysis keeps for the image-level figures. */
export interface LayerContentsDetail extends LayerContents {
  /** Bytes this layer stores (sum of its tar entries' sizes). */
  storedBytes: number;
  /** Of those, the bytes under each cache (apt lists, pip cache…; see cache-bytes.ts). */
  cacheBytes: Record<string, number>;
}

/** Everything the layer analysis knows about one image. */
export interface ImageContents {
  /** One per filesystem layer; `layers[i].layerIndex === i`, aligned with `inspect().RootFS.Layers`. */
  layers: LayerContentsDetail[];
  /** dive's efficiency score in [0, 1]. */
  efficiency: number;
  /** dive's wasted bytes (every copy of a path seen in two or more layers, the first included). */
  diveWastedBytes: number;
  /** dive's largest inefficiencies, for comparison with dive's own UI. */
  diveInefficiencies: DiveInefficiency[];
  /** Whittle's reclaimable bytes: stored in some layer, not visible in the final filesystem. */
  reclaimableBytes: number;
  /** The largest reclaimable copies, largest first. */
  reclaimable: ReclaimableEntry[];
  /** Non-directory entries visible in the final filesystem. */
  totalFiles: number;
  /** Bytes stored over all layers; always `visibleBytes + reclaimableBytes`. */
  storedBytes: number;
  /** Bytes of the files visible in the final filesystem. */
  visibleBytes: number;
  /** The bill of bytes, when asked for (computed in the same pass; see shared/bill). */
  bill?: Bill;
  /** Where the layers came from, when read from an image archive. */
  source?: {
    /** `docker`: legacy `docker save` manifest.json; `oci`: OCI image layout index.json. */
    layout: 'docker' | 'oci';
    /** The config's `rootfs.diff_ids` (same order as `layers`), when the archive had the config. */
    diffIds: string[] | null;
  };
}

/** Tuning for the analysis; every limit bounds the report, none changes a total. */
export interface AnalyzeOptions {
  /** How many largest files, directories, reclaimable copies and inefficiencies to keep (default 20). */
  topN?: number;
  /** Cap on each layer's added/changed/removed lists, keeping the largest (default: no cap). */
  maxListEntries?: number;
}
