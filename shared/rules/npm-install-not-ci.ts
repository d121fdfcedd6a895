import type { Instruction } from '../dockerfile/model';
import { sourcesOf } from './add-instead-of-copy';
import { isNpmProjectInstall, segmentsOf } from './commands';
import { isExcluded, parseDockerignore } from './dockerignore-match';
import { replaceAt } from './rewrite';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';

const LOCKS = ['package-lock.json', 'npm-shrinkwrap.json'];

/** Whether a COPY source (`.`, a name, a glob like `package*.json`) brings `file` from the context root. */
const matchesSource = (source: string, file: string): boolean =>
  /^\.?\/?$/.test(source) || isExcluded(parseDockerignore(source), file); // COPY globs match as .dockerignore's do

/**
 * The project has a lockfile, the .dockerignore lets it in, and a COPY/ADD of the same stage
 * before the install brings it into the image (else `npm ci` fails where `npm install` worked).
 */
const hasLock = (ctx: RuleContext, ins: Instruction): boolean => {
  const ignored = ctx.project.dockerignore ? parseDockerignore(ctx.project.dockerignore) : [];
  const locks = LOCKS.filter((l) => ctx.project.files.includes(l) && !isExcluded(ignored, l));
  return ctx.model.instructions.some(
    (c) =>
      c.stage === ins.stage &&
      c.startLine < ins.startLine &&
      (c.keyword === 'COPY' || c.keyword === 'ADD') &&
      !c.flags.some((f) => f.name === 'from') &&
      sourcesOf(c).some((src) => locks.some((l) => matchesSource(src, l))),
  );
};

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
          hasLock(ctx, i)
            ? {}
            : {
                risk: 'No package-lock.json reaches the image before this install (none in the project, excluded by .dockerignore, or not copied), and `npm ci` requires one.',
              },
        ),
      );
  },
  runFix: {
    transform: (segs, ins, ctx) => {
      if (!hasLock(ctx, ins)) return null;
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
