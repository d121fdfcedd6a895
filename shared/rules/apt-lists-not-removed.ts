import type { DockerfileModel, Instruction } from '../dockerfile/model';
import { cleansAptLists, hasCacheMount, isAptInstall, isAptUpdate, segmentsOf } from './commands';
import { append } from './rewrite';
import type { Rule } from './rule';
import { at } from './rule';
import { withLaterRemoval } from './later-removal';

/** A later RUN of the stage installs with apt without its own `apt-get update`: it needs these lists. */
const listsNeededLater = (m: DockerfileModel, ins: Instruction): boolean =>
  m.instructions.some((later) => {
    if (later.stage !== ins.stage || later.startLine <= ins.endLine) return false;
    const cmds = segmentsOf(later).map((s) => s.cmd);
    return cmds.some(isAptInstall) && !cmds.some(isAptUpdate);
  });

const HELD_BACK =
  'Not fixed automatically: a later RUN installs with apt-get without its own `apt-get update` and needs these lists. Start that RUN with `apt-get update &&`, then this fix applies.';

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
    shippedOnly: true,
  },
  check(ctx) {
    return ctx.model.instructions
      .filter((i) => !hasCacheMount(i, /target=\/var\/lib\/apt/))
      .filter((i) => needsCleanup(segmentsOf(i).map((s) => s.cmd)))
      .map((i) =>
        at(i, withLaterRemoval('apt package lists stay in this layer', ctx.model, i, 'apt'), {
          // The lists are written by `apt-get update`: only the RUN that runs it holds them. A RUN
          // that installs from an earlier RUN's lists adds none, so one lists directory is claimed once.
          ...(segmentsOf(i).some((s) => isAptUpdate(s.cmd)) ? { estimatedBytes: 20_000_000 } : {}),
          ...(listsNeededLater(ctx.model, i) ? { risk: HELD_BACK } : {}),
        }),
      );
  },
  runFix: {
    transform: (segs, ins, ctx) =>
      needsCleanup(segs.map((s) => s.cmd)) && !listsNeededLater(ctx.model, ins)
        ? append(segs, 'rm -rf /var/lib/apt/lists/*')
        : null,
    explanation: 'Removed the apt lists at the end of the same RUN, so they never reach a layer.',
  },
};
