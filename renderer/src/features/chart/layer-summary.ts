/** What a layer's file panel says about its contents, in words that agree with its counts. */
import type { LayerContents } from '../../../../shared/api/contract';

/**
 * The sentence shown when a layer lists no files, or null when it lists some. A layer whose
 * added or changed entries are all folders (WORKDIR, `mkdir`) stores folders only: saying "no
 * files" next to "added 3" would contradict the counts.
 */
export function emptyLayerNote(c: Pick<LayerContents, 'largestFiles' | 'counts'>): string | null {
  if (c.largestFiles.length > 0) return null;
  if (c.counts.added + c.counts.changed > 0) return 'This layer stores only folders (no file contents).';
  if (c.counts.removed > 0) return 'This layer only removes files.';
  return 'This layer stores no files.';
}
