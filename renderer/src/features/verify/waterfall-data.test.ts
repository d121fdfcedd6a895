import { describe, expect, it } from 'vitest';
import { waterfallRows } from './waterfall-data';

describe('waterfallRows', () => {
  it('steps from the original down to the optimized size, one bar per measured fix, the rest as "other"', () => {
    const rows = waterfallRows(1000, 300, [
      { ruleId: 'WH010', title: '', estimatedBytes: 500, measuredBytes: 600 },
      { ruleId: 'WH022', title: '', estimatedBytes: 20, measuredBytes: -10 },
      { ruleId: 'WH021', title: '', estimatedBytes: null, measuredBytes: null },
    ]);
    expect(rows.map((r) => [r.label, r.base, r.value, r.kind])).toEqual([
      ['Original', 0, 1000, 'total'],
      ['WH010', 400, 600, 'saving'],
      ['WH022', 400, 10, 'growth'],
      ['other', 300, 110, 'saving'],
      ['Optimized', 0, 300, 'total'],
    ]);
  });
});
