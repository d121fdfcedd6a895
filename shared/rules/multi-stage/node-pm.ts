/**
 * Which package manager a Node project installs with, and the command that removes its
 * devDependencies in the builder once the build is done. Read from the install commands of the
 * stage, the lockfile (`ProjectContext.manifests`/`files`) and package.json's `packageManager`.
 */
import type { Stage } from '../../dockerfile/model';
import { isPnpmInstall, isYarnInstall, segmentsOf } from '../commands';
import type { RuleContext } from '../rule';

/** npm, Yarn classic (1.x), Yarn Berry (2+) or pnpm. */
export type NodePm = 'npm' | 'yarn1' | 'yarn-berry' | 'pnpm';

/** The package manager and, for Yarn Berry, its major version when something names it. */
export interface PmFacts {
  pm: NodePm;
  /** Yarn Berry's major version (from `packageManager` or `.yarn/releases/yarn-<v>.cjs`), or null. */
  yarnMajor: number | null;
}

/**
 * The package manager of the stage's install: the install command names it (yarn, pnpm, npm);
 * for yarn, the lockfile (a Berry lockfile has a `__metadata:` block; a classic one says
 * `# yarn lockfile v1`), `.yarnrc.yml` or `packageManager: yarn@2+` tells Berry from classic.
 */
export function packageManagerOf(ctx: RuleContext, stage: Stage): PmFacts {
  const cmds = stage.instructions.flatMap((i) => segmentsOf(i).map((s) => s.cmd));
  const declared = /^(npm|yarn|pnpm)@(\d+)/.exec(ctx.project.packageJson?.packageManager ?? '');
  const release = ctx.project.files
    .map((f) => /^\.yarn\/releases\/yarn-(\d+)[\w.-]*\.c?js$/.exec(f)?.[1])
    .find((v) => v !== undefined);
  const yarnMajor = declared?.[1] === 'yarn' ? Number(declared[2]) : release ? Number(release) : null;
  if (cmds.some(isPnpmInstall)) return { pm: 'pnpm', yarnMajor: null };
  if (cmds.some(isYarnInstall)) {
    const lock = ctx.project.manifests?.['yarn.lock'] ?? '';
    const berry =
      /^__metadata:/m.test(lock) ||
      ctx.project.files.includes('.yarnrc.yml') ||
      (yarnMajor !== null && yarnMajor >= 2);
    return { pm: berry ? 'yarn-berry' : 'yarn1', yarnMajor: berry ? yarnMajor : null };
  }
  return { pm: 'npm', yarnMajor: null };
}

/** Root scripts a package manager runs on install: a reinstall would run them without the dev tools they call. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish'];

/**
 * The builder command that leaves production dependencies only, or why there is none:
 * - npm: `npm prune --omit=dev` (`--production` for npm 6, Node ≤ 14), which runs no scripts;
 * - Yarn classic: `yarn install --production` (`--frozen-lockfile` with a yarn.lock), which
 *   relinks node_modules and runs the project's install scripts again;
 * - Yarn Berry 4+: `yarn workspaces focus --all --production` (built in from Yarn 4; 2 and 3
 *   need the workspace-tools plugin, which Whittle cannot see);
 * - pnpm: `pnpm prune --prod`.
 * `nodeMajor` is the builder's Node major when the tag names it.
 */
export function pruneCommand(
  ctx: RuleContext,
  facts: PmFacts,
  nodeMajor: number | null,
): { command: string } | { held: string } {
  const scripts = ctx.project.packageJson?.scripts;
  const hooks = scripts ? INSTALL_SCRIPTS.filter((s) => scripts[s] !== undefined) : null;
  const reinstallHeld = (tool: string): { held: string } | null => {
    if (!hooks)
      return {
        held: `Whittle could not read package.json, so it cannot tell whether ${tool} would run install scripts that need the devDependencies; they stay.`,
      };
    if (hooks.length)
      return {
        held: `package.json runs ${hooks.map((h) => `"${h}"`).join(', ')} on install, which ${tool} would run again without the devDependencies it may call; they stay (prune by hand).`,
      };
    return null;
  };
  switch (facts.pm) {
    case 'npm':
      return {
        command: nodeMajor !== null && nodeMajor <= 14 ? 'npm prune --production' : 'npm prune --omit=dev',
      };
    case 'yarn1': {
      const held = reinstallHeld('`yarn install --production`');
      if (held) return held;
      const frozen = ctx.project.files.includes('yarn.lock') ? ' --frozen-lockfile' : '';
      return { command: `yarn install --production${frozen}` };
    }
    case 'yarn-berry': {
      if (facts.yarnMajor === null || facts.yarnMajor < 4)
        return {
          held: `This is a Yarn ${facts.yarnMajor ?? '2+'} project: \`yarn workspaces focus --production\` is built in only from Yarn 4 (set \`packageManager: yarn@4…\` in package.json), so the devDependencies stay.`,
        };
      const held = reinstallHeld('`yarn workspaces focus --production`');
      return held ?? { command: 'yarn workspaces focus --all --production' };
    }
    case 'pnpm': {
      const held = reinstallHeld('`pnpm prune --prod`');
      return held ?? { command: 'pnpm prune --prod' };
    }
  }
}
