/**
 * Estimates grounded in the built original: once the original image exists, each finding that
 * claims bytes of its own instruction's layer (layer-claims.ts) gets the figure that layer
 * really holds instead of the rule's typical one —
 * - a cache or list finding: exactly the bytes under that cache's paths in the layer
 *   (`LayerInfo.cacheBytes`, read in the same pass as the layer analysis);
 * - a recommends / compilers / devDependencies finding: at most what the layer adds, less the
 *   caches it stores (what the packages themselves can be);
 * and a base-swap finding never claims more than the original's base layers hold. The layer of
 * a finding is the one whose Dockerfile line is the finding's (electron/core/docker/layers.ts maps
 * them for the final stage and the stages it builds FROM); a finding with no such layer keeps
 * its estimate. Figures are only ever lowered or replaced by what is there, never raised above
 * the layer. Pure: runs in Node and in the renderer.
 */
import type { LayerInfo } from '../api/contract';
import { formatBytes } from '../report/bytes';
import type { Finding } from '../rules/types';
import { LAYER_CLAIMS } from './layer-claims';

/** What grounding needs of the built original (an `ImageReport` has it). */
export interface BuiltOriginal {
  layers: LayerInfo[];
  /** Bytes of the base image's layers in the original. */
  baseSizeBytes: number;
}

/** Rules whose estimate is a base swap (the toolchain pool in savings.ts). */
const BASE_SWAPS = new Set(['WH001', 'WH004', 'WH010', 'WH013']);

/**
 * The findings with their estimates grounded in `original` (new objects for the changed ones; the
 * input is not touched). Only findings that carry an estimate are considered: one that claims
 * nothing of its own (counted under another, or left in a builder) stays so.
 */
export function groundEstimates(findings: readonly Finding[], original: BuiltOriginal): Finding[] {
  const byLine = new Map<number, LayerInfo>();
  for (const l of original.layers) if (l.line !== null && !l.isBase) byLine.set(l.line, l);
  return findings.map((f) => {
    if (f.estimatedBytes === undefined) return f;
    if (BASE_SWAPS.has(f.ruleId)) return capAtBase(f, original.baseSizeBytes);
    const claim = LAYER_CLAIMS[f.ruleId];
    const layer = byLine.get(f.line);
    if (!claim || !layer?.cacheBytes) return f;
    const caches = layer.cacheBytes;
    const where = `the layer of line ${f.line} in the built original`;
    if (claim.kind === 'cache') {
      const bytes = claim.caches.reduce((s, c) => s + (caches[c] ?? 0), 0);
      const what = claim.caches.join(' / ');
      return withEstimate(f, bytes, {
        source: 'layer',
        note: bytes
          ? `${formatBytes(bytes)} under the ${what} paths of ${where} (the rule's typical figure was ${formatBytes(f.estimatedBytes)})`
          : `${where} stores nothing under the ${what} paths`,
      });
    }
    const cached = Object.values(caches).reduce((s, b) => s + b, 0);
    const adds = Math.max(0, layer.sizeBytes - cached);
    if (f.estimatedBytes <= adds)
      return {
        ...f,
        estimate: {
          source: f.estimate?.source ?? 'typical',
          note: `${f.estimate?.note ? `${f.estimate.note}; ` : ''}within what ${where} adds (${formatBytes(adds)} without caches)`,
        },
      };
    return withEstimate(f, adds, {
      source: 'layer',
      note: `at most what ${where} adds (${formatBytes(layer.sizeBytes)}${cached ? `, less ${formatBytes(cached)} of caches` : ''}); the rule's typical figure was ${formatBytes(f.estimatedBytes)}`,
    });
  });
}

/** A base swap never saves more than the original's base layers hold. */
function capAtBase(f: Finding, baseBytes: number): Finding {
  if (!baseBytes || f.estimatedBytes! <= baseBytes) return f;
  return withEstimate(f, baseBytes, {
    ...f.estimate!,
    note: `at most the ${formatBytes(baseBytes)} of the original's base layers (the ${f.estimate?.source ?? 'typical'} figure was ${formatBytes(f.estimatedBytes!)})`,
  });
}

function withEstimate(f: Finding, bytes: number, estimate: NonNullable<Finding['estimate']>): Finding {
  const { estimatedBytes: _old, ...rest } = f;
  return bytes > 0 ? { ...rest, estimatedBytes: bytes, estimate } : { ...rest, estimate };
}
