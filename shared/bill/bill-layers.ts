/** What the bill needs to know about each filesystem layer, from the image report's layer list. */
import type { LayerInfo } from '../api/contract';
import type { BillLayer } from './attribute-bill';

/** `LayerInfo[]` (history mapped to the Dockerfile) → the bill's per-layer facts. */
export function billLayers(layers: readonly LayerInfo[]): BillLayer[] {
  return layers.map((l) => ({ index: l.index, instruction: l.instruction, isBase: l.isBase }));
}
