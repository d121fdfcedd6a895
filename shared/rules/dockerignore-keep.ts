/**
 * What a proposed .dockerignore must not exclude although it looks like junk: context folders the
 * build or the app reads. Each check returns the reason to keep the entry (shown in the fix's
 * explanation), or null when excluding it is safe.
 *
 * - `.git`: the build reads the repository (a `git` command in a RUN or in a script it runs,
 *   `-buildvcs=true`, or a version plugin: setuptools-scm, hatch-vcs, versioneer, pbr, dunamai
 *   (Python); git-commit-id, gradle-git-properties, axion-release, jgitver (Java); vergen,
 *   git-version, shadow-rs, built (Rust); git-rev-sync & co. (Node)). Without `.git` they fail
 *   the build or the start (git-commit-id's failOnNoGitDirectory, git-version's compile error,
 *   setuptools-scm's LookupError).
 * - `node_modules`: no RUN installs the project's Node dependencies, so the image runs on the
 *   context's own (installed by CI before `docker build`): excluding it gives "Cannot find module".
 * - `.venv`/`venv`: the Dockerfile names the folder and creates no virtualenv itself.
 * - `docs`/`test`/`tests`: the folder holds files a build compiles or loads: Go packages (swag's
 *   generated `docs/docs.go` is imported by main), TypeScript next to a tsconfig (tsc's common
 *   root — and so `dist/`'s layout — moves when a folder of inputs disappears), a folder a
 *   manifest names (Cargo `[[test]] path`, setup.py `packages`, pom.xml directories), and for
 *   `docs` anything other than prose and images (an OpenAPI file or HTML the app serves).
 */
import type { Instruction } from '../dockerfile/model';
import { runs } from '../dockerfile/shell';
import { isNpmCi, isNpmProjectInstall, isPnpmInstall, isYarnInstall, segmentsOf } from './commands';
import type { RuleContext } from './rule';

const runSegments = (ctx: RuleContext): string[] =>
  ctx.model.instructions.flatMap((i: Instruction) => segmentsOf(i).map((s) => s.cmd));

