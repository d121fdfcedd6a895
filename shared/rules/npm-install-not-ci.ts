import { isNpmProjectInstall, segmentsOf } from './commands';
import { replaceAt } from './rewrite';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';

const hasLock = (ctx: RuleContext): boolean =>
  ctx.project.files.some((f) => f === 'package-lock.json' || f === 'npm-shrinkwrap.json');

export const npmInstallNotCi: Rule = {
  meta: {
    id: 'WH024',
    name: 'npm-install-not-ci',
    title: '`npm install` instead of `npm ci`',
    why: '`npm install` may resolve newer versions than the lockfile records and rewrites it, so two builds of the same commit can differ. `npm ci` installs exactly the lockfile, is faster, and fails loudly when package.json and the lockfile disagree — what you want in an image build.',
    severity: 'warning',
    category: 'layer-hygiene',
    fixable: true,
  },
  check(ctx) {
    return ctx.model.instructions
      .filter((i) => segmentsOf(i).some((s) => isNpmProjectInstall(s.cmd)))
      .map((i) =>
        at(
          i,
          'npm install does not install exactly what the lockfile says',
          hasLock(ctx)
            ? {}
            : { risk: 'The project has no package-lock.json, which `npm ci` requires; commit one first.' },
        ),
      );
  },
  runFix: {
    transform: (segs, _ins, ctx) => {
      if (!hasLock(ctx)) return null;
      let out = segs;
      segs.forEach((s, i) => {
        if (isNpmProjectInstall(s.cmd))
          out = replaceAt(out, i, s.cmd.replace(/\bnpm\s+(install|i)\b/, 'npm ci'));
      });
      return out === segs ? null : out;
    },
    explanation: 'Replaced `npm install` with `npm ci`, which installs exactly the lockfile.',
  },
};
