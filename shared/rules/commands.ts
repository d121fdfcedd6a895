/** Recognisers for package-manager and toolchain commands inside RUN instructions. */
import type { Instruction } from '../dockerfile/model';
import { commandWords, runs, splitCommands, type ShellSegment } from '../dockerfile/shell';

/** A POSIX shell (the default `/bin/sh`, bash, dash…): `&&` and `;` mean what Whittle assumes. */
const POSIX_SHELL = /(^|[/\\])(ba|da|a|k|z|mk)?sh(\.exe)?$/i;
/** Compound shell syntax (`case … ;; esac`, `if … fi`, loops, functions) that splitting on `;` would break. */
const COMPOUND = /(^|[;&|(\s])(case|if|for|while|until|select|function)\s|;;|(^|\s)\{\s/;

/**
 * Shell-form RUN without heredoc or mounts, run by a POSIX shell, a simple list of commands,
 * with no comment line inside its continuation (it would be lost): the only kind Whittle rewrites.
 */
export const isPlainRun = (ins: Instruction): boolean =>
  ins.keyword === 'RUN' &&
  !ins.json &&
  !ins.heredoc &&
  ins.flags.length === 0 &&
  (ins.shell === null || POSIX_SHELL.test(ins.shell)) &&
  !COMPOUND.test(ins.args) &&
  (ins.startLine === ins.endLine || !/\n\s*#/.test(ins.raw));

/** True when the RUN mounts a BuildKit cache at a target matching `target`: that cache never reaches the layer. */
export const hasCacheMount = (ins: Instruction, target: RegExp): boolean =>
  ins.flags.some(
    (f) => f.name === 'mount' && /(^|,)type=cache(,|$)/.test(f.value ?? '') && target.test(f.value ?? ''),
  );

const segmentCache = new WeakMap<Instruction, ShellSegment[]>();

/** A RUN's shell segments (JSON and heredoc RUNs give none). Split once per instruction; callers get a copy to change freely. */
export function segmentsOf(ins: Instruction): ShellSegment[] {
  if (ins.keyword !== 'RUN' || ins.json || ins.heredoc) return [];
  let segs = segmentCache.get(ins);
  if (!segs) segmentCache.set(ins, (segs = splitCommands(ins.args)));
  return segs.map((s) => ({ ...s }));
}

const APT = /^apt(-get)?$/;
export const isAptUpdate = (cmd: string): boolean => runs(cmd, APT, /^update$/);
export const isAptInstall = (cmd: string): boolean => runs(cmd, APT, /^install$/);
export const cleansAptLists = (cmd: string): boolean =>
  /rm\s+-[a-zA-Z]*r[a-zA-Z]*f?\s+[^&;]*\/var\/lib\/apt\/lists/.test(cmd) ||
  /rm\s+-[a-zA-Z]*f[a-zA-Z]*r\s+[^&;]*\/var\/lib\/apt\/lists/.test(cmd);

/** Package names of an `apt-get install` segment (flags and version pins removed). */
export function aptPackages(cmd: string): string[] {
  const w = commandWords(cmd);
  const i = w.indexOf('install');
  return i < 0 ? [] : w.slice(i + 1).filter((x) => !x.startsWith('-') && !x.includes('$'));
}

export const isPipInstall = (cmd: string): boolean =>
  /(^|\s|\/)(pip3?(\.\d+)?|python3?(\.\d+)?\s+-m\s+pip)\s+install\b/.test(cmd) &&
  !/\bpip3?\s+install\s+(-U\s+|--upgrade\s+)+pip\s*$/.test(cmd);

export const isNpmInstall = (cmd: string): boolean => runs(cmd, /^npm$/, /^(install|i|ci|add)$/);
export const isNpmCi = (cmd: string): boolean => runs(cmd, /^npm$/, /^ci$/);
/** `npm install` with no package arguments: the project's own dependencies. */
export const isNpmProjectInstall = (cmd: string): boolean => {
  if (!runs(cmd, /^npm$/, /^(install|i)$/)) return false;
  const w = commandWords(cmd);
  const i = w.findIndex((x) => x === 'install' || x === 'i');
  return w.slice(i + 1).every((x) => x.startsWith('-')) && !w.includes('-g') && !w.includes('--global');
};
export const isYarnInstall = (cmd: string): boolean =>
  runs(cmd, /^yarn$/) && /^yarn(\s+install)?(\s+--[\w-]+)*\s*$/.test(commandWords(cmd).join(' '));
export const isNodeBuild = (cmd: string): boolean =>
  runs(cmd, /^(npm|yarn|pnpm)$/, /^(run|build)$/) && /\b(build|compile|tsc)\b/.test(cmd);
export const isApkAdd = (cmd: string): boolean => runs(cmd, /^apk$/, /^add$/);
export const isYumInstall = (cmd: string): boolean => runs(cmd, /^(yum|dnf|microdnf)$/, /^install$/);
export const isGemInstall = (cmd: string): boolean => runs(cmd, /^gem$/, /^install$/);
export const isBundleInstall = (cmd: string): boolean =>
  runs(cmd, /^bundle$/, /^install$/) || /^bundle\s*$/.test(cmd);
export const isGoBuild = (cmd: string): boolean => runs(cmd, /^go$/, /^(build|install)$/);
/** `cargo build`/`cargo install`/`cargo fetch`/`cargo rustc`: compiles or downloads crates. */
export const isCargoStep = (cmd: string): boolean =>
  runs(cmd, /^cargo$/, /^(build|b|install|fetch|rustc|auditable)$/);
export const isJavaBuild = (cmd: string): boolean =>
  runs(cmd, /^(javac|jar|mvn|\.\/mvnw|gradle|\.\/gradlew)$/);

/** Any step that installs dependencies or compiles: what a builder stage is for. */
export const isBuildStep = (cmd: string): boolean =>
  isPipInstall(cmd) ||
  isNpmInstall(cmd) ||
  isYarnInstall(cmd) ||
  isNodeBuild(cmd) ||
  isBundleInstall(cmd) ||
  isGoBuild(cmd) ||
  isCargoStep(cmd) ||
  isJavaBuild(cmd) ||
  runs(cmd, /^(make|gcc|cc|g\+\+|cmake)$/);

/** Where `go build -o X` writes, or null. */
export function goOutput(cmd: string): string | null {
  const w = commandWords(cmd);
  const i = w.indexOf('-o');
  return i >= 0 ? (w[i + 1] ?? null) : null;
}

/** The jar a `java -jar X` command line runs, or null. */
export function jarOf(args: string[]): string | null {
  const i = args.indexOf('-jar');
  return i >= 0 && args[0] && /(^|\/)java$/.test(args[0]) ? (args[i + 1] ?? null) : null;
}
