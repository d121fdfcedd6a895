import { aptPackages, isAptInstall } from './commands';
import { flagRule } from './flag-rule';

/** Packages whose HTTPS needs the CA bundle that Debian and Ubuntu only recommend. */
const TLS_CLIENTS = /^(curl|wget|git|gnupg2?|libcurl4|python3-requests)(:\w+)?(=.*)?$/;

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
    'Added `--no-install-recommends` so apt installs only what the packages require (plus `ca-certificates` where curl, wget or git would otherwise lose HTTPS: Debian only recommends it).',
  complete: (cmd) =>
    aptPackages(cmd).some((p) => TLS_CLIENTS.test(p)) && !aptPackages(cmd).includes('ca-certificates')
      ? `${cmd} ca-certificates`
      : cmd,
  estimatedBytes: 30_000_000,
});
