/**
 * Which paths must be writable for a run to repeat what the original container did, from its
 * changes (Docker's container changes API: Kind 0 modified, 1 added, 2 deleted). Pure.
 *
 * - An added or deleted entry needs its parent directory writable, unless that parent was itself
 *   added by the run (then the topmost added ancestor's parent is what counts).
 * - A modified entry with nothing changed beneath it (a file rewritten in place) must itself be
 *   writable; a modified directory that is listed only because entries beneath it changed adds
 *   nothing of its own.
 * - Runtime-managed paths (/proc, /sys, /dev, the /etc files Docker mounts) are ignored.
 * - So is Python's bytecode cache (`__pycache__/`, `*.pyc`): CPython writes it when it can and
 *   silently goes on without it when it cannot (Python docs, "Cached bytecode invalidation" /
 *   PEP 3147: a read-only directory only means the module is compiled again at each start). The
 *   official images strip every `.pyc`, so a root run writes caches all over /usr/local/lib; a
 *   non-root user that cannot is no regression.
 */
import type { PathChange } from './observe-run';

const IGNORED = [/^\/(proc|sys|dev)(\/|$)/, /^\/etc\/(hostname|hosts|resolv\.conf|mtab)$/];
/** Writes the program makes only when it can (Python's bytecode cache). */
const OPTIONAL = [/\/__pycache__(\/|$)/, /\.py[co]$/];

const parentOf = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';

/** The paths, sorted and unique, that the optimized image's user must be able to write. */
export function writeRequirements(changes: readonly PathChange[]): string[] {
  const kept = changes.filter((c) => !IGNORED.some((re) => re.test(c.path)));
  const list = kept.filter((c) => !OPTIONAL.some((re) => re.test(c.path)));
  const added = new Set(list.filter((c) => c.kind === 1).map((c) => c.path));
  // A directory modified only because of an optional write beneath it (a new __pycache__) is no write of its own.
  const paths = kept.map((c) => c.path);
  const out = new Set<string>();
  for (const c of list) {
    if (c.kind === 0) {
      const hasChild = paths.some((p) => p.startsWith(`${c.path === '/' ? '' : c.path}/`));
      if (!hasChild) out.add(c.path);
      continue;
    }
    let parent = parentOf(c.path);
    while (added.has(parent)) parent = parentOf(parent);
    out.add(parent);
  }
  return [...out].sort();
}
