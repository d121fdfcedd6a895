/**
 * What a benchmark returns and how it is rendered: Markdown sections with tables, so run.ts
 * can assemble BENCHMARKS.md without knowing anything about a particular benchmark.
 */

export interface Table {
  /** Optional heading above the table. */
  caption?: string;
  header: string[];
  rows: string[][];
}

export interface Section {
  title: string;
  /** One paragraph: what is measured, against which baseline, and the target. */
  intro: string;
  tables: Table[];
  /** Caveats and anything that could not be measured, with the reason. */
  notes: string[];
}

export interface BenchContext {
  /** One run on the smallest input (npm test); BENCHMARKS.md is not rewritten. */
  smoke: boolean;
  /** Progress to stderr, prefixed with the benchmark's name. */
  log: (message: string) => void;
  /** Saved measurements may stand in for new ones (`--reuse`, bench/lib/result-cache.ts). */
  reuse?: boolean;
}

export interface Benchmark {
  /** Command-line name, e.g. `size`. */
  name: string;
  run(ctx: BenchContext): Promise<Section>;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderTable(t: Table): string {
  const lines: string[] = [];
  if (t.caption) lines.push(`**${t.caption}**`, '');
  lines.push(`| ${t.header.map(cell).join(' | ')} |`);
  lines.push(`|${t.header.map(() => '---').join('|')}|`);
  for (const r of t.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

export function renderSection(s: Section): string {
  const parts = [`## ${s.title}`, '', s.intro, ''];
  for (const t of s.tables) parts.push(renderTable(t), '');
  if (s.notes.length) parts.push(...s.notes.map((n) => `- ${n}`), '');
  return parts.join('\n');
}
