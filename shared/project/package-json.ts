/** What the optimizer reads from a package.json (pure: the Node side reads the file, the tests read fixtures). */
import type { PackageJsonFacts } from '../api/contract';

/**
 * The scripts, dependency and devDependency names and `packageManager` field of a package.json;
 * undefined when it is not a readable JSON object.
 */
export function packageJsonFacts(text: string): PackageJsonFacts | undefined {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) return undefined;
  const { scripts, devDependencies, dependencies, packageManager } = j as {
    scripts?: unknown;
    devDependencies?: unknown;
    dependencies?: unknown;
    packageManager?: unknown;
  };
  const record = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
  const deps = Object.keys(record(dependencies));
  return {
    scripts: Object.fromEntries(
      Object.entries(record(scripts)).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    devDependencies: Object.keys(record(devDependencies)),
    ...(deps.length ? { dependencies: deps } : {}),
    ...(typeof packageManager === 'string' && packageManager ? { packageManager } : {}),
  };
}
