/**
 * The bundled example projects (`examples/<name>/whittle.json` with a `description`), so the
 * start screen can offer them one click away.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ExampleInfo } from '../../shared/api/contract';

async function describe(dir: string): Promise<string | null> {
  try {
    const meta: unknown = JSON.parse(await fs.readFile(path.join(dir, 'whittle.json'), 'utf8'));
    if (typeof meta === 'object' && meta !== null && 'description' in meta) {
      const d = (meta as { description: unknown }).description;
      return typeof d === 'string' ? d : '';
    }
    return '';
  } catch {
    return null; // no whittle.json: not an example, just a folder
  }
}

/** Lists examples sorted by name; a missing examples folder is an empty list, not an error. */
export async function listExamples(examplesDir: string): Promise<ExampleInfo[]> {
  let entries;
  try {
    entries = await fs.readdir(examplesDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e): Promise<ExampleInfo | null> => {
        const dir = path.join(examplesDir, e.name);
        const description = await describe(dir);
        return description === null ? null : { name: e.name, dir, description };
      }),
  );
  return found.filter((e): e is ExampleInfo => e !== null).sort((a, b) => a.name.localeCompare(b.name));
}
