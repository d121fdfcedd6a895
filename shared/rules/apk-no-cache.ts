import { isApkAdd } from './commands';
import { flagRule } from './flag-rule';

/** hadolint DL3019. */
export const apkNoCache = flagRule({
  meta: {
    id: 'WH026',
    name: 'apk-no-cache',
    title: '`apk add` without `--no-cache`',
    why: 'Without `--no-cache`, apk keeps its package index in /var/cache/apk inside the layer. `apk add --no-cache` fetches the index to a temporary place and leaves nothing behind — and makes a separate `apk update` unnecessary.',
    severity: 'warning',
    category: 'layer-hygiene',
    hadolint: 'DL3019',
    fixable: true,
    shippedOnly: true,
  },
  matches: isApkAdd,
  satisfied: (cmd) => /--no-cache/.test(cmd) || /rm\s+-rf\s+\/var\/cache\/apk/.test(cmd),
  after: /\badd\b/,
  flag: '--no-cache',
  message: "apk's index is stored in the layer",
  cache: 'apk',
  explanation: 'Added `--no-cache` so apk stores no index in the layer.',
  estimatedBytes: 2_000_000,
});
