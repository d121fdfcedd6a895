import type { Instruction, Stage } from '../dockerfile/model';
import { renderLine, type Edit } from '../dockerfile/printer';
import { segmentsOf, isBundleInstall, isNpmInstall, isPipInstall, isYarnInstall } from './commands';
import { sourcesOf } from './add-instead-of-copy';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';

const MANIFESTS: Record<string, string[]> = {
  pip: ['requirements.txt', 'requirements-prod.txt', 'constraints.txt'],
  node: ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', '.npmrc'],
  ruby: ['Gemfile', 'Gemfile.lock'],
};

/** Which manifest family a RUN's install needs — null when it installs the project itself (needs sources). */
function installKind(ins: Instruction): keyof typeof MANIFESTS | null {
  let kind: keyof typeof MANIFESTS | null = null;
  for (const s of segmentsOf(ins)) {
    if (isPipInstall(s.cmd)) {
      if (/\s(-e\s+)?\.(\/)?(\s|$|\[)/.test(s.cmd)) return null; // `pip install .` builds the project itself
      if (/\s-r\s/.test(s.cmd) || /\s--requirement/.test(s.cmd)) kind ??= 'pip';
      continue;
    }
    if (isNpmInstall(s.cmd) || isYarnInstall(s.cmd)) kind ??= 'node';
    else if (isBundleInstall(s.cmd)) kind ??= 'ruby';
    // Anything else in the same RUN (`npm run build`, `python manage.py …`) may need the sources.
    else if (!COMPANION.test(s.cmd)) return null;
  }
  return kind;
}

/** Commands that may share the install's RUN without needing the sources. */
const COMPANION =
  /^((npm|yarn) cache clean|(npm|yarn|bundle|pip) config |rm -rf? |apt-get |true$|gem install bundler)/;

/** Layouts whose manifests live in folders or extra files the flat COPY would miss: left as they are. */
const NESTED_MANIFESTS = /^(requirements\/|\.yarnrc\.yml$|\.yarn\/|\.pnp\.c?js$)/;

const isCopyAll = (ins: Instruction): boolean =>
  ins.keyword === 'COPY' &&
  !ins.flags.some((f) => f.name === 'from') &&
  sourcesOf(ins).some((s) => s === '.' || s === './');

interface Plan {
  copy: Instruction;
  lastInstall: Instruction;
  manifests: string[];
}

/** Local Python packages (folders with setup.py/pyproject.toml) that requirements may point at. */
const localPackages = (files: string[]): string[] =>
  [
    ...new Set(
      files.filter((f) => /^[^/]+\/.*(setup\.py|pyproject\.toml)$/.test(f)).map((f) => f.split('/')[0]!),
    ),
  ].filter((d) => !['tests', 'test', 'docs'].includes(d));

function plan(ctx: RuleContext, stage: Stage): Plan | null {
  const list = stage.instructions;
  const c = list.findIndex(isCopyAll);
  if (c < 0) return null;
  let last = -1;
  let kindSeen: keyof typeof MANIFESTS | null = null;
  for (let j = c + 1; j < list.length; j++) {
    const ins = list[j]!;
    const k = ins.keyword === 'RUN' ? installKind(ins) : null;
    if (k) {
      last = j;
      kindSeen = k;
      continue;
    }
    if (['ENV', 'ARG'].includes(ins.keyword)) continue;
    break; // anything else may use the sources: stop here
  }
  if (last < 0 || !kindSeen) return null;
  const files = ctx.project.files;
  if (files.some((f) => NESTED_MANIFESTS.test(f))) return null;
  const manifests = MANIFESTS[kindSeen]!.filter((m) => files.includes(m));
  if (kindSeen === 'pip') {
    manifests.push(...files.filter((f) => /^requirements[\w-]*\.txt$/.test(f) && !manifests.includes(f)));
    manifests.push(...localPackages(files));
  }
  if (manifests.length === 0) return null;
  return { copy: list[c]!, lastInstall: list[last]!, manifests };
}

export const copyBeforeDeps: Rule = {
  meta: {
    id: 'WH033',
    name: 'copy-all-before-deps',
    title: 'Sources copied before dependencies are installed',
    why: '`COPY . .` before the dependency install means any edit to any source file invalidates the cache of the install step, so every rebuild reinstalls every dependency. Copy only the manifests (requirements.txt, package.json and lockfile, Gemfile…) first, install, then copy the sources.',
    severity: 'warning',
    category: 'layer-hygiene',
    fixable: true,
  },
  check(ctx) {
    return ctx.model.stages.flatMap((s) => {
      const p = plan(ctx, s);
      return p ? [at(p.copy, 'every source edit re-runs the dependency install (cache order)')] : [];
    });
  },
  fix(ctx) {
    const edits: Edit[] = [];
    for (const stage of ctx.model.stages) {
      const p = plan(ctx, stage);
      if (!p || ctx.suppressed(p.copy)) continue;
      const dest = (p.copy.jsonArgs ?? p.copy.args.split(/\s+/)).slice(-1)[0]!;
      const flags = p.copy.flags
        .map((f) => (f.value === null ? `--${f.name} ` : `--${f.name}=${f.value} `))
        .join('');
      const destDir = dest === '.' ? './' : dest.endsWith('/') ? dest : `${dest}/`;
      const files = p.manifests.filter((m) => ctx.project.files.includes(m));
      const dirs = p.manifests.filter((m) => !ctx.project.files.includes(m));
      const lines = [
        ...(files.length ? [`${files.join(' ')} ${destDir}`] : []),
        ...dirs.map((d) => `${d} ${destDir}${d}`),
      ];
      const text = lines.map((l) => renderLine(ctx.style, 'COPY', flags + l)).join(ctx.style.eol);
      edits.push({ start: p.copy.startLine, end: p.copy.endLine, text });
      edits.push({ start: p.lastInstall.endLine + 1, end: p.lastInstall.endLine, text: p.copy.raw });
    }
    return edits.length
      ? {
          edits,
          explanation:
            'Copied the dependency manifests first and the sources after the install, so source edits reuse the cached install layer.',
        }
      : null;
  },
};
