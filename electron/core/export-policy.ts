/**
 * What the app's API may write (defence in depth behind the bridge token and Electron's IPC
 * sender check): only what Whittle exports — Dockerfiles, ignore files and reports, by name —
 * and never through a symlink that leads out of the folder it sits in. The CLI, which runs as
 * the user with the paths the user typed, writes through `saveFile` directly and is not limited.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WhittleFailure } from '../../shared/api/result';

/**
 * File names Whittle exports: `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`
 * (its `.whittle` output included), `.dockerignore` and `*.dockerignore` (with `.whittle`), and
 * Markdown or JSON reports (`*.md`, `*.json`).
 */
export function isExportName(name: string): boolean {
  const base = name.replace(/\.whittle$/, '');
  return (
    /^(Dockerfile|Containerfile)(\.[\w.-]+)?$/.test(base) ||
    /^[\w.-]+\.(Dockerfile|dockerfile|Containerfile)$/.test(base) ||
    /^([\w.-]+\.)?\.?dockerignore$/.test(base) ||
    /^[\w.-]+\.(md|json)$/.test(name)
  );
}

/**
 * Throws `INVALID_ARGUMENT` unless `target` (absolute) has an export name and, when it is a
 * symlink, resolves to a file in the same folder as the link.
 */
export async function assertExportable(target: string): Promise<void> {
  const name = path.basename(target);
  if (!isExportName(name))
    throw new WhittleFailure(
      'INVALID_ARGUMENT',
      `Whittle only writes Dockerfiles, .dockerignore files and reports (.md, .json); "${name}" is none of these`,
    );
  const st = await fs.lstat(target).catch(() => null);
  if (!st) return;
  if (st.isDirectory()) throw new WhittleFailure('INVALID_ARGUMENT', `${target} is a folder, not a file`);
  if (!st.isSymbolicLink()) return;
  const [real, folder] = await Promise.all([
    fs.realpath(target).catch(() => null),
    fs.realpath(path.dirname(target)),
  ]);
  if (!real || path.dirname(real) !== folder)
    throw new WhittleFailure(
      'INVALID_ARGUMENT',
      `${target} is a link to ${real ?? 'a missing file'}, outside its folder; Whittle does not write through it`,
    );
}
