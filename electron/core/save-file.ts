/**
 * Saving exported files: atomic (a temp file in the same folder, then rename, so a crash never
 * leaves a half-written Dockerfile), never clobbering without `overwrite: true`, and keeping
 * `<path>.bak` before an overwrite so the user's original is one rename away (a later save with
 * different content backs up to `.bak.2`, `.bak.3`…, never over the original; saving the same
 * content again writes nothing). Symlinks and the file's mode are kept.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SaveFileRequest, SaveFileResult } from '../../shared/api/contract';
import { WhittleFailure } from '../../shared/api/result';

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

/** Maps a filesystem error to the closed error-code union, naming the path. */
function ioFailure(err: unknown, target: string): WhittleFailure {
  const code = errno(err);
  const reason = err instanceof Error ? err.message : String(err);
  if (code === 'ENOSPC') return new WhittleFailure('DISK_FULL', `No space left to write ${target}`);
  if (code === 'ENOENT')
    return new WhittleFailure('NOT_FOUND', `Folder does not exist: ${path.dirname(target)}`);
  return new WhittleFailure('IO_ERROR', `Could not write ${target}: ${reason}`, { errno: code ?? null });
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Writes `content` to a fresh temp file beside `target` and flushes it to disk. */
async function writeTemp(target: string, content: string): Promise<string> {
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await fs.open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/**
 * Moves `tmp` to `target` only if `target` does not exist. A hard link is the atomic
 * no-clobber primitive; filesystems without links fall back to check-then-rename.
 */
async function placeNoClobber(tmp: string, target: string): Promise<void> {
  try {
    await fs.link(tmp, target);
    await fs.unlink(tmp);
    return;
  } catch (err) {
    if (errno(err) === 'EEXIST') throw existsFailure(target);
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS'].includes(errno(err) ?? '')) throw err;
  }
  if (await exists(target)) throw existsFailure(target);
  await fs.rename(tmp, target);
}

const existsFailure = (target: string) =>
  new WhittleFailure('IO_ERROR', `${target} already exists; confirm to overwrite it`, { exists: true });

const readOrNull = (p: string): Promise<Buffer | null> => fs.readFile(p).catch(() => null);

/**
 * Where the current file's copy goes: `<file>.bak`, unless that already holds an older, different
 * version (the user's original after an earlier save), which is kept: then `<file>.bak.2`, `.3`…
 */
async function backupPathFor(target: string, current: Buffer): Promise<{ path: string; copy: boolean }> {
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? `${target}.bak` : `${target}.bak.${n}`;
    if (!(await exists(candidate))) return { path: candidate, copy: true };
    const st = await fs.lstat(candidate);
    const old = st.isFile() ? await readOrNull(candidate) : null;
    if (old && old.equals(current)) return { path: candidate, copy: false }; // backed up already
  }
  throw new WhittleFailure('IO_ERROR', `Too many backups of ${target}; remove some .bak files`);
}

/** Saves one file as described by the request. Throws WhittleFailure on any failure. */
export async function saveFile(req: SaveFileRequest): Promise<SaveFileResult> {
  const given = path.resolve(req.path);
  const present = await exists(given);
  if (present && !req.overwrite) throw existsFailure(given);
  // A symlinked file is saved where the link points; the link stays a link.
  const target = present ? await fs.realpath(given).catch(() => given) : given;

  let tmp: string | null = null;
  try {
    let backupPath: string | null = null;
    if (present) {
      const st = await fs.stat(target);
      if (!st.isFile()) throw new WhittleFailure('IO_ERROR', `${target} is not a regular file`);
      const current = await fs.readFile(target);
      if (current.equals(Buffer.from(req.content, 'utf8'))) return { path: given, backupPath: null };
      tmp = await writeTemp(target, req.content);
      await fs.chmod(tmp, st.mode & 0o7777);
      // copy (not rename) so the target never disappears, even for a moment; a concurrent save
      // that took the same backup name first sends this one to the next.
      for (;;) {
        const backup = await backupPathFor(target, current);
        backupPath = backup.path;
        if (!backup.copy) break;
        try {
          await fs.copyFile(target, backupPath, fs.constants.COPYFILE_EXCL);
          break;
        } catch (err) {
          if (errno(err) !== 'EEXIST') throw err;
        }
      }
      await fs.rename(tmp, target);
    } else {
      tmp = await writeTemp(target, req.content);
      await placeNoClobber(tmp, target);
    }
    tmp = null;
    return { path: given, backupPath };
  } catch (err) {
    if (err instanceof WhittleFailure) throw err;
    throw ioFailure(err, target);
  } finally {
    if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * Replaces `target` atomically with no backup and no existence check: for the app's own state
 * files (recent projects, window state), where a `.bak` would only be clutter.
 */
export async function writeAtomic(target: string, content: string): Promise<void> {
  let tmp: string | null = null;
  try {
    tmp = await writeTemp(target, content);
    await fs.rename(tmp, target);
    tmp = null;
  } catch (err) {
    throw ioFailure(err, target);
  } finally {
    if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}
