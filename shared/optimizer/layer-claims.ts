/**
 * Which findings claim bytes of their own instruction's layer, and which bytes: a cache or list
 * (exactly the bytes under its paths in that layer — the names are the bill's cache owners,
 * `layerCacheOf` in shared/layers/cache-bytes.ts) or a share of what the layer adds (recommended
 * packages, compilers, devDependencies: at most the layer's bytes less the caches in it).
 * Read by the grounding of estimates in a built original (ground-estimates.ts) and by the
 * optimizer when the multi-stage split leaves such a layer in the builder.
 */
import { GEM_DOCS } from '../layers/cache-bytes';

/** What one rule's finding claims of its layer. */
export type LayerClaim =
  /** The bytes under these caches' paths in the layer. */
  | { kind: 'cache'; caches: string[] }
  /** At most what the layer adds, less the caches it stores. */
  | { kind: 'layer' };

export const LAYER_CLAIMS: Readonly<Record<string, LayerClaim>> = {
  // `apt-get update` in its own RUN: that RUN's layer stores the lists.
  WH020: { kind: 'cache', caches: ['apt lists'] },
  WH021: { kind: 'layer' },
  WH022: { kind: 'cache', caches: ['apt lists'] },
  WH023: { kind: 'cache', caches: ['pip cache'] },
  WH025: { kind: 'cache', caches: ['npm cache', 'yarn cache'] },
  WH026: { kind: 'cache', caches: ['apk cache'] },
  WH027: { kind: 'cache', caches: ['yum/dnf cache'] },
  WH034: { kind: 'cache', caches: ['__pycache__'] },
  WH038: { kind: 'cache', caches: [GEM_DOCS] },
  WH011: { kind: 'layer' },
  WH012: { kind: 'layer' },
};

/**
 * Rules whose own fix saves bytes of the instruction's layer only: when the multi-stage split
 * leaves that instruction in the builder, their fix saves nothing more.
 */
export const OWN_LAYER_FIXES = new Set([
  'WH020',
  'WH021',
  'WH022',
  'WH023',
  'WH025',
  'WH026',
  'WH027',
  'WH034',
  'WH038',
]);
