/**
 * Where a `saveFile` request writes: `~` and `~/…` expand to the user's home folder, a relative
 * path resolves against the request's `base` (the project folder), an absolute one stays.
 */
import os from 'node:os';
import path from 'node:path';
import type { SaveFileRequest } from '../../shared/api/contract';
import { WhittleFailure } from '../../shared/api/result';

/** The absolute path `req` names. Throws `INVALID_ARGUMENT` for a relative path without a base. */
export function resolveSavePath(req: Pick<SaveFileRequest, 'path' | 'base'>, home = os.homedir()): string {
  const p = req.path;
  if (p === '~') return home;
  if (/^~[\\/]/.test(p)) return path.resolve(home, p.slice(2));
  if (path.isAbsolute(p)) return path.resolve(p);
  if (req.base && path.isAbsolute(req.base)) return path.resolve(req.base, p);
  throw new WhittleFailure(
    'INVALID_ARGUMENT',
    `${p} is relative and there is no project folder to resolve it in`,
  );
}
