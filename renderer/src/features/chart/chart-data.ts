/** CompareReport → rows for the layer chart: every layer of both images, in build order. */
import type { CompareReport, ImageReport, LayerInfo, Variant } from '../../../../shared/api/contract';

export interface LayerRow {
  /** Unique category key, e.g. `original #3`. */
  key: string;
  variant: Variant;
  imageId: string;
  layer: LayerInfo;
  sizeBytes: number;
  /** Short label for the axis: the instruction, trimmed. */
  label: string;
}

function short(instruction: string): string {
  const s = instruction
    .replace(/^\/bin\/sh -c (#\(nop\) )?/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > 48 ? `${s.slice(0, 47)}…` : s;
}

function rowsOf(variant: Variant, image: ImageReport): LayerRow[] {
  return image.layers.map((layer) => ({
    key: `${variant} #${layer.index}`,
    variant,
    imageId: image.imageId,
    layer,
    sizeBytes: layer.sizeBytes,
    label: short(layer.instruction) || (layer.isBase ? 'base image' : `layer ${layer.index}`),
  }));
}

export function layerRows(report: CompareReport): LayerRow[] {
  return [...rowsOf('original', report.original), ...rowsOf('optimized', report.optimized)];
}

export interface ShareRow {
  name: string;
  base: number;
  own: number;
}

/** Per image: bytes from the base image vs bytes the project's own instructions add. */
export function shareRows(report: CompareReport): ShareRow[] {
  const row = (name: string, img: ImageReport): ShareRow => ({
    name,
    base: img.baseSizeBytes,
    own: Math.max(0, img.sizeBytes - img.baseSizeBytes),
  });
  return [row('Original', report.original), row('Optimized', report.optimized)];
}
