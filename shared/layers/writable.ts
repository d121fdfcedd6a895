/**
 * Whether a user may write a path, read from an image's file listing instead of asked of a running
 * container: for images without a shell (distroless), where `test -w` cannot run. Pure.
 *
 * It follows what the writes-as-user probe does in a container: the nearest path that exists (the
 * path itself, or the folder it would be created in) must be writable by the user, and, as the
 * kernel requires, every folder on the way to it searchable (x). Permission bits are read as POSIX
 * does (owner, else group, else other; root may do anything). Symbolic links on the way are
 * followed. Supplementary groups come from /etc/group. What it cannot see: ACLs, capabilities other
 * than root's, and mounts the runtime adds (volumes, tmpfs); a path under such a mount is judged by
 * the image's own folder, the conservative answer when the mount is absent.
 */
import type { EntryType } from './layer-entry';

/** What a listing says about one path (no link following). */
export interface PathStat {
  type: EntryType;
  linkname?: string;
  mode: number;
  uid: number;
  gid: number;
}

export type StatFn = (path: string) => PathStat | undefined;

/** A resolved user: its uid and every group id it holds. */
export interface Identity {
  uid: number;
  gids: number[];
}

const parentOf = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';

/** The path with every symbolic link on the way (and at the end) resolved, or null on a loop or dangling link. */
export function realPath(stat: StatFn, path: string): string | null {
  let parts = path.split('/').filter(Boolean);
  let out = '';
  for (let hops = 0, i = 0; i < parts.length; i++) {
    const next = `${out}/${parts[i]}`;
    const s = stat(next);
    if (s?.type === 'symlink' && s.linkname !== undefined) {
      if (++hops > 40) return null;
      const target = s.linkname.startsWith('/') ? s.linkname : `${out}/${s.linkname}`;
      const norm: string[] = [];
      for (const p of target.split('/'))
        if (p === '..') norm.pop();
        else if (p && p !== '.') norm.push(p);
      parts = [...norm, ...parts.slice(i + 1)];
      out = '';
      i = -1;
      continue;
    }
    out = next;
  }
  return out || '/';
}

/** Whether `who` has the permission `bit` (4 r, 2 w, 1 x) on `s`. */
const may = (s: PathStat, who: Identity, bit: number): boolean => {
  if (who.uid === 0) return bit !== 1 || s.type !== 'file' || (s.mode & 0o111) !== 0;
  if (s.uid === who.uid) return ((s.mode >> 6) & bit) !== 0;
  if (who.gids.includes(s.gid)) return ((s.mode >> 3) & bit) !== 0;
  return (s.mode & bit) !== 0;
};

/**
 * Null when `who` can write `path` (or create it in the nearest existing folder); else the path
 * that stops it (the nearest existing one, or a folder on the way it cannot search).
 */
export function notWritable(stat: StatFn, who: Identity, path: string): string | null {
  let q = path;
  let real = realPath(stat, q);
  while (q !== '/' && (!real || !stat(real))) {
    q = parentOf(q);
    real = realPath(stat, q);
  }
  if (!real) return q;
  const s = stat(real);
  if (!s) return q;
  // Every folder above it must be searchable.
  for (let d = parentOf(real); ; d = parentOf(d)) {
    const ds = stat(d);
    if (ds && !may(ds, who, 1)) return d;
    if (d === '/') break;
  }
  // Writing into a folder (creating the missing path there) needs search on that folder too.
  const canWrite = may(s, who, 2) && (s.type === 'file' || may(s, who, 1));
  return canWrite ? null : q;
}

/**
 * The uid and groups of a Docker `User` (`name`, `uid`, `name:group`, `uid:gid`) from the image's
 * /etc/passwd and /etc/group texts; null when a name is not in them (Docker would refuse to start).
 */
export function resolveIdentity(user: string, passwd: string | null, group: string | null): Identity | null {
  const [u = '', g] = user.split(':');
  const users = (passwd ?? '')
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 4);
  const groups = (group ?? '')
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 3);
  const entry = /^\d+$/.test(u) ? users.find((f) => f[2] === u) : users.find((f) => f[0] === u);
  if (!/^\d+$/.test(u) && !entry) return null;
  const uid = Number(/^\d+$/.test(u) ? u : entry![2]);
  let primary: number | null = entry ? Number(entry[3]) : null;
  if (g !== undefined && g !== '') {
    if (/^\d+$/.test(g)) primary = Number(g);
    else {
      const ge = groups.find((f) => f[0] === g);
      if (!ge) return null;
      primary = Number(ge[2]);
    }
  }
  const name = entry?.[0];
  // Supplementary groups only for a user named without a group (the conservative reading).
  const extra =
    name && (g === undefined || g === '')
      ? groups.filter((f) => (f[3] ?? '').split(',').includes(name)).map((f) => Number(f[2]))
      : [];
  // Docker runs a uid with no passwd entry and no group as gid 0 (runc's default).
  return { uid, gids: [...new Set([primary ?? 0, ...extra])] };
}
