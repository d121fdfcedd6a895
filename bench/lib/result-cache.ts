/**
 * Saved measurements under bench/results/cache/ (gitignored): every benchmark section a run
 * produces, and every example the size benchmark measures, as JSON with when and on which commit.
 * `npm run bench -- --reuse` takes a saved one instead of measuring again, so a long run can be
 * done in parts (one example at a time, while others are still being changed) and assembled;
 * BENCHMARKS.md then says which figures were reused, from when and which commit.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './examples';

export const CACHE_DIR = path.join(REPO_ROOT, 'bench', 'results', 'cache');

export interface Saved<T> {
  /** ISO time the measurement finished. */
  measuredAt: string;
  /** `git rev-parse --short HEAD` of the tree that was measured. */
  commit: string;
  value: T;
}

/** The checkout's short commit id, `unknown` outside git. */
export function headCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const file = (key: string) => path.join(CACHE_DIR, `${key.replace(/[^\w.-]+/g, '_')}.json`);

/** Saves `value` under `key` (e.g. `section-rebuild`, `size-flask-api-working-copy`). */
export async function save<T>(key: string, value: T): Promise<void> {
  await fs.mkdir(CACHE_DIR, { recursive: true });
  const saved: Saved<T> = { measuredAt: new Date().toISOString(), commit: headCommit(), value };
  await fs.writeFile(file(key), JSON.stringify(saved));
}

/** The saved measurement under `key`, or null. */
export async function load<T>(key: string): Promise<Saved<T> | null> {
  if (!existsSync(file(key))) return null;
  try {
    return JSON.parse(await fs.readFile(file(key), 'utf8')) as Saved<T>;
  } catch {
    return null;
  }
}

/** "2026-11-30 08:52 UTC, commit abc1234" for a note. */
export const provenance = (s: Saved<unknown>): string =>
  `${s.measuredAt.slice(0, 16).replace('T', ' ')} UTC, commit ${s.commit}`;
