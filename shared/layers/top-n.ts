/**
 * Bounded "largest N" selection. Layers and images can hold tens of thousands of paths; keeping only a
 * bounded buffer means the report's size does not grow with the image.
 */
import type { FileEntry } from '../api/contract';
import { ancestorsOf, type LayerEntry } from './layer-entry';

/** Largest first; ties by path so results are stable across runs. */
export function bySizeDesc<T extends { sizeBytes: number; path: string }>(a: T, b: T): number {
  return b.sizeBytes - a.sizeBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

/** Keeps the `limit` largest items pushed into it, in O(limit) memory (amortised trimming). */
export class TopN<T extends { sizeBytes: number; path: string }> {
  private items: T[] = [];

  constructor(private readonly limit: number) {}

  push(item: T): void {
    if (this.limit <= 0) return;
    this.items.push(item);
    if (this.items.length >= this.limit * 2 + 64) this.trim();
  }

  /** The largest items, largest first. */
  result(): T[] {
    this.trim();
    return this.items.slice();
  }

  private trim(): void {
    this.items.sort(bySizeDesc);
    if (this.items.length > this.limit) this.items.length = this.limit;
  }
}

/** The `n` largest non-directory entries a layer stores. */
export function largestFiles(entries: readonly LayerEntry[], n: number): FileEntry[] {
  const top = new TopN<FileEntry>(n);
  for (const e of entries) if (e.type !== 'dir') top.push({ path: e.path, sizeBytes: e.size });
  return top.result();
}

/** The `n` directories under which a layer stores the most bytes (nested directories all count). */
export function largestDirs(entries: readonly LayerEntry[], n: number): FileEntry[] {
  const totals = new Map<string, number>();
  for (const e of entries) {
    if (e.type === 'dir' || e.size === 0) continue;
    for (const dir of ancestorsOf(e.path)) totals.set(dir, (totals.get(dir) ?? 0) + e.size);
  }
  const top = new TopN<FileEntry>(n);
  for (const [path, sizeBytes] of totals) top.push({ path, sizeBytes });
  return top.result();
}
