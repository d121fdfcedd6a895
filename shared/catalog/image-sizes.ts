/**
 * What a base swap saves (a fat image for its slim variant, a toolchain for its runtime image):
 * the daemon's sizes of both images when `ProjectContext.baseImages` carries them (image inspect
 * `Size`, read by electron/core/daemon-base-facts.ts), otherwise the offline catalog's typical
 * sizes of Docker Hub's images (`FAMILIES` in base-images.ts), said as such. Never a mix: a
 * daemon size of one image minus a catalog size of the other compares two different builds.
 */
import type { BaseImageFacts } from '../api/contract';
import type { ImageRef } from '../dockerfile/model';
import type { EstimateBasis } from '../rules/types';
import { familyOf } from './base-images';

/** An image-size estimate: bytes and where they come from. */
export interface SizeEstimate {
  bytes: number;
  estimate: EstimateBasis;
}

/** The daemon's size of `ref` (as written after FROM, or as a rule names it), when known. */
export function daemonSize(ref: string, known?: Record<string, BaseImageFacts>): number | undefined {
  const size = known?.[ref]?.sizeBytes;
  return typeof size === 'number' && size >= 0 ? size : undefined;
}

/** The sentence for a catalog figure (also the UI's and CLI's explanation of `catalog`). */
export const CATALOG_NOTE =
  "catalog estimate: typical sizes of Docker Hub's images, not the copies this build uses";

/**
 * Bytes saved by running on `to` instead of `from`: daemon sizes of both (source `daemon`), else
 * the family's catalog figures (fat minus slim, source `catalog`), else null (nothing to price).
 * `to` null means the family's slim/runtime variant. Never negative.
 */
export function swapEstimate(
  from: ImageRef,
  to: string | null,
  known?: Record<string, BaseImageFacts>,
): SizeEstimate | null {
  const a = daemonSize(from.raw, known);
  const b = to === null ? undefined : daemonSize(to, known);
  if (a !== undefined && b !== undefined) {
    return {
      bytes: Math.max(0, a - b),
      estimate: {
        source: 'daemon',
        images: { from: from.raw, to: to! },
        note: `${from.raw} and ${to} as the Docker daemon has them`,
      },
    };
  }
  const fam = familyOf(from);
  if (!fam?.slimBytes) return null;
  return {
    bytes: Math.max(0, fam.fatBytes - fam.slimBytes),
    estimate: {
      source: 'catalog',
      ...(to ? { images: { from: from.raw, to } } : {}),
      note: CATALOG_NOTE,
    },
  };
}

/** The final base's size: the daemon's when known, else the catalog's typical one, else 0. */
export function imageSize(
  image: ImageRef,
  lean: boolean,
  known?: Record<string, BaseImageFacts>,
): { bytes: number; source: 'daemon' | 'catalog' } {
  const d = daemonSize(image.raw, known);
  if (d !== undefined) return { bytes: d, source: 'daemon' };
  const fam = familyOf(image);
  return { bytes: fam ? (lean ? (fam.slimBytes ?? 0) : fam.fatBytes) : 0, source: 'catalog' };
}

/** A finding's `estimatedBytes` and `estimate` from a size estimate (nothing when null). */
export const estimateFields = (
  e: SizeEstimate | null,
): { estimatedBytes?: number; estimate?: EstimateBasis } =>
  e ? { estimatedBytes: e.bytes, estimate: e.estimate } : {};
