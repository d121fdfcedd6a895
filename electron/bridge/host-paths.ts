/**
 * Where a Node-side host finds its files: the app root (for `examples/` and `dist/renderer`)
 * and a per-user data folder. Electron's main has `app.getPath`; the bridge runs in plain
 * Node, so it follows the XDG / platform conventions itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Walks up from `fromDir` to the folder whose package.json is Whittle's. */
export function findAppRoot(fromDir: string): string {
  let dir = path.resolve(fromDir);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'whittle') return dir;
      } catch {
        // unreadable package.json: keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Could not find Whittle's package.json above ${fromDir}`);
    dir = parent;
  }
}

/** `$WHITTLE_USER_DATA`, else the platform's per-user config folder + `/whittle`. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WHITTLE_USER_DATA) return path.resolve(env.WHITTLE_USER_DATA);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Whittle');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Whittle');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'whittle');
}
