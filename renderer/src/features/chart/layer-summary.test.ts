import { describe, expect, it } from 'vitest';
import { emptyLayerNote } from './layer-summary';

const counts = (added: number, changed = 0, removed = 0) => ({ added, changed, removed });

describe('emptyLayerNote', () => {
  it('does not say "no files" when the counts say entries were added (folders only)', () => {
    const note = emptyLayerNote({ largestFiles: [], counts: counts(3) });
    expect(note).not.toBe('This layer stores no files.');
    expect(note).toMatch(/only folders/);
  });
  it('says a layer that only deletes removes files', () => {
    expect(emptyLayerNote({ largestFiles: [], counts: counts(0, 0, 2) })).toMatch(/removes/);
  });
  it('says "no files" only when nothing was added, changed or removed', () => {
    expect(emptyLayerNote({ largestFiles: [], counts: counts(0) })).toBe('This layer stores no files.');
  });
  it('says nothing when the layer lists files', () => {
    expect(emptyLayerNote({ largestFiles: [{ path: '/a', sizeBytes: 1 }], counts: counts(1) })).toBeNull();
  });
});
