import { neededRecommends, recommendsRisk } from '../catalog/apt-recommends';
import { commandWords } from '../dockerfile/shell';
import { aptPackages, isAptInstall } from './commands';
import { flagRule } from './flag-rule';

/** The words after `install` (package names, flags, `$VARS`). */
const installWords = (cmd: string): string[] => {
  const w = commandWords(cmd);
  return w.slice(w.indexOf('install') + 1);
};

/**
 * `cmd` with `extra` words added to its own arguments: before a pipe or redirection that follows
 * them (`apt-get install -y gcc | tee log` must not become `tee log libc6-dev`).
 */
export function appendArgs(cmd: string, extra: string[]): string {
  let quote: string | null = null;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (/[|<>&]/.test(c)) {
      // A file-descriptor number (`2>`) that starts a word belongs to the redirection.
      const at = /\d/.test(cmd[i - 1] ?? '') && /\s/.test(cmd[i - 2] ?? '') && c === '>' ? i - 1 : i;
      const head = cmd.slice(0, at).trimEnd();
      return `${head} ${extra.join(' ')} ${cmd.slice(at).trimStart()}`;
    }
  }
  return `${cmd} ${extra.join(' ')}`;
}

/** hadolint DL3015. */
export const aptNoInstallRecommends = flagRule({
  meta: {
    id: 'WH021',
    name: 'apt-no-install-recommends',
    title: '`apt-get install` without `--no-install-recommends`',
    why: 'By default apt also installs every package the requested ones merely *recommend*: documentation, extra locales, helpers. They are rarely needed in a container and often add tens of megabytes. `--no-install-recommends` installs what is required and nothing else; add any recommended package you really need by name.',
    severity: 'warning',
    category: 'layer-hygiene',
    hadolint: 'DL3015',
    fixable: true,
    shippedOnly: true,
  },
  matches: isAptInstall,
  satisfied: (cmd) => /--no-install-recommends|APT::Install-Recommends/.test(cmd),
  after: /\binstall\b/,
  flag: '--no-install-recommends',
  message: 'apt-get install pulls in recommended packages',
  explanation:
    'Added `--no-install-recommends` so apt installs only what the packages require, plus the recommended packages they need by name: `ca-certificates` where curl, wget, git or nodejs would otherwise lose HTTPS, `libc6-dev` where gcc would otherwise find no C headers (Debian only recommends them).',
  complete: (cmd) => {
    const add = neededRecommends(aptPackages(cmd));
    return add.length ? appendArgs(cmd, add) : cmd;
  },
  risk: (cmd) => recommendsRisk(aptPackages(cmd), installWords(cmd)),
  estimatedBytes: 30_000_000,
});
