/** Number formatting for the Markdown tables: fixed, readable units and no locale surprises. */

export function ms(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v < 1) return `${v.toFixed(3)} ms`;
  if (v < 10) return `${v.toFixed(2)} ms`;
  if (v < 1000) return `${v.toFixed(0)} ms`;
  // Two decimals below 10 s, so a figure next to a 1.5 s target shows which side it falls on.
  return `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
}

export function us(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const u = v * 1000;
  return `${u.toFixed(u < 100 ? 2 : 0)} µs`;
}

/** Decimal units (MB = 10^6 bytes), the ones `docker images` prints, so figures can be cross-checked. */
export function mb(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Binary MiB, used for memory (RSS) where the kernel counts in KiB. */
export function mib(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : 'n/a';
}

export function pct(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(1)}%` : 'n/a';
}

/** A ratio such as 0.62×; a ratio below 1 means the measured thing is faster/smaller than its baseline. */
export function ratio(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a';
}

/** "✓ met" / "✗ missed" next to a target, so a reader sees at a glance without the suite failing. */
export function verdict(met: boolean | null): string {
  if (met === null) return '–';
  return met ? '✓ met' : '✗ missed';
}
