import { cleansAptLists, isAptInstall, isAptUpdate, segmentsOf } from './commands';
import { append } from './rewrite';
import type { Rule } from './rule';
import { at } from './rule';

const needsCleanup = (cmds: string[]): boolean =>
  cmds.some((c) => isAptInstall(c) || isAptUpdate(c)) && !cmds.some(cleansAptLists);

/** hadolint DL3009. */
export const aptListsNotRemoved: Rule = {
  meta: {
    id: 'WH022',
    name: 'apt-lists-not-removed',
    title: 'apt lists not removed in the same RUN',
    why: '`apt-get update` downloads package lists (20–50 MB) into /var/lib/apt/lists. Unless they are removed in the same RUN, they are stored in that layer for good; deleting them in a later RUN only hides them. End the RUN with `rm -rf /var/lib/apt/lists/*`.',
    severity: 'warning',
    category: 'layer-hygiene',
    hadolint: 'DL3009',
    fixable: true,
  },
  check(ctx) {
    return ctx.model.instructions
      .filter((i) => needsCleanup(segmentsOf(i).map((s) => s.cmd)))
      .map((i) => at(i, 'apt package lists stay in this layer', { estimatedBytes: 20_000_000 }));
  },
  runFix: {
    transform: (segs) =>
      needsCleanup(segs.map((s) => s.cmd)) ? append(segs, 'rm -rf /var/lib/apt/lists/*') : null,
    explanation: 'Removed the apt lists at the end of the same RUN, so they never reach a layer.',
  },
};
