import type { Instruction, Stage } from '../dockerfile/model';
import { renderLine, type Edit } from '../dockerfile/printer';
import {
  hasCacheMount,
  isBundleInstall,
  isCargoStep,
  isNpmInstall,
  isPipInstall,
  isYarnInstall,
  segmentsOf,
} from './commands';
import { sourcesOf } from './add-instead-of-copy';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';

const MANIFESTS: Record<string, string[]> = {
  pip: ['requirements.txt', 'requirements-prod.txt', 'constraints.txt'],
  node: ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', '.npmrc'],
  ruby: ['Gemfile', 'Gemfile.lock'],
  go: ['go.mod', 'go.sum'],
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
    else if (/^go\s+mod\s+download\b/.test(s.cmd)) kind ??= 'go';
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

/** The cache order is wrong but Whittle will not reorder it: the finding carries this reason. */
interface Held {
  copy: Instruction;
  risk: string;
}

/**
 * Why copying only the manifests would break the install, or null. Bundler reads the files a
 * Gemfile names (`gemspec`, `path:`, `eval_gemfile`, `ruby file:`); `go mod download` reads a
 * go.work's modules and local `replace` targets.
 */
function manifestsNotEnough(kind: keyof typeof MANIFESTS, ctx: RuleContext): string | null {
  const m = ctx.project.manifests ?? {};
  if (kind === 'ruby') {
    const gemfile = m['Gemfile'];
    if (gemfile === undefined)
      return 'Whittle was not given the Gemfile to check which other files it reads.';
    if (/(^|\n)\s*(gemspec|eval_gemfile|require|load)\b|\bpath:|\bfile:|File\.|Dir\./.test(gemfile))
      return 'The Gemfile reads other project files (gemspec, path:, eval_gemfile, file:), which a manifests-only COPY would leave out; reorder by hand.';
  }
  if (kind === 'go') {
    if (ctx.project.files.includes('go.work'))
      return 'go.work names module folders that `go mod download` reads; reorder by hand.';
    const gomod = m['go.mod'];
    if (gomod === undefined) return 'Whittle was not given go.mod to check for local replace directives.';
    if (/=>\s*(\.{1,2}\/|\/)/.test(gomod))
      return 'go.mod replaces a module with a local folder, which `go mod download` reads; reorder by hand.';
  }
  return null;
}

/** `COPY . .` then a cargo build: cargo cannot read a manifest without its targets, so no reorder, only advice. */
const CARGO_ADVICE =
  'Cargo needs the sources (src/main.rs or lib.rs) to read Cargo.toml, so Cargo.toml and Cargo.lock cannot simply be copied first. Cache the dependencies with cargo-chef, a stub src/main.rs built before `COPY . .`, or a BuildKit cache mount on /usr/local/cargo/registry and target/.';

/** Local Python packages (folders with setup.py/pyproject.toml) that requirements may point at. */
const localPackages = (files: string[]): string[] =>
  [
    ...new Set(
      files.filter((f) => /^[^/]+\/.*(setup\.py|pyproject\.toml)$/.test(f)).map((f) => f.split('/')[0]!),
    ),
  ].filter((d) => !['tests', 'test', 'docs'].includes(d));

function plan(ctx: RuleContext, stage: Stage): Plan | Held | null {
  const list = stage.instructions;
  const c = list.findIndex(isCopyAll);
  if (c < 0) return null;
  let last = -1;
  let kindSeen: keyof typeof MANIFESTS | null = null;
  for (let j = c + 1; j < list.length; j++) {
    const ins = list[j]!;
    if (
      last < 0 &&
      segmentsOf(ins).some((s) => isCargoStep(s.cmd)) &&
      ctx.project.files.includes('Cargo.toml') &&
      !hasCacheMount(ins, /target|registry/) &&
      !list.some((x) => /\bcargo[- ]chef\b/.test(x.args))
    )
      return { copy: list[c]!, risk: CARGO_ADVICE };
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
  // `bundle install --local` (or a bundle with a cache) installs from vendor/cache.
  if (kindSeen === 'ruby' && files.some((f) => f.startsWith('vendor/cache/'))) manifests.push('vendor/cache');
  if (kindSeen === 'pip') {
    manifests.push(...files.filter((f) => /^requirements[\w-]*\.txt$/.test(f) && !manifests.includes(f)));
    manifests.push(...localPackages(files));
  }
  if (manifests.length === 0) return null;
  const risk = manifestsNotEnough(kindSeen, ctx);
  if (risk) return { copy: list[c]!, risk };
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
      return p
        ? [
            at(p.copy, 'every source edit re-runs the dependency install (cache order)', {
              ...('risk' in p ? { risk: p.risk } : {}),
            }),
          ]
        : [];
    });
  },
  fix(ctx) {
    const edits: Edit[] = [];
    for (const stage of ctx.model.stages) {
      const p = plan(ctx, stage);
      if (!p || 'risk' in p || ctx.suppressed(p.copy)) continue;
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
