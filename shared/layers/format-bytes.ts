/**
 * Byte counts for people, the way Docker prints them (go-units `HumanSizeWithPrecision(n, 3)`:
 * 1000-based, three significant digits) but with a space: `1.36 GB`, `471 MB`, `5.2 kB`, `12 B`.
 */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/** Formats a byte count with three significant digits and decimal (SI) units, like `docker images`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  let value = Math.abs(n);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  let rounded = Number(value.toPrecision(3));
  // 999.7 kB rounds to 1000 kB; Go's %g would even print "1e+03kB". Carry into the next unit instead.
  if (rounded >= 1000 && unit < UNITS.length - 1) {
    unit += 1;
    rounded = Number((value / 1000).toPrecision(3));
  }
  if (unit === 0) rounded = Math.round(value);
  return `${sign}${rounded} ${UNITS[unit]}`;
}

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  p: 1e15,
  pb: 1e15,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  pib: 1024 ** 5,
};

/**
 * Parses `1.36 GB`, `471MB`, `5.2 kB`, `12 KiB`, `2g` or `1024` into bytes (SI units are 1000-based,
 * IEC `KiB`/`MiB`/… 1024-based; case-insensitive). Returns null for anything else. Rounds to whole bytes.
 */
export function parseBytes(text: string): number | null {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return null;
  const factor = MULTIPLIERS[m[2]!.toLowerCase()];
  if (factor === undefined) return null;
  return Math.round(Number(m[1]) * factor);
}
