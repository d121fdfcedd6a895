/** The example projects the benchmarks run on: every folder under `examples/` except `broken`. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** `broken` does not parse by design; it is a test of error reporting, not of size. */
const SKIP = new Set(['broken']);

/**
 * `WHITTLE_BENCH_EXAMPLES=a,b` narrows every benchmark to those examples — for investigating
 * one project without waiting for all of them. run.ts then treats the run as partial.
 */
export const exampleFilter = (): string[] | null =>
  process.env.WHITTLE_BENCH_EXAMPLES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? null;

/** Absolute paths of the example folders that have a Dockerfile, sorted by name. */
export async function exampleDirs(): Promise<string[]> {
  const only = exampleFilter();
  const entries = await fs.readdir(EXAMPLES_DIR, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || SKIP.has(e.name) || (only && !only.includes(e.name))) continue;
    const dir = path.join(EXAMPLES_DIR, e.name);
    if (await fs.stat(path.join(dir, 'Dockerfile')).catch(() => null)) out.push(dir);
  }
  return out;
}

/** The `smoke` section of an example's whittle.json (a check command run inside the container). */
export async function smokeCheck(dir: string): Promise<string[] | undefined> {
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'whittle.json'), 'utf8')) as {
      smoke?: { check?: string[] };
    };
    return meta.smoke?.check;
  } catch {
    return undefined;
  }
}
