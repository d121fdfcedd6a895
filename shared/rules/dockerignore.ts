/** Build-context rules: a missing or leaky .dockerignore, and secrets sent into the image. */
import type { Instruction } from '../dockerfile/model';
import { sourcesOf } from './add-instead-of-copy';
import { isExcluded, parseDockerignore } from './dockerignore-match';
import { folderNeeded, gitNeeded, nodeModulesNeeded, venvNeeded } from './dockerignore-keep';
import type { RawFinding, Rule, RuleContext } from './rule';

interface Candidate {
  /** The .dockerignore line to add. */
  entry: string;
  /** Does the project have it? */
  present: (files: string[]) => string | null;
  /** Why the build or the app needs it although it looks like junk (dockerignore-keep.ts), or null. */
  keep?: (ctx: RuleContext) => string | null;
}

const topDir = (name: string) => (files: string[]) =>
  files.some((f) => f === `${name}/` || f.startsWith(`${name}/`)) ? `${name}/` : null;
const anyFile = (re: RegExp) => (files: string[]) => files.find((f) => re.test(f)) ?? null;

/** What no image needs: VCS data, local environments, caches, build output that the build recreates. */
const JUNK: Candidate[] = [
  { entry: '.git', present: topDir('.git'), keep: gitNeeded },
  { entry: '**/node_modules', present: anyFile(/(^|\/)node_modules\//), keep: nodeModulesNeeded },
  { entry: '.venv', present: topDir('.venv'), keep: (ctx) => venvNeeded(ctx, '.venv') },
  { entry: 'venv', present: topDir('venv'), keep: (ctx) => venvNeeded(ctx, 'venv') },
  { entry: '**/__pycache__', present: anyFile(/(^|\/)__pycache__\//) },
  { entry: '**/*.py[cod]', present: anyFile(/\.py[cod]$/) },
  { entry: '.pytest_cache', present: topDir('.pytest_cache') },
  { entry: '.mypy_cache', present: topDir('.mypy_cache') },
  { entry: '.tox', present: topDir('.tox') },
  { entry: 'coverage', present: topDir('coverage') },
  { entry: '.idea', present: topDir('.idea') },
  { entry: '.vscode', present: topDir('.vscode') },
  { entry: '**/.DS_Store', present: anyFile(/(^|\/)\.DS_Store$/) },
  { entry: '*.log', present: anyFile(/^[^/]+\.log$/) },
];

/** Folders a running app does not read — unless the Dockerfile mentions them (runs tests, serves docs). */
const UNUSED: { entry: string; mention: RegExp }[] = [
  { entry: 'tests', mention: /\btests?\b|pytest|unittest/ },
  { entry: 'test', mention: /\btests?\b|pytest|unittest/ },
  { entry: 'docs', mention: /\bdocs?\b|mkdocs|sphinx/ },
];

/** UNUSED folders present in the project and never mentioned by the Dockerfile. */
const unusedFolders = (ctx: RuleContext): Candidate[] =>
  UNUSED.filter((u) => !u.mention.test(ctx.model.text)).map((u) => ({
    entry: u.entry,
    present: topDir(u.entry),
    keep: (c: RuleContext) => folderNeeded(c, u.entry),
  }));

/** Files that must never reach an image layer. `.env.example`-style templates are fine. */
const SECRETS: Candidate[] = [
  { entry: '.env', present: anyFile(/^\.env$/) },
  { entry: '.env.*', present: anyFile(/^\.env\.(?!example$|sample$|template$|dist$)[\w.-]+$/) },
  { entry: '!.env.example', present: () => null },
  { entry: '**/*.pem', present: anyFile(/\.pem$/) },
  { entry: '**/*.key', present: anyFile(/\.key$/) },
  { entry: '**/id_rsa*', present: anyFile(/(^|\/)id_(rsa|ed25519|ecdsa)/) },
  { entry: '.aws', present: topDir('.aws') },
  { entry: '.ssh', present: topDir('.ssh') },
];

/** Sources that the Dockerfile's COPY/ADD read from the context. */
const copiedSources = (ctx: RuleContext): string[] =>
  ctx.model.instructions
    .filter(
      (i: Instruction) =>
        (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.some((f) => f.name === 'from'),
    )
    .flatMap(sourcesOf)
    .map((s) => s.replace(/^\.\//, '').replace(/\/+$/, ''));

const copiesEverything = (ctx: RuleContext): boolean =>
  copiedSources(ctx).some((s) => s === '.' || s === '' || s === '*');

/**
 * Entries of `list` present in the project, not already excluded, not copied by name by the
 * Dockerfile and not needed by the build (`kept`: each entry left out with the reason).
 */
function missing(
  ctx: RuleContext,
  list: Candidate[],
  kept: string[] = [],
): { entry: string; path: string }[] {
  const patterns = parseDockerignore(ctx.project.dockerignore ?? '');
  const sources = copiedSources(ctx);
  const out: { entry: string; path: string }[] = [];
  for (const c of list) {
    const path = c.present(ctx.project.files);
    if (!path || isExcluded(patterns, path)) continue;
    const top = path.replace(/\/.*$/, '');
    if (sources.some((s) => s === top || s.startsWith(`${top}/`))) continue; // the Dockerfile wants it
    const why = c.keep?.(ctx);
    if (why) {
      kept.push(`${c.entry.replace(/^\*\*\//, '')} (${why})`);
      continue;
    }
    out.push({ entry: c.entry, path });
  }
  return out;
}

/** The explanation's sentence on what was kept in the context, or ''. */
const keptNote = (kept: string[]): string => (kept.length ? ` Kept in the context: ${kept.join('; ')}.` : '');

const projectFinding = (message: string, extra: Partial<RawFinding> = {}): RawFinding => ({
  message,
  startLine: -1,
  endLine: -1,
  ...extra,
});

export const dockerignoreMissing: Rule = {
  meta: {
    id: 'WH040',
    name: 'dockerignore-missing',
    title: 'No .dockerignore',
    why: 'Without a .dockerignore, `COPY . .` sends the whole folder into the build and the image: .git history, local virtualenvs and node_modules, caches, test output. It makes the build context slow to upload, breaks the cache on every unrelated change, and can leak secrets. Whittle proposes one that excludes what exists in this project and nothing the Dockerfile copies by name.',
    severity: 'warning',
    category: 'build-context',
    fixable: true,
  },
  check(ctx) {
    return ctx.project.dockerignore === null && copiesEverything(ctx)
      ? [projectFinding('the project has no .dockerignore')]
      : [];
  },
  fix(ctx) {
    if (ctx.project.dockerignore !== null || !copiesEverything(ctx)) return null;
    const kept: string[] = [];
    const gitWhy = gitNeeded(ctx);
    const entries = [
      ...(gitWhy ? [] : ['.git']),
      ...missing(ctx, [...JUNK, ...unusedFolders(ctx)], kept).map((m) => m.entry),
      'Dockerfile*',
      '.dockerignore',
    ];
    if (gitWhy && !kept.some((k) => k.startsWith('.git '))) kept.unshift(`.git (${gitWhy})`);
    return {
      edits: [],
      explanation: `Proposed a .dockerignore for what this project holds.${keptNote(kept)}`,
      dockerignore: [...new Set(entries)],
    };
  },
};

export const dockerignoreLeaky: Rule = {
  meta: {
    id: 'WH041',
    name: 'dockerignore-leaky',
    title: '.dockerignore lets build junk in',
    why: 'The .dockerignore does not exclude some folders that exist here and that no image needs (.git, node_modules, virtualenvs, __pycache__, caches). They are copied by `COPY . .`, weigh on the image and break the build cache whenever they change.',
    severity: 'warning',
    category: 'build-context',
    fixable: true,
  },
  check(ctx) {
    if (ctx.project.dockerignore === null || !copiesEverything(ctx)) return [];
    return missing(ctx, JUNK).map((m) => projectFinding(`.dockerignore does not exclude ${m.path}`));
  },
  fix(ctx) {
    if (ctx.project.dockerignore === null || !copiesEverything(ctx)) return null;
    const kept: string[] = [];
    const entries = missing(ctx, JUNK, kept).map((m) => m.entry);
    return entries.length
      ? {
          edits: [],
          explanation: `Added the missing entries to the .dockerignore.${keptNote(kept)}`,
          dockerignore: entries,
        }
      : null;
  },
};

export const secretsCopied: Rule = {
  meta: {
    id: 'WH042',
    name: 'secrets-in-context',
    title: 'Secrets copied into the image',
    why: 'Files like .env, private keys or cloud credentials in the build context end up in an image layer with `COPY . .` — and anyone who can pull the image can read them, even if a later step deletes them. Exclude them in .dockerignore and pass secrets at run time (environment, mounted files, BuildKit `--mount=type=secret` at build time).',
    severity: 'error',
    category: 'security',
    fixable: true,
  },
  check(ctx) {
    if (!copiesEverything(ctx)) return [];
    return missing(ctx, SECRETS).map((m) => projectFinding(`${m.path} would be copied into the image`));
  },
  fix(ctx) {
    if (!copiesEverything(ctx)) return null;
    const found = missing(ctx, SECRETS);
    if (!found.length) return null;
    const entries = found.map((m) => m.entry);
    if (entries.includes('.env.*') && ctx.project.files.includes('.env.example'))
      entries.push('!.env.example');
    return { edits: [], explanation: 'Excluded secret files from the build context.', dockerignore: entries };
  },
};
