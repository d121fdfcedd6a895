/**
 * Throwaway copies of an example project, so the benchmark can edit a source file without
 * touching the repository (other engineers build the same examples concurrently).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Copies `dir` to a fresh temp folder, keeping its base name (the image tag is derived from it). */
export async function copyProject(dir: string): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-bench-'));
  const copy = path.join(root, path.basename(dir));
  await fs.cp(dir, copy, { recursive: true });
  return { dir: copy, dispose: () => fs.rm(root, { recursive: true, force: true }) };
}

/** Comment syntax per source extension: the edit must not change what the program does. */
const COMMENT: Record<string, string> = {
  '.py': '#',
  '.rb': '#',
  '.sh': '#',
  '.ts': '//',
  '.go': '//',
  '.java': '//',
};

/** Appends a one-line comment to `file` (relative to `dir`): the smallest edit a developer makes. */
export async function appendComment(dir: string, file: string, note: string): Promise<void> {
  const prefix = COMMENT[path.extname(file)] ?? '#';
  await fs.appendFile(path.join(dir, file), `\n${prefix} ${note}\n`);
}
