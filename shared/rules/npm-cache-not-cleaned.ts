import { hasCacheMount, isNpmInstall, isYarnInstall, segmentsOf } from './commands';
import { append } from './rewrite';
import type { Rule } from './rule';
import { at } from './rule';
import { withLaterRemoval } from './later-removal';

const cleanFor = (cmds: string[]): string | null => {
  if (cmds.some(isYarnInstall) && !cmds.some((c) => /yarn\s+cache\s+clean/.test(c)))
    return 'yarn cache clean';
  if (
    cmds.some(isNpmInstall) &&
    !cmds.some((c) => /npm\s+cache\s+clean/.test(c) || /--cache[= ]\/tmp/.test(c))
  ) {
    return 'npm cache clean --force';
  }
  return null;
};

/** hadolint DL3060 (yarn); the same for npm. */
export const npmCacheNotCleaned: Rule = {
  meta: {
    id: 'WH025',
    name: 'npm-cache-not-cleaned',
    title: 'npm/yarn cache left in the layer',
    why: 'npm and yarn keep a copy of every package tarball they download (~/.npm/_cacache, the yarn cache). In an image that copy doubles the weight of node_modules for no benefit. Clean the cache in the same RUN that installs.',
    severity: 'warning',
    category: 'layer-hygiene',
    hadolint: 'DL3060',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    return ctx.model.instructions
      .filter((i) => !hasCacheMount(i, /target=[^,]*(\.npm|yarn|\.cache)/))
      .filter((i) => cleanFor(segmentsOf(i).map((s) => s.cmd)) !== null)
      .map((i) =>
        at(i, withLaterRemoval('the package manager cache is stored in this layer', ctx.model, i, 'npm'), {
          estimatedBytes: 20_000_000,
        }),
      );
  },
  runFix: {
    transform: (segs) => {
      const clean = cleanFor(segs.map((s) => s.cmd));
      return clean ? append(segs, clean) : null;
    },
    explanation: 'Cleaned the npm/yarn cache in the same RUN that installs.',
  },
};
