import { isPipInstall } from './commands';
import { flagRule } from './flag-rule';

/** hadolint DL3042. */
export const pipNoCacheDir = flagRule({
  meta: {
    id: 'WH023',
    name: 'pip-no-cache-dir',
    title: '`pip install` without `--no-cache-dir`',
    why: 'pip keeps every downloaded and built wheel in ~/.cache/pip so a second install is faster. In an image there is no second install: the cache is dead weight stored in the layer, often as large as the packages themselves. `--no-cache-dir` (or `ENV PIP_NO_CACHE_DIR=1`) skips it.',
    severity: 'warning',
    category: 'layer-hygiene',
    hadolint: 'DL3042',
    fixable: true,
    shippedOnly: true,
  },
  matches: isPipInstall,
  satisfied: (cmd, ctx) =>
    /--no-cache-dir/.test(cmd) ||
    ctx.model.instructions.some((i) => i.keyword === 'ENV' && /PIP_NO_CACHE_DIR/.test(i.args)),
  after: /\binstall\b/,
  flag: '--no-cache-dir',
  cacheMount: /target=[^,]*(pip|\.cache)/,
  message: "pip's download cache is stored in the layer",
  cache: 'pip',
  explanation: "Added `--no-cache-dir` so pip's cache never reaches the layer.",
  estimatedBytes: 10_000_000,
});
