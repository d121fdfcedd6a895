import { describe, expect, it } from 'vitest';
import type { ImageReport } from '../../../../shared/api/contract';
import { imageBill } from './image-bill';
import { OPTIMIZED_ENTRIES, OPTIMIZED_TOTAL } from './fixtures/python-slim-venv';

const report = (extra: Partial<ImageReport>): ImageReport =>
  ({ imageId: 'sha256:x', sizeBytes: OPTIMIZED_TOTAL + 10, layers: [], ...extra }) as ImageReport;

describe('imageBill', () => {
  it('is undefined when the image report carries no bill', () => {
    expect(imageBill('optimized', report({}))).toBeUndefined();
  });

  it('takes the owners, the total and the note of the bill', () => {
    const b = imageBill(
      'optimized',
      report({
        bill: OPTIMIZED_ENTRIES,
        billTotals: { totalBytes: OPTIMIZED_TOTAL, unexplainedBytes: 10, note: 'symlinks: +10 B' },
      }),
    )!;
    expect(b.variant).toBe('optimized');
    expect(b.entries).toEqual(OPTIMIZED_ENTRIES);
    expect(b.totalBytes).toBe(OPTIMIZED_TOTAL);
    expect(b.note).toBe('symlinks: +10 B');
  });

  it('leaves out owners of 0 bytes and sums the owners when the totals are missing', () => {
    const b = imageBill(
      'original',
      report({
        bill: [
          { kind: 'app', name: '/app', bytes: 40, files: 2 },
          { kind: 'base', name: '/dev', bytes: 0, files: 3 },
        ],
      }),
    )!;
    expect(b.entries.map((e) => e.name)).toEqual(['/app']);
    expect(b.totalBytes).toBe(40);
    expect(b.note).toBeUndefined();
  });
});
