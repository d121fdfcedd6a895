/**
 * Ruby: `bundle install` (and `gem install`) run in a builder on the original image, which
 * has the compilers native extensions need (or, on a slim original, the build packages the
 * Dockerfile installs); the runtime copies only the gem folder and installs the shared
 * libraries the gems' native code links (libpq5 for pg, libmariadb3 for mysql2…).
 *
 * Facts from docker-library/ruby (every variant): `GEM_HOME=/usr/local/bundle`,
 * `BUNDLE_APP_CONFIG=$GEM_HOME` (so `bundle config --local` lands in the copied folder) and
 * `PATH=$GEM_HOME/bin:$PATH` (gem executables travel with it). Global `bundle config` writes
 * `~/.bundle/config`, so such commands run in the runtime too.
 */
import type { Stage } from '../../dockerfile/model';
import { renderLine, renderRun } from '../../dockerfile/printer';
import { splitCommands, type ShellSegment } from '../../dockerfile/shell';
import { isLean } from '../../catalog/base-images';
import {
  GEM_LIBS,
  GEM_UNKNOWN,
  NOKOGIRI_SYSTEM_LIBS,
  debianReleaseOf,
  pkgOn,
  releaseIndependent,
} from '../../catalog/native-libs';
import { readGems } from '../../project/gemfile';
import { aptPackages, isAptInstall, isBundleInstall, isGemInstall, segmentsOf } from '../commands';
import type { RuleContext } from '../rule';
import { copyDest, resolvePath, workdirAt } from '../stage-facts';
import { isAptOnlyRun, splitAptRun } from './apt-runtime';
import { defaultShared, type SplitPlan } from './split';

/** Package names an apt RUN's text (continuations allowed) installs. */
export const aptInstallsOf = (text: string | null): string[] =>
  text
    ? splitCommands(text.replace(/\\\r?\n\s*/g, ' ').replace(/^\s*RUN\s+/i, ''))
        .filter((s) => isAptInstall(s.cmd))
        .flatMap((s) => aptPackages(s.cmd))
        .map((p) => p.replace(/[=:].*$/, ''))
    : [];

/** The official image's GEM_HOME (docker-library/ruby). */
const GEM_HOME = '/usr/local/bundle';

const isBundleConfig = (c: string): boolean => /^bundle\s+config\b/.test(c);
/** Segments that may share the install's RUN: they only install gems, configure bundler or clean up. */
const isGemSeg = (c: string): boolean =>
  isBundleInstall(c) ||
  isGemInstall(c) ||
  isBundleConfig(c) ||
  /^(bundle\s+(clean|lock|binstubs)|gem\s+(update|cleanup|sources)|rm\s+-[rf]+\s)/.test(c);

/**
 * The runtime's copy of a `bundle config` command, written to the app config (BUNDLE_APP_CONFIG,
 * readable by every user) instead of root's ~/.bundle/config: same settings for root, and a user
 * the image runs as later (WH050) sees them too.
 */
const toLocal = (cmd: string): string =>
  cmd.replace(
    /^bundle\s+config\s+(set\s+)?(--(global|local)\s+)?/,
    (_m, set?: string) => `bundle config ${set ?? ''}--local `,
  );

/** Gems land in the app folder (`vendor/bundle`) instead of GEM_HOME: the folder the runtime copies would miss them. */
const LOCAL_PATH =
  /(--deployment|--path[= ]|--standalone|bundle\s+config\s+(set\s+)?(--local\s+|--global\s+)?(path|deployment)\b)/;

