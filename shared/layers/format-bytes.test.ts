import { describe, expect, it } from 'vitest';
import { formatBytes, parseBytes } from './format-bytes';

describe('formatBytes', () => {
  it('prints three significant digits with 1000-based units, as Docker does', () => {
    expect(formatBytes(1_358_000_000)).toBe('1.36 GB');
    expect(formatBytes(471_234_567)).toBe('471 MB');
    expect(formatBytes(5_200)).toBe('5.2 kB');
    expect(formatBytes(5_000_000)).toBe('5 MB');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1000)).toBe('1 kB');
  });
  it('carries into the next unit instead of printing 1000 kB', () => {
    expect(formatBytes(999_700)).toBe('1 MB');
    expect(formatBytes(999_499)).toBe('999 kB');
  });
  it('keeps the sign of negative deltas', () => {
    expect(formatBytes(-5_200_000)).toBe('-5.2 MB');
  });
});

describe('parseBytes', () => {
  it('parses SI and IEC units', () => {
    expect(parseBytes('1.36 GB')).toBe(1_360_000_000);
    expect(parseBytes('471MB')).toBe(471_000_000);
    expect(parseBytes('5.2 kB')).toBe(5_200);
    expect(parseBytes('12 KiB')).toBe(12_288);
    expect(parseBytes('5MiB')).toBe(5_242_880);
    expect(parseBytes('1024')).toBe(1024);
    expect(parseBytes('2g')).toBe(2_000_000_000);
  });
  it('rejects nonsense', () => {
    expect(parseBytes('')).toBeNull();
    expect(parseBytes('12 parsecs')).toBeNull();
    expect(parseBytes('-3 MB')).toBeNull();
  });
  it('round-trips formatBytes to within its precision', () => {
    for (const n of [1, 999, 5_200, 471_234_567, 1_358_000_000]) {
      const back = parseBytes(formatBytes(n))!;
      expect(Math.abs(back - n) / n).toBeLessThan(0.005);
    }
  });
});
