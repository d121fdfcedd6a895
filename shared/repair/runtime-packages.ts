/**
 * Adds OS packages to the final (runtime) stage of a Dockerfile: the repair for a runtime library
 * that the optimized image lacks (issue 10 §1 "Repair"). Pure text edit through the printer, so every
 * other line stays as written.
 *
 * - When a shell-form RUN of the final stage already runs `apt-get install` / `apt install`
 *   (`apk add` on Alpine), the packages are appended to the end of that command's arguments.
 * - Otherwise a RUN is inserted right after the final stage's FROM (before any USER), in the form
 *   Docker's best practices give: `apt-get update && apt-get install -y --no-install-recommends …
 *   && rm -rf /var/lib/apt/lists/*`, or `apk add --no-cache …`.
 * - Distroless, scratch or an unknown distribution: no edit, with the reason.
 */
import { finalStage, type DockerfileModel, type Instruction, type Stage } from '../dockerfile/model';
import { parseDockerfile } from '../dockerfile/parse';
import { applyEdits, detectStyle, kw } from '../dockerfile/printer';

/** The package manager of the runtime stage's distribution. */
export type PackageManager = 'apt' | 'apk';

/** Result of {@link addRuntimePackages}. */
export type RuntimePackagesEdit =
  | {
      ok: true;
      text: string;
      manager: PackageManager;
      /** `appended`: added to an existing install command (its line is given, 1-based); `inserted`: a new RUN. */
      how: 'appended' | 'inserted';
      line: number;
      /** The packages actually added (those already installed by that command are left out). */
      added: string[];
    }
  | { ok: false; reason: string };

/** Debian package names (Debian Policy §5.6.1), with an optional `:arch`; apk names are similar. */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$/;
const APK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

const APT_INSTALL = /\b(apt-get|apt)\b(?:[ \t]+-[^\s&|;]+)*[ \t]+install\b/;
const APK_ADD = /\bapk\b(?:[ \t]+-[^\s&|;]+)*[ \t]+add\b/;

/** Guesses the package manager from the final stage's commands and base image name. */
export function runtimePackageManager(m: DockerfileModel): PackageManager | null {
  const stage = baseStage(m);
  const runs = finalStage(m).instructions.filter((i) => i.keyword === 'RUN' && !i.json);
  if (runs.some((r) => APT_INSTALL.test(r.args))) return 'apt';
  if (runs.some((r) => APK_ADD.test(r.args))) return 'apk';
  const ref = `${stage.image.repository}:${stage.image.tag ?? 'latest'}`.toLowerCase();
  if (/^scratch:|distroless|chainguard|\/static|busybox/.test(ref)) return null;
  if (/alpine/.test(ref)) return 'apk';
  if (
    /^(debian|ubuntu|buildpack-deps|python|node|ruby|golang|perl|php|openjdk|eclipse-temurin|amazoncorretto|rust|httpd|nginx|postgres|redis)(:|$)/.test(
      ref.replace(/^library\//, ''),
    )
  )
    return 'apt';
  return null;
}

/** The stage a `FROM <stage name>` chain ends at (the one naming a real image). */
function baseStage(m: DockerfileModel): Stage {
  let stage = finalStage(m);
  for (;;) {
    const ref = stage.image.raw.toLowerCase();
    const parent = m.stages.find((s) => s.index < stage.index && s.name?.toLowerCase() === ref);
    if (!parent) return stage;
    stage = parent;
  }
}

/**
 * Where the arguments of the install command that `re` finds in `raw` end: before the next `&&`,
 * `||`, `;`, `|` or the end, skipping line continuations. Null when the command is not plain words
 * (quotes, substitutions, comments), where appending could change its meaning.
 */
function endOfCommand(raw: string, re: RegExp, escape: string): number | null {
  const match = re.exec(raw);
  if (!match) return null;
  let i = match.index + match[0].length;
  let end = i;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === escape && (raw[i + 1] === '\n' || (raw[i + 1] === '\r' && raw[i + 2] === '\n'))) {
      i += raw[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === '\n' || c === '&' || c === '|' || c === ';' || c === ')') break;
    if (c === '"' || c === "'" || c === '`' || c === '$' || c === '#' || c === '<' || c === '>') return null;
    if (c !== ' ' && c !== '\t') end = i + 1;
    i++;
  }
  return end;
}

function installedWords(args: string, re: RegExp): Set<string> {
  const m = re.exec(args);
  if (!m) return new Set();
  const rest = args.slice(m.index + m[0].length).split(/&&|\|\||;|\|/)[0] ?? '';
  return new Set(rest.split(/\s+/).filter((w) => w && !w.startsWith('-')));
}

function appendTo(
  m: DockerfileModel,
  ins: Instruction,
  re: RegExp,
  packages: string[],
): { text: string; added: string[] } | null {
  const end = endOfCommand(ins.raw, re, m.escape);
  if (end === null) return null;
  const have = installedWords(ins.args, re);
  const added = packages.filter((p) => !have.has(p));
  if (added.length === 0) return { text: ins.raw, added };
  return { text: `${ins.raw.slice(0, end)} ${added.join(' ')}${ins.raw.slice(end)}`, added };
}

/**
 * Adds `packages` to the final stage of `dockerfileText`. `manager` overrides the guess from the
 * Dockerfile (the caller may know the image's `/etc/os-release`). Never throws on a Dockerfile that
 * parses; a parse error is returned as `ok: false`.
 */
export function addRuntimePackages(
  dockerfileText: string,
  packages: string[],
  manager?: PackageManager | null,
): RuntimePackagesEdit {
  let m: DockerfileModel;
  try {
    m = parseDockerfile(dockerfileText);
  } catch (err) {
    return { ok: false, reason: `the Dockerfile does not parse: ${(err as Error).message}` };
  }
  if (m.stages.length === 0) return { ok: false, reason: 'the Dockerfile has no FROM' };
  const pm = manager === undefined ? runtimePackageManager(m) : manager;
  if (!pm)
    return {
      ok: false,
      reason: 'the runtime stage has no known package manager (distroless, scratch or an unknown base)',
    };
  const wanted = [...new Set(packages)];
  const bad = wanted.filter((p) => !(pm === 'apt' ? PACKAGE_NAME : APK_NAME).test(p));
  if (bad.length > 0) return { ok: false, reason: `not a package name: ${bad.join(', ')}` };
  if (wanted.length === 0) return { ok: false, reason: 'no packages to add' };
  const stage = finalStage(m);
  const re = pm === 'apt' ? APT_INSTALL : APK_ADD;
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN' || ins.json || ins.heredoc || !re.test(ins.args)) continue;
    const edit = appendTo(m, ins, re, wanted);
    if (!edit) continue;
    const text =
      edit.added.length === 0
        ? dockerfileText
        : applyEdits(m, [{ start: ins.startLine, end: ins.endLine, text: edit.text }]);
    return { ok: true, text, manager: pm, how: 'appended', line: ins.startLine + 1, added: edit.added };
  }
  const style = detectStyle(m);
  const list = wanted.join(' ');
  const run =
    pm === 'apt'
      ? `${kw(style, 'RUN')} apt-get update && apt-get install -y --no-install-recommends ${list} && rm -rf /var/lib/apt/lists/*`
      : `${kw(style, 'RUN')} apk add --no-cache ${list}`;
  const at = stage.from.endLine + 1;
  return {
    ok: true,
    text: applyEdits(m, [{ start: at, end: at - 1, text: run }]),
    manager: pm,
    how: 'inserted',
    line: at + 1,
    added: wanted,
  };
}