/** ENV values of the stage before instruction `idx` (later ENVs win). */
function envBefore(stage: Stage, idx: number): Map<string, string> {
  const env = new Map<string, string>();
  stage.instructions.slice(0, idx).forEach((ins) => {
    if (ins.keyword !== 'ENV') return;
    const pairs = /^\s*[\w.-]+\s*=/.test(ins.args)
      ? [...ins.args.matchAll(/([\w.-]+)=("[^"]*"|'[^']*'|\S*)/g)].map((m) => [m[1]!, m[2]!])
      : [[ins.args.trim().split(/\s+/)[0]!, ins.args.trim().split(/\s+/).slice(1).join(' ')]];
    for (const [k, v] of pairs) env.set(k!, v!.replace(/^["']|["']$/g, ''));
  });
  return env;
}

/** The runtime packages the locked gems' native code needs, or the reason Whittle cannot tell. */
function gemLibraries(ctx: RuleContext, stage: Stage): string[] | { risk: string } {
  const m = ctx.project.manifests ?? {};
  const facts = readGems(m['Gemfile'], m['Gemfile.lock']);
  if (!facts)
    return {
      risk: 'Whittle was not given the Gemfile or Gemfile.lock, so it cannot tell which system libraries the gems link; split by hand.',
    };
  if (facts.localPath)
    return {
      risk: 'A gem comes from a local path (gemspec or `path:`); its native code would be built inside the app folder of the builder only. Split by hand.',
    };
  const unknown = [...facts.gems.keys()].filter((g) => GEM_UNKNOWN.has(g));
  if (unknown.length)
    return {
      risk: `Whittle does not know which runtime library the native gem ${unknown.join(', ')} links; split by hand and install that library in the runtime stage.`,
    };
  const pkgs = [...facts.gems.entries()].flatMap(([g, platform]) =>
    g === 'nokogiri' && !platform ? NOKOGIRI_SYSTEM_LIBS : (GEM_LIBS[g] ?? []),
  );
  const release = debianReleaseOf(stage.image, ctx.project);
  const varying = pkgs.filter((p) => !releaseIndependent(p));
  if (varying.length && !release) {
    const gem = [...facts.gems.keys()].find((g) => GEM_LIBS[g]?.some((p) => !releaseIndependent(p)));
    return {
      risk: `The runtime library of ${gem} has a different package name on each Debian release, and Whittle cannot tell which release ${stage.image.raw} is built on; pin a tag with the release (e.g. -bookworm).`,
    };
  }
  return [...new Set(pkgs.map((p) => pkgOn(p, release ?? 'bookworm')))];
}

const aptRun = (ctx: RuleContext, pkgs: string[]): string =>
  renderRun(ctx.style, [
    { cmd: 'apt-get update', sep: '&&' },
    { cmd: `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`, sep: '&&' },
    { cmd: 'rm -rf /var/lib/apt/lists/*', sep: '' },
  ] as ShellSegment[]);

/** Plans the split, or returns the reason it would not be safe. */
export function planRuby(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const list = stage.instructions;
  const build = new Set<number>();
  const shared = new Set<number>();
  const runtimeText = new Map<number, string | null>();
  const runtimeApt: string[] = [];
  let buildPackages = false;
  for (const [i, ins] of list.entries()) {
    const segs = segmentsOf(ins);
    if (!segs.length) continue;
    if (segs.some((s) => isBundleInstall(s.cmd) || isGemInstall(s.cmd))) {
      if (!segs.every((s) => isGemSeg(s.cmd)))
        return {
          risk: `Line ${ins.startLine + 1} mixes the gem install with other commands; put \`bundle install\` in a RUN of its own so it can move to a builder.`,
        };
      build.add(i);
      const config = segs.filter((s) => isBundleConfig(s.cmd));
      if (config.length)
        runtimeText.set(
          i,
          renderRun(
            ctx.style,
            config.map((s, k) => ({ ...s, cmd: toLocal(s.cmd), sep: k < config.length - 1 ? '&&' : '' })),
          ),
        );
    } else if (segs.every((s) => isBundleConfig(s.cmd))) {
      shared.add(i);
      if (segs.some((s) => toLocal(s.cmd) !== s.cmd))
        runtimeText.set(
          i,
          renderRun(
            ctx.style,
            segs.map((s) => ({ ...s, cmd: toLocal(s.cmd) })),
            ins.flags,
          ),
        );
    } else if (isAptOnlyRun(ins)) {
      const apt = splitAptRun(ctx, ins);
      if (apt.kind === 'risk') return { risk: apt.risk };
      if (apt.kind === 'split') {
        buildPackages = true;
        build.add(i);
        runtimeText.set(i, apt.runtimeText);
      }
      // What the runtime's apt RUN will have (the split's runtime text, or the RUN as it is).
      for (const p of aptInstallsOf(apt.kind === 'split' ? apt.runtimeText : ins.args)) runtimeApt.push(p);
    }
  }
  const installs = [...build].filter((i) => segmentsOf(list[i]!).some((s) => isBundleInstall(s.cmd)));
  if (!installs.length) return null;
  // On a slim base with no compiler or headers installed, bundler built nothing a split would drop.
  if (isLean(stage.image) && !buildPackages) return null;
  const first = installs[0]!;
  const lastBuild = Math.max(...build);
  for (const [i, ins] of list.entries()) {
    if (!build.has(i) && !shared.has(i)) continue;
    if (LOCAL_PATH.test(ins.args))
      return {
        risk: `Line ${ins.startLine + 1} installs the gems into the app folder (path/deployment), not GEM_HOME; split by hand and copy that folder.`,
      };
  }
  // Where the gems go: GEM_HOME, or an absolute BUNDLE_PATH; BUNDLE_APP_CONFIG holds `--local` settings.
  const env = envBefore(stage, lastBuild);
  if (['1', 'true'].includes(env.get('BUNDLE_DEPLOYMENT') ?? '') && !env.get('BUNDLE_PATH'))
    return {
      risk: 'BUNDLE_DEPLOYMENT installs the gems into the app folder (vendor/bundle); split by hand and copy that folder.',
    };
  const dirs = ['GEM_HOME', 'BUNDLE_PATH', 'BUNDLE_APP_CONFIG'].map((k) =>
    k === 'BUNDLE_PATH' ? env.get(k) : (env.get(k) ?? GEM_HOME),
  );
  const relative = dirs.find((d) => d !== undefined && (!d.startsWith('/') || d.includes('$')));
  if (relative !== undefined)
    return {
      risk: `The gem folder \`${relative}\` is relative or uses a variable; Whittle cannot tell what to copy. Split by hand.`,
    };
  const libs = gemLibraries(ctx, stage);
  if ('risk' in libs) return libs;
  const missing = libs.filter((p) => !runtimeApt.includes(p));

  for (const i of shared) if (i > lastBuild) shared.delete(i);
  for (const i of defaultShared(stage, lastBuild, build)) shared.add(i);
  // Copies that only fed the install are not needed at run time when a later `COPY .` brings the sources.
  const runtimeDrop = new Set<number>();
  const later = list.findIndex(
    (ins, i) =>
      i > lastBuild &&
      ins.keyword === 'COPY' &&
      /(^|\s)\.\/?\s/.test(`${ins.args} `) &&
      !ins.flags.some((f) => f.name === 'from'),
  );
  if (later >= 0) {
    const root = copyDest(stage, later, list[later]!);
    for (const i of shared) {
      const ins = list[i]!;
      if (ins.keyword === 'COPY' && i < lastBuild && copyDest(stage, i, ins).startsWith(root))
        runtimeDrop.add(i);
    }
  }
  const copies = [...new Set(dirs.filter((d): d is string => !!d))]
    .filter((d, _, all) => !all.some((o) => o !== d && d.startsWith(`${o}/`)))
    .map((d) => resolvePath(workdirAt(stage, first), d))
    .map((d) => renderLine(ctx.style, 'COPY', `--from={builder} ${d} ${d}`));
  return {
    build,
    shared,
    builderPrelude: [],
    builderEpilogue: [],
    runtimeImage: null,
    artifacts: [...(missing.length ? [aptRun(ctx, missing)] : []), ...copies],
    artifactsAt: first,
    runtimeDrop,
    runtimeText,
    explanation: `Installs the gems in a builder stage that keeps the compilers; the runtime stage copies only the gem folder${missing.length ? ` and installs the libraries their native code links (${missing.join(', ')})` : ''}.`,
  };
}
