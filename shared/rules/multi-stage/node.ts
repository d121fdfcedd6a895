/**
 * Node: install (with devDependencies) and build in a builder on the original image, prune
 * devDependencies there with the project's package manager (npm, Yarn classic or Berry, pnpm:
 * node-pm.ts), and copy the app folder into the runtime. The whole folder, because Whittle may
 * not read package.json to learn where the build writes. The runtime is distroless Node when the
 * container starts node itself and needs no shell (node-runtime.ts), else the original image,
 * which WH001 slims.
 */
import type { PackageJsonFacts } from '../../api/contract';
import type { Instruction, Stage } from '../../dockerfile/model';
import { renderLine } from '../../dockerfile/printer';
import { commandWords, splitCommands } from '../../dockerfile/shell';
import {
  aptPackages,
  isApkAdd,
  isAptInstall,
  isNodeBuild,
  isNpmInstall,
  isPnpmInstall,
  isYarnInstall,
  isYumInstall,
  segmentsOf,
} from '../commands';
import { isBuildOnlyPackage } from '../../catalog/base-images';
import type { RuleContext } from '../rule';
import { workdirAt } from '../stage-facts';
import { isAptOnlyRun, splitAptRun } from './apt-runtime';
import { distrolessNode } from './node-runtime';
import { packageManagerOf, pruneCommand } from './node-pm';
import { berryPackagesOutsideApp } from './yarn-pnp';
import { defaultShared, type SplitPlan } from './split';

/** A CMD that runs a dev server needs the devDependencies at run time. */
const DEV_AT_RUNTIME =
  /\b(nodemon|ts-node|tsx|vite|next\s+dev|npm\s+run\s+dev|yarn\s+dev|webpack-dev-server|ng\s+serve)\b/;

/** Commands whose name differs from the package that provides them. */
const BIN_OF: Record<string, string[]> = {
  typescript: ['tsc', 'tsserver'],
  '@nestjs/cli': ['nest'],
  '@angular/cli': ['ng'],
  '@babel/node': ['babel-node'],
  '@swc-node/register': [],
};

/**
 * The commands a package probably provides: its name, without a `-cli` suffix
 * (sequelize-cli → sequelize), and for a scoped package both the scope and the last part
 * (@babel/cli → babel, @vue/cli → vue). A wrong guess only keeps devDependencies.
 */
function binGuesses(pkg: string): string[] {
  const m = /^@([^/]+)\/(.+)$/.exec(pkg);
  const names = m ? [m[1]!, m[2]!] : [pkg];
  return [...new Set(names.flatMap((n) => [n, n.replace(/-cli$/, '')]))];
}

/** Commands that are the runtime itself, never a devDependency's tool. */
const RUNTIMES = new Set(['node', 'npm', 'npx', 'yarn', 'pnpm', 'sh', 'bash', 'env']);

/** The shell text a CMD or ENTRYPOINT runs: shell form as written, exec form's `sh -c` script, or its words. */
function commandText(ins: Instruction): string {
  const a = ins.jsonArgs;
  if (!a) return ins.args;
  const c = a.findIndex((w) => w === '-c' || /^-\w*c$/.test(w));
  return /(^|\/)(ba|da|a)?sh$/.test(a[0] ?? '') && c > 0 && a[c + 1] !== undefined ? a[c + 1]! : a.join(' ');
}

