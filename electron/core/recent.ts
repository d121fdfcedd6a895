/**
 * Recent projects, persisted as a small JSON file in the host's user-data folder. Reads are
 * forgiving (a corrupt or missing file is an empty list); writes are atomic (temp file +
 * rename) so two windows can never leave half a file.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeAtomic } from './save-file';

/** How many recent folders we remember. */
export const MAX_RECENT = 10;
const FILE_NAME = 'recent-projects.json';

/** A tiny store over `<userDataDir>/recent-projects.json`. */
export interface RecentProjects {
  list(): Promise<string[]>;
  /** Moves `dir` to the front, de-duplicated and trimmed to MAX_RECENT; returns the new list. */
  add(dir: string): Promise<string[]>;
}

/** Creates the store; the folder is created on first write. */
export function createRecentProjects(userDataDir: string): RecentProjects {
  const file = path.join(userDataDir, FILE_NAME);
  // Serialise writes so two quick opens cannot race each other's read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();

  const list = async (): Promise<string[]> => {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
    } catch {
      return [];
    }
  };

  const add = (dir: string): Promise<string[]> => {
    const next = queue.then(async () => {
      const updated = [dir, ...(await list()).filter((p) => p !== dir)].slice(0, MAX_RECENT);
      await fs.mkdir(userDataDir, { recursive: true });
      await writeAtomic(file, `${JSON.stringify(updated, null, 2)}\n`);
      return updated;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return { list, add };
}
