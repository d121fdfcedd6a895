/** The savings lines of `whittle compare`: estimated → measured, and a far-too-high estimate said as such. */
import { describe, expect, it } from 'vitest';
import type { Verification } from '../../shared/api/verify';
import { verificationText } from './verify-text';

const v = (savings: Verification['savings']): Verification => ({
  status: 'verified',
  checks: [],
  heldBack: [],
  repairs: [],
  offeredText: '',
  appliedRuleIds: [],
  savings,
  rebuilds: 1,
  elapsedMs: 1000,
  budgetMs: 600_000,
});

describe('verificationText savings', () => {
  it('flags an estimate far above the measured saving, and only that one', () => {
    const text = verificationText(
      v([
        { ruleId: 'WH021', title: 'recommends', estimatedBytes: 30_000_000, measuredBytes: 700_000 },
        { ruleId: 'WH020', title: 'update', estimatedBytes: 20_000_000, measuredBytes: 19_900_000 },
        { ruleId: 'WH032', title: 'merge', estimatedBytes: null, measuredBytes: 21_000_000 },
      ]),
    );
    const line = (id: string) => text.split('\n').find((l) => l.trim().startsWith(id))!;
    expect(line('WH021')).toMatch(
      /30 MB →\s+700 kB .*\[measured far below the estimate: the measured figure is the saving\]/,
    );
    expect(line('WH020')).not.toMatch(/far below/);
    expect(line('WH032')).not.toMatch(/far below/);
  });
});