/** The script an `npm start` / `npm run x` / `yarn x` / `pnpm x` invocation names, if any. */
function scriptNamed(words: string[]): string | null {
  const i = words.findIndex((w) => /^(npm|yarn|pnpm)$/.test(w.replace(/^.*\//, '')));
  if (i < 0) return null;
  const [a, b] = [words[i + 1], words[i + 2]];
  if (a === 'start' || a === 'test') return a;
  if ((a === 'run' || a === 'run-script') && b) return b;
  return words[i]!.endsWith('npm') || !a || a.startsWith('-') ? null : a;
}

/**
 * What the container really runs: the CMD/ENTRYPOINT text plus, through package.json, the text of
 * the scripts it starts (with their pre-scripts and the scripts those run in turn).
 */
function runtimeCommands(list: Instruction[], pkg: PackageJsonFacts | undefined): string[] {
  const parts = list.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').map(commandText);
  if (!pkg) return parts;
  const seen = new Set<string>();
  // Every script a command names: `npm run migrate && npm start` runs both.
  const named = (text: string) =>
    splitCommands(text)
      .map((seg) => scriptNamed(commandWords(seg.cmd)))
      .filter((n): n is string => !!n);
  const queue = parts.flatMap(named);
  while (queue.length && seen.size < 20) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const text of [pkg.scripts[`pre${name}`], pkg.scripts[name]]) {
      if (!text) continue;
      parts.push(text);
      queue.push(...named(text));
    }
  }
  return parts;
}

/** A command in `commands` that a devDependency provides (the package's name, or its known binaries). */
function devTool(commands: string[], pkg: PackageJsonFacts | undefined): string | null {
  if (!pkg?.devDependencies.length) return null;
  const bins = new Set(
    pkg.devDependencies
      .filter((d) => !d.startsWith('@types/')) // `@types/node` must not make `node` a dev tool
      .flatMap((d) => BIN_OF[d] ?? binGuesses(d))
      .filter((b) => !RUNTIMES.has(b)),
  );
  for (const seg of commands.flatMap((c) => splitCommands(c))) {
    for (const part of seg.cmd.split('|')) {
      const words = commandWords(part);
      const cmd = (words[0] === 'npx' ? words.find((w, k) => k > 0 && !w.startsWith('-')) : words[0]) ?? '';
      const name = cmd.replace(/^.*\/node_modules\/\.bin\//, '');
      if (bins.has(name)) return name;
    }
  }
  return null;
}

/**
 * The dev tool the container runs at start (`ts-node`, `nodemon`, a devDependency's binary that
 * `npm start` reaches through package.json), or null: then devDependencies must stay in the image.
 */
export function devToolAtRuntime(stage: Stage, pkg: PackageJsonFacts | undefined): string | null {
  const cmds = runtimeCommands(stage.instructions, pkg);
  return devTool(cmds, pkg) ?? DEV_AT_RUNTIME.exec(cmds.join(' '))?.[1] ?? null;
}

/**
 * The commands a RUN makes available when setting up tools is all it does (`npm install -g pnpm
 * pm2`, `corepack enable`, `corepack prepare pnpm@9 --activate`), or null when it does more.
 */
function toolSetup(ins: Instruction): string[] | null {
  const segs = segmentsOf(ins);
  if (ins.keyword !== 'RUN' || !segs.length) return null;
  const bins: string[] = [];
  for (const s of segs) {
    const w = commandWords(s.cmd);
    if (/^(npm|yarn) cache clean\b|^rm -r?f /.test(s.cmd)) continue; // WH025's clean-up
    if (w[0] === 'corepack') bins.push('yarn', 'yarnpkg', 'pnpm', 'pnpx');
    else if (
      w[0] === 'npm' &&
      /^(install|i|add)$/.test(w[1] ?? '') &&
      (w.includes('-g') || w.includes('--global'))
    )
      for (const p of w.slice(2).filter((x) => !x.startsWith('-'))) {
        const name = p.replace(/(.)@.*$/, '$1');
        bins.push(...(BIN_OF[name] ?? binGuesses(name)));
      }
    else return null;
  }
  return bins.length ? bins : null;
}

/** True when one of `bins` is a command in the start's text (`pm2` also covers `pm2-runtime`). */
const usedBy = (bins: string[], commands: string[]): boolean =>
  bins.some((b) =>
    new RegExp(`(^|[\\s/"'=;&|(])${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-[\\w-]+)?($|[\\s"';&|)])`).test(
      commands.join('\n'),
    ),
  );

/** The RUN installs OS packages (apt, apk, yum/dnf), in any shell form Whittle can read. */
const installsPackages = (ins: Instruction): boolean =>
  segmentsOf(ins).some((s) => isAptInstall(s.cmd) || isApkAdd(s.cmd) || isYumInstall(s.cmd)) ||
  /\b(apt-get|apt|yum|dnf|microdnf)\s+(-\S+\s+)*install\b|\bapk\s+(-\S+\s+)*add\b/.test(ins.args);

export function planNode(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const list = stage.instructions;
  const build = new Set<number>();
  const runtimeText = new Map<number, string | null>();
  /** apt-only RUNs with nothing build-only: system packages the runtime needs as much as the builder. */
  const systemSetup = new Set<number>();
  /** Global tools (npm -g, corepack) the start runs: both stages keep them. */
  const startTools = new Set<number>();
  const startCmds = runtimeCommands(list, ctx.project.packageJson);
  const outside = berryPackagesOutsideApp(ctx, stage);
  if (outside) return { risk: outside };
  for (const [i, ins] of list.entries()) {
    const segs = segmentsOf(ins);
    const tools = toolSetup(ins);
    if (tools) {
      if (usedBy(tools, startCmds)) startTools.add(i);
      else build.add(i);
      continue;
    }
    if (isAptOnlyRun(ins)) {
      const apt = splitAptRun(ctx, ins);
      if (apt.kind === 'risk') return { risk: apt.risk };
      if (apt.kind === 'split') {
        build.add(i);
        runtimeText.set(i, apt.runtimeText);
      } else systemSetup.add(i);
      continue;
    }
    const pkgs = segs.flatMap((s) => (isAptInstall(s.cmd) ? aptPackages(s.cmd) : []));
    const builds = segs.some(
      (s) => isNpmInstall(s.cmd) || isYarnInstall(s.cmd) || isPnpmInstall(s.cmd) || isNodeBuild(s.cmd),
    );
    if (!builds && !pkgs.some(isBuildOnlyPackage)) continue;
    // apt mixed with other commands: the RUN moves whole, so it must install nothing the runtime needs.
    const keep = pkgs.filter((p) => !isBuildOnlyPackage(p));
    if (keep.length)
      return {
        risk: `Line ${ins.startLine + 1} installs runtime packages (${keep.join(', ')}) in the same RUN as other commands; put the apt install in a RUN of its own so the runtime can keep them.`,
      };
    build.add(i);
  }
  if (!build.size) return null;
  const lastBuild = Math.max(...build);
  const wd = workdirAt(stage, lastBuild);
  if (wd === '/')
    return {
      risk: 'The app is built in / (no WORKDIR), so Whittle cannot tell which folder to carry over; add a WORKDIR.',
    };
  const runtimeCmds = runtimeCommands(list, ctx.project.packageJson);
  const tool = devTool(runtimeCmds, ctx.project.packageJson);
  const devAtRuntime = DEV_AT_RUNTIME.test(runtimeCmds.join(' ')) || tool !== null;
  const pm = packageManagerOf(ctx, stage);
  const major = /^(\d+)(?:$|[.-])/.exec(stage.image.tag ?? '')?.[1];
  const pruned = devAtRuntime ? null : pruneCommand(ctx, pm, major ? Number(major) : null);
  const shared = defaultShared(stage, lastBuild, build);
  // Before the first project file arrives, a RUN can only set up the system (repositories,
  // packages, folders): the runtime keeps it like the builder. After it, a RUN prepares the
  // sources (builder only) — unless it installs system packages, which the runtime needs too.
  const firstCopy = list.findIndex(
    (ins) => (ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.some((f) => f.name === 'from'),
  );
  const runtimeDrop = new Set<number>();
  let dropped: Instruction | null = null;
  for (const [i, ins] of list.entries()) {
    if (i >= lastBuild) break;
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') runtimeDrop.add(i);
    if (ins.keyword !== 'RUN' || build.has(i)) continue;
    if (/\b(useradd|adduser|groupadd|addgroup)\b/.test(ins.args)) continue; // the runtime's user
    if (startTools.has(i)) {
      shared.add(i);
      continue;
    }
    if (firstCopy < 0 || i < firstCopy) {
      shared.add(i);
      continue;
    }
    if (installsPackages(ins)) {
      if (systemSetup.has(i) && !dropped) {
        shared.add(i);
        continue;
      }
      return {
        risk: `Line ${ins.startLine + 1} installs system packages after the project files arrive${dropped ? ` and after line ${dropped.startLine + 1}, which only the builder would run` : ''}; the runtime needs them too. Move the install above the first COPY, in a RUN of its own.`,
      };
    }
    shared.add(i);
    runtimeDrop.add(i);
    dropped ??= ins;
  }
  const distroless = distrolessNode(
    ctx,
    stage,
    (i) => !build.has(i) && !runtimeDrop.has(i) && !runtimeText.has(i),
    (i) => !!runtimeText.get(i),
    pm.pm,
  );
  const onDistroless = 'image' in distroless;
  if (onDistroless) for (const [i, text] of distroless.runtimeText) runtimeText.set(i, text);
  const chown = onDistroless
    ? 'nonroot:nonroot'
    : list
        .find((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'chown'))
        ?.flags.find((f) => f.name === 'chown')?.value;
  const copy = renderLine(
    ctx.style,
    'COPY',
    `--from={builder} ${chown ? `--chown=${chown} ` : ''}${wd} ${wd}`,
  );
  const prune = pruned && 'command' in pruned && !prunesAfterInstall(list, build) ? pruned.command : null;
  const caches = cacheDirs(wd);
  const epilogue = [
    ...(prune ? [renderLine(ctx.style, 'RUN', prune)] : []),
    ...(caches.length ? [renderLine(ctx.style, 'RUN', `rm -rf ${caches.join(' ')}`)] : []),
  ];
  const deps = devAtRuntime
    ? `devDependencies stay because the CMD runs a dev tool${tool ? ` (${tool}, a devDependency in package.json)` : ''}.`
    : prune
      ? `\`${prune}\` leaves only the production dependencies.`
      : pruned && 'command' in pruned
        ? 'The build already prunes the devDependencies after its install.'
        : `devDependencies stay: ${(pruned as { held: string }).held}`;
  const runtime = onDistroless
    ? `The runtime is ${distroless.image} (node and glibc only: no shell, npm, yarn or corepack); its ENTRYPOINT is node, so the CMD names the script, and node's folder goes on PATH for checks and HEALTHCHECKs that run \`node\`. The app folder belongs to nonroot, as distroless has no shell to hand the folder alone to a user.`
    : `The runtime keeps a Node image with a shell (${distroless.reason}).`;
  return {
    build,
    shared,
    builderPrelude: [],
    builderEpilogue: epilogue,
    runtimeImage: onDistroless ? distroless.image : null,
    runtimePrelude: onDistroless ? distroless.prelude : [],
    artifacts: [copy],
    artifactsAt: lastBuild + 1 < list.length ? lastBuild + 1 : list.length,
    runtimeDrop,
    runtimeText,
    explanation: `Installs and builds in a builder stage and copies only the app folder (sources, build output, node_modules) into the runtime. ${deps} ${runtime}`,
  };
}

/**
 * Package-manager caches inside the app folder, which the runtime copies whole: the folder is a
 * home directory (`/root`, `/home/<user>`), where npm, Yarn and pnpm keep them.
 */
function cacheDirs(wd: string): string[] {
  if (wd !== '/root' && !/^\/home\/[^/$]+$/.test(wd)) return [];
  return ['.npm', '.cache/yarn', '.yarn/berry/cache', '.local/share/pnpm/store'].map((d) => `${wd}/${d}`);
}

/** A prune of the devDependencies (npm, pnpm, Yarn's production focus). */
const PRUNE =
  /^(npm\s+prune\b.*--(omit[= ]dev|production)|pnpm\s+prune\b.*--prod|yarn\s+workspaces\s+focus\b.*--production)/;

/** True when the build instructions prune the devDependencies after their last install (no second prune needed). */
function prunesAfterInstall(list: Instruction[], build: Set<number>): boolean {
  const cmds = [...build]
    .sort((a, b) => a - b)
    .flatMap((i) => segmentsOf(list[i]!).map((s) => commandWords(s.cmd).join(' ')));
  const last = (test: (c: string) => boolean) => cmds.reduce((at, c, i) => (test(c) ? i : at), -1);
  return last((c) => PRUNE.test(c)) > last((c) => isNpmInstall(c) || isYarnInstall(c) || isPnpmInstall(c));
}