/** A shell or Makefile text that runs git: as a command, in `$(…)`/backticks, or make's `$(shell git …)`. */
const RUNS_GIT = /(^|[;&|(`]|\$\(|\bshell)\s*git\s+[a-z-]/m;

/** Build plugins and libraries that read the repository (see the file comment). */
const GIT_READERS: Record<string, RegExp> = {
  python:
    /setuptools[_-]scm|setuptools[_-]git|hatch[_-]vcs|versioneer|\bpbr\b|dunamai|dynamic[_-]versioning|vcs[_-]versioning|source\s*=\s*["'](vcs|scm)["']/i,
  java: /git-commit-id|gradle-git-properties|gitProperties|axion-release|jgitver|nebula\.release|grgit|git-version/i,
  rust: /^\s*(vergen[\w-]*|git-version|shadow-rs|built|git-testament)\s*=/im,
};
const NODE_GIT_PACKAGES =
  /^(git-rev-sync|git-describe|git-repo-info|git-rev|git-revision-webpack-plugin|git-last-commit|git-commit-info)$/;

/** Project scripts the Dockerfile runs by name (`RUN ./build.sh`, `RUN make` for a Makefile). */
function scriptsRun(ctx: RuleContext): string[] {
  const scripts = ctx.project.scripts ?? {};
  const text = ctx.model.text;
  const makes = runSegments(ctx).some((c) => runs(c, /^g?make$/));
  return Object.entries(scripts)
    .filter(([path]) => {
      const base = path.replace(/^.*\//, '');
      if (/^(GNU)?makefile$/i.test(base)) return makes;
      return text.includes(base);
    })
    .map(([, body]) => body);
}

/** Why `.git` must stay in the context, or null. */
export function gitNeeded(ctx: RuleContext): string | null {
  const mountsGit = ctx.model.instructions.some((i) =>
    i.flags.some((f) => f.name === 'mount' && /(^|,)(source|src)=(\.\/)?\.git(\/|,|$)/.test(f.value ?? '')),
  );
  if (
    mountsGit ||
    runSegments(ctx).some((c) => runs(c, /^git$/) || RUNS_GIT.test(c)) ||
    /-buildvcs(=true)?(?!=)/.test(ctx.model.text)
  )
    return 'a RUN reads the repository (git)';
  const manifests = ctx.project.manifests ?? {};
  for (const [name, text] of Object.entries(manifests)) {
    const kind = /^(pyproject\.toml|setup\.py|setup\.cfg)$/.test(name)
      ? 'python'
      : /^(pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?)$/.test(name)
        ? 'java'
        : name === 'Cargo.toml'
          ? 'rust'
          : null;
    const m = kind ? GIT_READERS[kind]!.exec(text) : null;
    if (m) return `${name} uses ${m[0].trim().replace(/\s*=$/, '')}, which reads the repository`;
  }
  const pj = ctx.project.packageJson;
  if (pj) {
    const dep = [...(pj.dependencies ?? []), ...pj.devDependencies].find((d) => NODE_GIT_PACKAGES.test(d));
    if (dep) return `package.json depends on ${dep}, which reads the repository`;
    const script = Object.entries(pj.scripts).find(([, s]) => RUNS_GIT.test(s));
    if (script) return `the package.json script "${script[0]}" runs git`;
  }
  if (scriptsRun(ctx).some((s) => RUNS_GIT.test(s))) return 'a script the Dockerfile runs calls git';
  return null;
}

/** Why the context's `node_modules` must stay, or null. */
export function nodeModulesNeeded(ctx: RuleContext): string | null {
  const installs = runSegments(ctx).some(
    (c) =>
      isNpmCi(c) ||
      isNpmProjectInstall(c) ||
      isYarnInstall(c) ||
      isPnpmInstall(c) ||
      runs(c, /^bun$/, /^(install|i)$/) ||
      runs(c, /^yarn$/, /^workspaces$/),
  );
  return installs
    ? null
    : 'no RUN installs the Node dependencies, so the image runs on the node_modules the context brings';
}

/** Why a virtualenv folder (`.venv`, `venv`) must stay, or null. */
export function venvNeeded(ctx: RuleContext, folder: string): string | null {
  const esc = folder.replace('.', '\\.');
  const named = new RegExp(`(^|[\\s/"'=:])${esc}(/|\\b)`, 'm').test(
    ctx.model.instructions
      .filter((i) => i.keyword !== 'COPY' && i.keyword !== 'ADD')
      .map((i) => i.args)
      .join('\n'),
  );
  const creates = runSegments(ctx).some(
    (c) =>
      /\s-m\s+venv\b/.test(c) ||
      runs(c, /^virtualenv$/) ||
      runs(c, /^uv$/, /^(sync|venv)$/) ||
      runs(c, /^(poetry|pipenv)$/, /^(install|sync)$/),
  );
  return named && !creates ? `the Dockerfile uses ${folder} and creates no virtualenv` : null;
}

const CODE =
  /\.(go|ts|tsx|mts|cts|js|mjs|cjs|jsx|py|rs|java|kt|kts|scala|groovy|rb|php|c|h|cc|cpp|hpp|cs|swift|ex|exs|json|ya?ml|toml|html?|proto|graphql|sql)$/i;
const PROSE = /\.(md|markdown|rst|txt|adoc|asciidoc|png|jpe?g|gif|svg|webp|pdf|drawio)$/i;

/** Why an unused-looking top folder (`docs`, `test`, `tests`) must stay, or null. */
export function folderNeeded(ctx: RuleContext, folder: string): string | null {
  const inside = ctx.project.files.filter((f) => f.startsWith(`${folder}/`) && !f.endsWith('/'));
  const go = inside.find((f) => f.endsWith('.go'));
  if (go) return `${go} is Go source the build may compile`;
  if (folder === 'docs') {
    const other = inside.find((f) => !PROSE.test(f));
    return other ? `${other} is not prose: the build or the app may read it` : null;
  }
  const ts = inside.find((f) => /\.(tsx?|mts|cts)$/.test(f));
  if (ts && ctx.project.files.some((f) => /^tsconfig[\w.-]*\.json$/.test(f)))
    return `${ts} may be a tsc input: without it tsc's output layout can change`;
  const esc = folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const mention = new RegExp(`(["'>]|\\b)${esc}(/|["'<])`);
  for (const [name, text] of Object.entries(ctx.project.manifests ?? {}))
    if (!/\.lock$|lock\.(json|yaml)$|go\.sum$/.test(name) && mention.test(text))
      return `${name} names ${folder}/`;
  const script = Object.entries(ctx.project.packageJson?.scripts ?? {}).find(([, s]) => mention.test(s));
  if (script) return `the package.json script "${script[0]}" names ${folder}/`;
  const code = inside.find((f) => CODE.test(f));
  if (code && scriptsRun(ctx).some((s) => mention.test(s)))
    return `a script the Dockerfile runs names ${folder}/`;
  return null;
}
