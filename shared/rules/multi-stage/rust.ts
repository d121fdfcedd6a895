/**
 * Rust: `cargo build --release` runs in a builder on the original `rust` image; the runtime is
 * `debian:<release>-slim` of the same Debian release (a gnu binary needs the glibc it was
 * linked against, so never an older release) with the binaries copied to the same paths, and
 * the shared libraries the crates' `-sys` dependencies link (libssl3 for openssl-sys…).
 * Binary names come from Cargo.toml (`[[bin]]`, `[package] name` with src/main.rs, src/bin/*);
 * crate names from Cargo.lock. What Whittle cannot know (workspace members, release, an
 * unknown `-sys` crate) holds the split back with the reason.
 */
import {
  CRATES_NEEDING_CA,
  CRATE_LIBS,
  CRATE_SYS_NO_RUNTIME,
  debianReleaseOf,
  pkgOn,
  type DebianRelease,
} from '../../catalog/native-libs';
import type { Stage } from '../../dockerfile/model';
import { renderLine, renderRun } from '../../dockerfile/printer';
import { commandWords, type ShellSegment } from '../../dockerfile/shell';
import { cargoLockCrates, readCargoToml } from '../../project/cargo-toml';
import { sourcesOf } from '../add-instead-of-copy';
import { FAT_ONLY_TOOLS } from '../base-image';
import { aptPackages, isCargoStep, segmentsOf } from '../commands';
import type { RuleContext } from '../rule';
import { resolvePath, workdirAt } from '../stage-facts';
import { isAptOnlyRun, splitAptRun } from './apt-runtime';
import { aptInstallsOf } from './ruby';
import { contextIsBuildInput } from './context-files';
import { defaultShared, type SplitPlan } from './split';

type Risk = { risk: string };

/** What a `cargo build`/`cargo install --path` writes, relative to the RUN's WORKDIR. */
interface CargoOutput {
  /** Folder holding the binaries (absolute). */
  dir: string;
  /** `--bin` names given on the command line (empty: cargo's default set). */
  bins: string[];
  musl: boolean;
  /** `cargo install`: binaries go to $CARGO_HOME/bin and are run through PATH. */
  install: boolean;
}

/** Files only the build reads: dropped from the runtime when a COPY brings nothing else. */
const BUILD_INPUT =
  /^(Cargo\.(toml|lock)|build\.rs|rust-toolchain(\.toml)?|\.cargo(\/.*)?|(src|benches|examples|tests|vendor)(\/.*)?|.*\.rs|README.*|LICEN[CS]E.*|Dockerfile.*|\.dockerignore|\.git.*)$/;
/** RUNs before the build that set up users and folders: the runtime needs them as much as the builder. */
const SETUP = /^(useradd|groupadd|adduser|addgroup|mkdir|chown|chmod|ln|echo|true)(\s|$)/;
/** Toolchain commands: builder only. */
const TOOLCHAIN = /^(cargo|rustup|rustc|sccache)(\s|$)/;
/** Folders an unsuffixed `cp x DEST` certainly copies into. */
const BIN_DIRS = new Set(['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin']);

/** The official rust image's CARGO_HOME (rust-lang/docker-rust). */
const CARGO_HOME = '/usr/local/cargo';

