/**
 * Where a Yarn Berry (2+) install keeps its packages. With Plug'n'Play (nodeLinker `pnp`, the
 * default) `.pnp.cjs` loads them from the cache's zip archives in place; from Yarn 4
 * `enableGlobalCache` defaults to true, so that cache is `$HOME/.yarn/berry/cache` of the user
 * who installed (root: /root, mode 700) — outside the app folder. A runtime stage that copies
 * the app folder, or a non-root USER, then finds none of the packages (seen on the engine: the
 * server never answers). Sources: yarnpkg.com configuration (`nodeLinker`, `enableGlobalCache`,
 * `cacheFolder`) and the Yarn 4 changelog (global cache on by default).
 */
import type { Stage } from '../../dockerfile/model';
import type { RuleContext } from '../rule';
import { packageManagerOf } from './node-pm';

/** A `.yarnrc.yml` key's value (top level), or null. */
const setting = (yarnrc: string, key: string): string | null =>
  new RegExp(`^${key}:\\s*["']?([^"'\\s#]+)`, 'm').exec(yarnrc)?.[1] ?? null;

/** An ENV/ARG/RUN of the stage that sets Yarn's environment override (`YARN_NODE_LINKER=…`). */
const envSetting = (stage: Stage, name: string): string | null => {
  for (const ins of [...stage.instructions].reverse()) {
    if (!['ENV', 'ARG', 'RUN'].includes(ins.keyword)) continue;
    const m = new RegExp(`\\b${name}[= ]["']?([\\w./-]+)`).exec(ins.args);
    if (m) return m[1]!;
  }
  return null;
};

/**
 * Why the packages of the stage's Yarn Berry install live outside its app folder (PnP with the
 * global cache, or a cacheFolder elsewhere), or null when they do not (another package manager,
 * `nodeLinker: node-modules`/`pnpm`, `enableGlobalCache: false` on a project cache).
 */
export function berryPackagesOutsideApp(ctx: RuleContext, stage: Stage): string | null {
  const { pm, yarnMajor } = packageManagerOf(ctx, stage);
  if (pm !== 'yarn-berry') return null;
  const yarnrc = ctx.project.manifests?.['.yarnrc.yml'];
  const linker = envSetting(stage, 'YARN_NODE_LINKER') ?? (yarnrc ? setting(yarnrc, 'nodeLinker') : null);
  if (linker === 'node-modules' || linker === 'pnpm') return null;
  const folder = envSetting(stage, 'YARN_CACHE_FOLDER') ?? (yarnrc ? setting(yarnrc, 'cacheFolder') : null);
  const global =
    envSetting(stage, 'YARN_ENABLE_GLOBAL_CACHE') ?? (yarnrc ? setting(yarnrc, 'enableGlobalCache') : null);
  const why = (where: string) =>
    `Yarn Berry installs with Plug'n'Play here, which loads the packages from ${where}, outside the app folder: a runtime that gets only the app folder, or a user other than the one who installed, finds none of them. Set \`nodeLinker: node-modules\` (or \`enableGlobalCache: false\`) in .yarnrc.yml first.`;
  if (folder && folder.startsWith('/')) return why(`its cache at ${folder}`);
  if (global === 'false') return null;
  // Yarn 2 and 3 default to the project's .yarn/cache (inside the app folder); 4 to the global one.
  if (global === 'true' || yarnMajor === null || yarnMajor >= 4)
    return why("the global cache in the installing user's home (~/.yarn/berry/cache)");
  return null;
}
