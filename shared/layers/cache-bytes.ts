/**
 * Bytes a layer stores under each cache (apt lists, pip's, npm's, yarn's, apk's, yum/dnf's,
 * `__pycache__`, gem docs…): the bill's cache owners (`cacheName` in shared/bill/classify-path.ts)
 * plus gem documentation. Computed per layer in the same pass as the layer analysis, so an
 * estimate of a cache finding can be the bytes that the instruction's layer really holds.
 */
import { cacheName } from '../bill/classify-path';
import type { LayerEntry } from './layer-entry';

/** Owner name of gem documentation (ri/rdoc under a gems folder), which the bill does not name. */
export const GEM_DOCS = 'gem docs';

/** The cache a layer path belongs to, or null. */
export function layerCacheOf(path: string): string | null {
  if (/\/gems\/[^/]+\/doc\//.test(path) || path.startsWith('/usr/local/bundle/doc/')) return GEM_DOCS;
  return cacheName(path);
}

/** Bytes of the layer's entries by cache (only caches it stores bytes under). */
export function cacheBytesOf(entries: readonly LayerEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    if (e.size <= 0) continue;
    const c = layerCacheOf(e.path);
    if (c) out[c] = (out[c] ?? 0) + e.size;
  }
  return out;
}