function cargoOutput(cmd: string, wd: string, env: Map<string, string>): CargoOutput | Risk {
  const w = commandWords(cmd);
  const sub = w.slice(1).find((x) => !x.startsWith('-') && !x.startsWith('+'));
  const value = (flag: string): string | undefined => {
    const i = w.findIndex((x) => x === flag || x.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    return w[i]!.includes('=') ? w[i]!.slice(flag.length + 1) : w[i + 1];
  };
  const bins = w.flatMap((x, i) =>
    x === '--bin' ? [w[i + 1] ?? ''] : x.startsWith('--bin=') ? [x.slice(6)] : [],
  );
  const target = value('--target');
  if (w.some((x) => x.includes('$')))
    return { risk: `\`${cmd}\` uses a variable; Whittle cannot tell where the binary goes.` };
  if (sub === 'install') {
    if (!value('--path') || value('--root'))
      return {
        risk: `\`${cmd}\` installs a crate from a registry or into a --root; Whittle's recipe covers \`cargo build\` and \`cargo install --path\`.`,
      };
    return { dir: `${CARGO_HOME}/bin`, bins, musl: !!target?.includes('musl'), install: true };
  }
  if (w.some((x) => /^(--workspace|--all|--examples?|-p|--package)(=|$)/.test(x)) && !bins.length)
    return {
      risk: `\`${cmd}\` builds several packages; name the binary with --bin so Whittle knows what to copy.`,
    };
  const profile = value('--profile') ?? (w.includes('--release') || w.includes('-r') ? 'release' : 'dev');
  const targetDir = resolvePath(wd, value('--target-dir') ?? env.get('CARGO_TARGET_DIR') ?? 'target');
  const dir = [targetDir, target, profile === 'dev' || profile === 'test' ? 'debug' : profile]
    .filter(Boolean)
    .join('/');
  return { dir, bins, musl: !!target?.includes('musl'), install: false };
}

/** ENV values set in the stage before instruction `idx`. */
function envBefore(stage: Stage, idx: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const ins of stage.instructions.slice(0, idx)) {
    if (ins.keyword !== 'ENV') continue;
    for (const m of ins.args.matchAll(/([\w.-]+)=("[^"]*"|'[^']*'|\S*)/g))
      env.set(m[1]!, m[2]!.replace(/^["']|["']$/g, ''));
    const legacy = /^\s*([\w.-]+)\s+([^=\s]\S*)\s*$/.exec(ins.args);
    if (legacy) env.set(legacy[1]!, legacy[2]!);
  }
  return env;
}

/** Runtime packages for the crates in Cargo.lock (or Cargo.toml without a lock), or the reason. */
function crateLibraries(ctx: RuleContext, release: DebianRelease, musl: boolean): string[] | Risk {
  const m = ctx.project.manifests ?? {};
  let crates: string[];
  if (m['Cargo.lock']) crates = cargoLockCrates(m['Cargo.lock']);
  else {
    crates = readCargoToml(m['Cargo.toml'] ?? '', ctx.project.files).dependencies;
    if (crates.length)
      return {
        risk: 'There is no Cargo.lock, so Whittle cannot see which native libraries the dependencies link; commit the lockfile or split by hand.',
      };
  }
  const unknown = crates.filter((c) => /-sys$/.test(c) && !CRATE_LIBS[c] && !CRATE_SYS_NO_RUNTIME.has(c));
  if (unknown.length)
    return {
      risk: `Whittle does not know which runtime library ${unknown.join(', ')} links; split by hand and install it in the runtime stage.`,
    };
  const vendoredSsl = crates.includes('openssl-src');
  const libs = crates.flatMap((c) =>
    (CRATE_LIBS[c] ?? []).filter((p) => !(c === 'openssl-sys' && vendoredSsl && typeof p !== 'string')),
  );
  const pkgs = [...new Set(libs.map((p) => pkgOn(p, release)))];
  if (musl && pkgs.some((p) => p !== 'ca-certificates'))
    return { risk: `A musl build that links ${pkgs.join(', ')} is not static; split by hand.` };
  if (crates.some((c) => CRATES_NEEDING_CA.has(c)) && !pkgs.includes('ca-certificates'))
    pkgs.push('ca-certificates');
  return pkgs;
}

export function planRust(ctx: RuleContext, stage: Stage): SplitPlan | Risk | null {
  const list = stage.instructions;
  const build = new Set<number>();
  const shared = new Set<number>();
  const runtimeText = new Map<number, string | null>();
  const aptInstalled = new Set<string>();
  let out: CargoOutput | null = null;
  let lastBuild = -1;
  list.forEach((ins, i) => {
    if (segmentsOf(ins).some((s) => isCargoBuild(s.cmd))) lastBuild = i;
  });
  if (lastBuild < 0) return null;
  const release = debianReleaseOf(stage.image, ctx.project);
  if (!release)
    return {
      risk: `Whittle cannot tell which Debian release ${stage.image.raw} is built on, so it cannot pick a runtime with the same glibc; use a tag naming it (e.g. rust:1.75-bookworm).`,
    };
  let dest: string | null = null;
  for (const [i, ins] of list.entries()) {
    const segs = segmentsOf(ins);
    if (ins.keyword !== 'RUN') continue;
    if (!segs.length)
      return {
        risk: `Line ${ins.startLine + 1} is a RUN Whittle cannot read (exec form or heredoc); split by hand.`,
      };
    if (i > lastBuild) {
      segs.forEach((s) =>
        s.cmd.split(/\|\|?/).forEach((p) => aptPackages(p.trim()).forEach((x) => aptInstalled.add(x))),
      );
      const tool = segs
        .map((s) => commandWords(s.cmd)[0] ?? '')
        .find((t) => TOOLCHAIN.test(t) || (FAT_ONLY_TOOLS.has(t) && !aptInstalled.has(t)));
      if (tool || /(^|[\s/])target\//.test(ins.args))
        return {
          risk: `Line ${ins.startLine + 1} runs ${tool ? `\`${tool}\`` : 'a command on target/'} after the build; the slim runtime has neither the toolchain nor the build tree.`,
        };
      continue;
    }
    const wd = workdirAt(stage, i);
    if (segs.some((s) => isCargoBuild(s.cmd))) {
      for (const s of segs) {
        const w = commandWords(s.cmd);
        if (isCargoBuild(s.cmd)) {
          const o = cargoOutput(s.cmd, wd, envBefore(stage, i));
          if ('risk' in o) return o;
          if (out) return { risk: `Line ${ins.startLine + 1} is a second cargo build; split by hand.` };
          out = o;
        } else if (/^(cp|mv|install)$/.test(w[0] ?? '') && out) {
          const args = w.slice(1).filter((x) => !x.startsWith('-'));
          const to = args[args.length - 1] ?? '';
          const abs = resolvePath(wd, to);
          const dir =
            to.endsWith('/') ||
            to === '.' ||
            BIN_DIRS.has(abs) ||
            list.some((x) => x.keyword === 'WORKDIR' && resolvePath('/', x.args.trim()) === abs);
          if (args.length !== 2)
            return { risk: `\`${s.cmd}\` copies several files; Whittle cannot tell which one runs.` };
          dest = dir ? `${abs}/{name}` : abs;
        } else if (!/^(strip|rm|mkdir|rustup|ls|true)(\s|$)/.test(s.cmd))
          return {
            risk: `Line ${ins.startLine + 1} mixes the cargo build with \`${w[0]}\`; put the build in a RUN of its own.`,
          };
      }
      build.add(i);
    } else if (isAptOnlyRun(ins)) {
      const apt = splitAptRun(ctx, ins);
      if (apt.kind === 'risk') return { risk: apt.risk };
      if (apt.kind === 'split') {
        build.add(i);
        runtimeText.set(i, apt.runtimeText);
      } else shared.add(i);
      // What the runtime's apt RUN will have (the split's runtime text, or the RUN as it is).
      for (const p of aptInstallsOf(apt.kind === 'split' ? apt.runtimeText : ins.args)) aptInstalled.add(p);
    } else if (segs.every((s) => TOOLCHAIN.test(s.cmd))) build.add(i);
    else if (segs.every((s) => SETUP.test(s.cmd))) shared.add(i);
    else
      return {
        risk: `Line ${ins.startLine + 1} runs \`${segs[0]!.cmd}\` before the build; Whittle cannot tell whether the runtime needs it. Split by hand.`,
      };
  }
  const o = out as CargoOutput | null;
  if (!o) return null;
  for (const ins of list) {
    if (!['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(ins.keyword)) continue;
    const words = ins.jsonArgs ?? commandWords(ins.args);
    const tool = words.find((x) => TOOLCHAIN.test(x) || (FAT_ONLY_TOOLS.has(x) && !aptInstalled.has(x)));
    if (tool) return { risk: `${ins.keyword} runs \`${tool}\`, which the slim runtime does not have.` };
    if (o.install && words.some((x) => x.startsWith(CARGO_HOME)))
      return {
        risk: `${ins.keyword} names ${CARGO_HOME}, which the runtime does not have; use the bare command name.`,
      };
  }
  // Which binaries: --bin names, else every binary the package builds.
  const cargo = ctx.project.manifests?.['Cargo.toml'];
  let bins = o.bins;
  if (!bins.length) {
    if (!cargo)
      return {
        risk: 'Whittle was not given Cargo.toml, so it cannot tell the binary’s name; split by hand.',
      };
    const facts = readCargoToml(cargo, ctx.project.files);
    if (facts.workspace)
      return {
        risk: 'Cargo.toml is a workspace: which member binaries to ship is not knowable from it; add --bin <name> to the build or split by hand.',
      };
    if (!facts.bins.length)
      return {
        risk: 'Cargo.toml and the project files show no binary target (src/main.rs, [[bin]]); split by hand.',
      };
    bins = facts.bins;
  }
  if (dest && bins.length > 1)
    return { risk: 'The build copies a binary elsewhere but builds several; split by hand.' };
  const libs = crateLibraries(ctx, release, o.musl);
  if ('risk' in libs) return libs;
  const missing = libs.filter((p) => !aptInstalled.has(p));
  const copies = bins.map((b) => {
    const from = dest ? dest.replace('{name}', b) : `${o.dir}/${b}`;
    const to = o.install && !dest ? `/usr/local/bin/${b}` : from;
    return renderLine(ctx.style, 'COPY', `--from={builder} ${from} ${to}`);
  });
  for (const i of defaultShared(stage, lastBuild, build)) shared.add(i);
  // COPYs of build inputs only (Cargo.toml, src/, `.` of a project that holds nothing else) stay in the builder.
  const runtimeDrop = new Set<number>();
  list.forEach((ins, i) => {
    if (
      i > lastBuild ||
      (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') ||
      ins.flags.some((f) => f.name === 'from')
    )
      return;
    const srcs = sourcesOf(ins).map((s) => s.replace(/^\.\//, '').replace(/\/$/, ''));
    const all = srcs.some((s) => s === '.' || s === '');
    if (all ? contextIsBuildInput(ctx, BUILD_INPUT) : srcs.every((s) => BUILD_INPUT.test(s)))
      runtimeDrop.add(i);
  });
  const apt = missing.length
    ? [
        renderRun(ctx.style, [
          { cmd: 'apt-get update', sep: '&&' },
          { cmd: `apt-get install -y --no-install-recommends ${missing.join(' ')}`, sep: '&&' },
          { cmd: 'rm -rf /var/lib/apt/lists/*', sep: '' },
        ] as ShellSegment[]),
      ]
    : [];
  return {
    build,
    shared,
    builderPrelude: [],
    builderEpilogue: [],
    runtimeImage: `debian:${release}-slim`,
    artifacts: [...apt, ...copies],
    artifactsAt: lastBuild + 1 < list.length ? lastBuild + 1 : list.length,
    runtimeDrop,
    runtimeText,
    explanation: `Builds with cargo in a builder stage and copies only the binar${bins.length > 1 ? 'ies' : 'y'} (${bins.join(', ')}) onto debian:${release}-slim, the same Debian release and glibc${missing.length ? `, with ${missing.join(', ')}` : ''}.`,
  };
}

/** `cargo build` or `cargo install` (what produces the binary). */
const isCargoBuild = (cmd: string): boolean =>
  isCargoStep(cmd) && /^cargo\s+(\+\S+\s+)?(build|b|install|rustc|auditable)\b/.test(cmd);
