import { hasCacheMount, isNpmInstall, isYarnInstall, segmentsOf } from './commands';
import { append } from './rewrite';
import type { Rule } from './rule';
import { at } from './rule';
import { withLaterRemoval } from './later-removal';
import type { Instruction } from '../dockerfile/model';
import type { RuleContext } from './rule';
import { packageManagerOf } from './multi-stage/node-pm';

/**
 * Yarn Berry (2+) installs with Plug'n'Play by default: the packages are the zip archives in its
 * cache, read in place by `.pnp.cjs` (yarnpkg.com, "Plug'n'Play" and "Zero-Installs"), and with
 * Yarn 4's global cache `yarn cache clean` deletes exactly those. Whittle does not read
 * `.yarnrc.yml`'s nodeLinker, so a Berry install's cache is never cleaned automatically.
 */
const BERRY_RISK =
  "This is Yarn Berry (2+): with Plug'n'Play (its default) the packages are the zip archives in the cache, and `yarn cache clean` would delete what the app loads. With `nodeLinker: node-modules` in .yarnrc.yml, clean the cache by hand.";

/** True when the instruction's yarn install is Yarn Berry's (lockfile, .yarnrc.yml or packageManager say so). */
const berryInstall = (ctx: RuleContext, ins: Instruction): boolean => {
  const stage = ctx.model.stages[ins.stage];
  return !!stage && packageManagerOf(ctx, stage).pm === 'yarn-berry';
};

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
      .map((i) => {
        const message = withLaterRemoval(
          'the package manager cache is stored in this layer',
          ctx.model,
          i,
          'npm',
        );
        const berry =
          cleanFor(segmentsOf(i).map((s) => s.cmd)) === 'yarn cache clean' && berryInstall(ctx, i);
        // Under Plug'n'Play the cache is the install: no bytes to claim.
        return berry ? at(i, message, { risk: BERRY_RISK }) : at(i, message, { estimatedBytes: 20_000_000 });
      });
  },
  runFix: {
    transform: (segs, ins, ctx) => {
      const clean = cleanFor(segs.map((s) => s.cmd));
      if (clean === 'yarn cache clean' && berryInstall(ctx, ins)) return null;
      return clean ? append(segs, clean) : null;
    },
    explanation: 'Cleaned the npm/yarn cache in the same RUN that installs.',
  },
};
