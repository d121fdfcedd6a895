/**
 * What the container's start runs beyond its own command line: the project scripts the
 * ENTRYPOINT/CMD run or name (`./start.sh`, `/app/entrypoint.sh`, `manage.py`, `supervisord -c
 * app.conf`), found by file name in `ProjectContext.scripts` (and `files`), and the scripts those
 * name in turn; and whether any of it runs a build tool (`make run`, `gcc`, `go run`…), which
 * then has to stay in the runtime image.
 */
import type { Stage } from '../dockerfile/model';
import { commandWords, splitCommands } from '../dockerfile/shell';
import type { RuleContext } from './rule';
import { startCommand } from './start-command';

/** Wrappers before the real program (`exec`, `tini --`, `gosu app`, `VAR=1`). */
const WRAPPER = /^(exec|tini|dumb-init|--|nohup|setsid|time|env)$/;
const WITH_USER = /^(gosu|su-exec)$/;

/** Index of the word that is the program run (after `VAR=` assignments and wrappers), or -1. */
function programIndex(words: string[]): number {
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (/^\w+=/.test(w) || WRAPPER.test(w.split('/').pop()!) || /^-/.test(w)) continue;
    if (WITH_USER.test(w.split('/').pop()!)) {
      k++;
      continue;
    }
    return k;
  }
  return -1;
}

/** A project script the start runs, its text (null when not given) and whether it runs by its shebang. */
export interface StartScript {
  path: string;
  text: string | null;
  direct: boolean;
}

/**
 * Project files the start command runs or names (`./start.sh`, `/app/entrypoint.sh`,
 * `manage.py`, `supervisord -c app.conf`), matched by file name against the project, and the
 * ones those scripts name in turn (three levels deep).
 */
export function startScripts(ctx: RuleContext, stage: Stage): StartScript[] {
  const scripts = ctx.project.scripts ?? {};
  const files = ctx.project.files;
  const out = new Map<string, StartScript>();
  const visit = (commands: string[], depth: number) => {
    for (const c of commands) {
      for (const part of c.split('|')) {
        const words = commandWords(part.trim());
        const program = programIndex(words);
        words.forEach((w, k) => {
          if (!/[./]/.test(w) || /^-/.test(w) || w.includes('$')) return;
          const name = w.split('=').pop()!.replace(/\/+$/, '').split('/').pop()!;
          if (!name || (!name.includes('.') && !w.includes('/'))) return;
          const rel =
            Object.keys(scripts).find((p) => p.split('/').pop() === name) ??
            files.find((p) => p.split('/').pop() === name);
          if (!rel || out.has(rel)) return;
          // Run by its shebang when it is the program; `python x.py` or `sh x.sh` only reads it.
          const direct = k === program;
          const text = scripts[rel] ?? null;
          // A data file an argument names (app.py run by python, a .json config) matters only when read.
          if (text === null && !direct) return;
          out.set(rel, { path: rel, text, direct });
          if (text !== null && depth < 3)
            visit(
              splitCommands(text).map((s) => s.cmd),
              depth + 1,
            );
        });
      }
    }
  };
  visit(startCommand(stage).commands, 0);
  return [...out.values()];
}

/**
 * Build tools by program name: compilers, build drivers, language toolchains. `pip`, `npm`,
 * `gem`… count only with an installing subcommand (they also run apps' own tasks).
 */
const BUILD_TOOL =
  /^(make|gmake|cmake|ctest|ninja|meson|scons|bazel|gcc|g\+\+|cc|c\+\+|clang|clang\+\+|cpp|ld|as|autoconf|autoreconf|automake|aclocal|libtool|libtoolize|pkg-config|pkgconf|configure|go|cargo|rustc|javac|mvn|mvnw|gradle|gradlew|node-gyp|tsc)$/;
const INSTALLS =
  /^(pip[\d.]*|python[\d.]*\s+-m\s+pip|npm|yarn|pnpm|gem|bundle)\s+(install|ci|add|rebuild|i)\b|^python[\d.]*\s+setup\.py\s+(build|install|develop|bdist)/;

/** A build tool the start runs, and where: the start command or a script it runs. */
export interface StartBuildTool {
  tool: string;
  where: string;
}

/** First build tool found in these commands, or null. */
function buildToolIn(commands: string[]): string | null {
  for (const c of commands) {
    for (const part of c.split(/\|\|?/)) {
      const words = commandWords(part.trim());
      const k = programIndex(words);
      if (k < 0) continue;
      const name = words[k]!.split('/').pop()!;
      if (BUILD_TOOL.test(name)) return name;
      const rest = words
        .slice(k)
        .join(' ')
        .replace(/^\S*\//, '');
      if (INSTALLS.test(rest)) return words.slice(k, k + 2).join(' ');
    }
  }
  return null;
}

/**
 * The build tool the final stage's start runs (`CMD make run`, an entrypoint script calling gcc
 * or `pip install`), or the script Whittle could not read to know (`tool` is then `unknown`);
 * null when the start runs none that Whittle can see.
 */
export function startBuildTool(ctx: RuleContext, stage: Stage): StartBuildTool | null {
  const start = startCommand(stage);
  // `npm start` / `npm run x` / `yarn x` run a package.json script: read it too.
  const scripts = ctx.project.packageJson?.scripts ?? {};
  const viaPackage = start.commands.flatMap((c) => {
    const m = /^(?:npm|pnpm)\s+(?:run(?:-script)?\s+)?([\w:.-]+)|^yarn\s+(?:run\s+)?([\w:.-]+)/.exec(
      c.trim(),
    );
    const name = m?.[1] ?? m?.[2];
    return name ? [scripts[`pre${name}`], scripts[name]].filter((x): x is string => !!x) : [];
  });
  const own = buildToolIn([
    ...start.commands,
    ...viaPackage.flatMap((t) => splitCommands(t).map((x) => x.cmd)),
  ]);
  if (own) return { tool: own, where: `start command \`${start.text.trim()}\`` };
  for (const s of startScripts(ctx, stage)) {
    if (s.text === null) {
      if (s.direct) return { tool: 'unknown', where: s.path };
      continue;
    }
    const tool = buildToolIn(splitCommands(s.text).map((x) => x.cmd));
    if (tool) return { tool, where: `in ${s.path}, which the start runs` };
  }
  return null;
}

/** The reason a recipe keeps the toolchain in the runtime, or null when the start runs no build tool. */
export function startBuildToolRisk(ctx: RuleContext, stage: Stage): string | null {
  const t = startBuildTool(ctx, stage);
  if (!t) return null;
  if (t.tool === 'unknown')
    return `The container starts ${t.where}, a project file Whittle was not given to read, so it cannot tell whether it runs a build tool (make, a compiler) that a leaner runtime would lack; check it and split by hand.`;
  return `The container runs ${t.tool} when it starts (${t.where}), a build tool that a leaner runtime image would not have; Whittle keeps the toolchain in the final image. Build ahead of time (RUN make) and start the result to drop it.`;
}
