/**
 * A cache (apt lists, pip's, npm's, apk's index, yum's metadata) removed by a LATER RUN of the
 * same stage is still stored in the layer that wrote it: layers only add, and the later `rm`
 * records a whiteout that hides the files without giving their bytes back. The rules that find
 * such a cache still fire on the RUN that wrote it (the saving is real: cleaning there keeps the
 * bytes out of every layer) and say that the later removal only hides it, so the claim reads as
 * what the layer math shows.
 */
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import { cleansAptLists, segmentsOf } from './commands';

/**
 * What the message gains when a later RUN removes the cache. A fix elsewhere can add such a RUN
 * (a cleanup appended to a later install), so the optimizer leaves it out when it matches findings
 * before and after the fixes.
 */
export const LATER_REMOVAL_NOTE =
  '; a later RUN removes it, but that only hides it: the bytes stay stored in this layer';

/** Commands that remove each cache (as written in RUNs). */
export const CACHE_REMOVAL = {
  apt: cleansAptLists,
  pip: (cmd: string): boolean =>
    /\bpip[\d.]*\s+cache\s+(purge|remove)\b/.test(cmd) ||
    /\brm\s+-\w*\s+[^&;|]*(~|\$HOME|\/root)\/\.cache(\/pip)?\/?(\*|\s|$)/.test(cmd),
  npm: (cmd: string): boolean =>
    /\b(npm\s+cache\s+clean|yarn\s+cache\s+clean)\b/.test(cmd) ||
    /\brm\s+-\w*\s+[^&;|]*((~|\$HOME|\/root)\/\.npm|\/usr\/local\/share\/\.cache\/yarn)/.test(cmd),
  apk: (cmd: string): boolean =>
    /\brm\s+-\w*\s+[^&;|]*\/var\/cache\/apk/.test(cmd) || /\bapk\s+cache\s+clean\b/.test(cmd),
  yum: (cmd: string): boolean =>
    /\b(yum|dnf|microdnf)\s+clean\s+all\b/.test(cmd) ||
    /\brm\s+-\w*\s+[^&;|]*\/var\/cache\/(yum|dnf)/.test(cmd),
} as const;

export type CacheKind = keyof typeof CACHE_REMOVAL;

/** The first later RUN of the same stage that removes this cache, or null. */
export function removedLater(model: DockerfileModel, ins: Instruction, kind: CacheKind): Instruction | null {
  const removes = CACHE_REMOVAL[kind];
  return (
    model.instructions.find(
      (later) =>
        later.stage === ins.stage &&
        later.startLine > ins.endLine &&
        later.keyword === 'RUN' &&
        segmentsOf(later).some((s) => removes(s.cmd)),
    ) ?? null
  );
}

/** The finding's message, saying what a later removal does (no line number: fixes move lines, and held-back findings are matched by their message). */
export function withLaterRemoval(
  message: string,
  model: DockerfileModel,
  ins: Instruction,
  kind: CacheKind,
): string {
  return removedLater(model, ins, kind) ? `${message}${LATER_REMOVAL_NOTE}` : message;
}
