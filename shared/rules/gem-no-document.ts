import { isGemInstall } from './commands';
import { flagRule } from './flag-rule';

export const gemNoDocument = flagRule({
  meta: {
    id: 'WH038',
    name: 'gem-no-document',
    title: '`gem install` builds documentation',
    why: 'By default `gem install` generates ri and RDoc documentation for every gem — nobody reads it inside a container, and it adds megabytes and build time. `--no-document` skips it.',
    severity: 'info',
    category: 'layer-hygiene',
    fixable: true,
  },
  matches: isGemInstall,
  satisfied: (cmd, ctx) => /--no-(document|rdoc|ri)/.test(cmd) || ctx.project.files.includes('.gemrc'),
  after: /\binstall\b/,
  flag: '--no-document',
  message: 'gem install generates documentation into the image',
  explanation: 'Added `--no-document` so no gem documentation is generated.',
  estimatedBytes: 3_000_000,
});
