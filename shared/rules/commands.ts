/** Recognisers for package-manager and toolchain commands inside RUN instructions. */
import type { HeredocBody, Instruction } from '../dockerfile/model';
import type { Style } from '../dockerfile/printer';
import { commandWords, joinCommands, runs, splitCommands, type ShellSegment } from '../dockerfile/shell';

/** A POSIX shell (the default `/bin/sh`, bash, dash…): `&&` and `;` mean what Whittle assumes. */
const POSIX_SHELL = /(^|[/\\])(ba|da|a|k|z|mk)?sh(\.exe)?$/i;
/** Compound shell syntax (`case … ;; esac`, `if … fi`, loops, functions) that splitting on `;` would break. */
const COMPOUND = /(^|[;&|(\s])(case|if|for|while|until|select|function)\s|;;|(^|\s)\{\s/;

/** A list that ends in an operator (`a && # b`: its last command sits in a comment); sh rejects it. */
const DANGLING = /(&&|\|)\s*$/;

/** A comment that reads as a directive once it stands on its own line above an instruction. */
const DIRECTIVE_LIKE = /\b(whittle|hadolint)\s+(ignore|global)\b|^#\s*\w+\s*=/i;

/**
 * Shell-form RUN without heredoc or mounts, run by a POSIX shell, a simple list of commands on one
 * logical line, with no comment line inside its continuation (it would be lost): the only kind
 * Whittle rewrites. A trailing comment (`… # pinned`) is allowed: rewrites move it to its own line
 * above the RUN (see `withComments`), unless it would read as a directive there.
 */
export const isPlainRun = (ins: Instruction): boolean =>
  ins.keyword === 'RUN' &&
  !ins.json &&
  !ins.heredoc &&
  ins.flags.length === 0 &&
  (ins.shell === null || POSIX_SHELL.test(ins.shell)) &&
  !COMPOUND.test(ins.args) &&
  !ins.args.includes('\n') &&
  !DANGLING.test(ins.args) &&
  !(ins.comment && DIRECTIVE_LIKE.test(ins.comment)) &&
  (ins.startLine === ins.endLine || !/\n\s*#/.test(ins.raw));

/** Why a RUN's commands are not rewritten automatically (see isPlainRun), or null when they are. */
export function rewriteBlocker(ins: Instruction): string | null {
  if (ins.keyword !== 'RUN' || isPlainRun(ins)) return null;
  if (ins.heredoc)
    return 'The command is in a heredoc script; Whittle reports what it finds there but does not rewrite scripts. Make the change in the script by hand.';
  if (ins.json) return 'The RUN is in JSON (exec) form; make the change by hand.';
  if (ins.flags.length)
    return 'The RUN carries flags (a mount); Whittle leaves it as written. Make the change by hand.';
  if (ins.shell !== null && !POSIX_SHELL.test(ins.shell))
    return `The RUN runs in ${ins.shell}, not a POSIX shell; make the change by hand.`;
  if (/\n\s*#/.test(ins.raw) && ins.startLine !== ins.endLine)
    return "A comment line sits inside the RUN's continuation; Whittle does not rewrite it so the comment is not lost. Make the change by hand.";
  if (DANGLING.test(ins.args))
    return `The command ends in \`${/(&&|\|\|?)\s*$/.exec(ins.args)![1]}\` with nothing after it (what follows sits in a comment), so the shell rejects it; fix the RUN by hand.`;
  if (ins.comment && DIRECTIVE_LIKE.test(ins.comment))
    return 'Its trailing comment would read as a directive if moved above the RUN; make the change by hand.';
  return 'The RUN uses compound shell syntax (if, case, loops, functions); make the change by hand.';
}

/**
 * The lines of a rewritten RUN: each replaced RUN's trailing comment on its own line above it
 * (a comment never swallows a command, and the note stays next to its step), then `text`.
 */
export const withComments = (style: Style, replaced: Instruction[], text: string): string =>
  [...replaced.flatMap((i) => (i.comment ? [i.comment] : [])), text].join(style.eol);

/** True when the RUN mounts a BuildKit cache at a target matching `target`: that cache never reaches the layer. */
export const hasCacheMount = (ins: Instruction, target: RegExp): boolean =>
  ins.flags.some(
    (f) => f.name === 'mount' && /(^|,)type=cache(,|$)/.test(f.value ?? '') && target.test(f.value ?? ''),
  );

const segmentCache = new WeakMap<Instruction, ShellSegment[]>();

/**
 * A RUN's shell segments as the shell runs them, for analysis: comments left out; for a heredoc
 * RUN, the instruction line's commands (the `<<EOF` words removed) and then the lines of every
 * heredoc that a shell runs as a script (see `shellHeredocs`). JSON RUNs give none. Split once per
 * instruction; callers get a copy to change freely. Only a plain RUN's segments (isPlainRun) may
 * be rendered back into a RUN.
 */
export function segmentsOf(ins: Instruction): ShellSegment[] {
  if (ins.keyword !== 'RUN' || ins.json) return [];
  let segs = segmentCache.get(ins);
  if (!segs) {
    segs = ins.heredoc
      ? [
          ...splitCommands(withoutHeredocWords(ins)),
          ...shellHeredocs(ins).flatMap((h) => splitCommands(h.body)),
        ]
          .filter((s) => s.cmd !== '')
          .map((s, i, all) => (i < all.length - 1 && !s.sep ? { ...s, sep: ';' as const } : s))
      : splitCommands(ins.args);
    segmentCache.set(ins, segs);
  }
  return segs.map((s) => ({ ...s }));
}

/**
 * The shell text a RUN runs, comments left out, for rules that search it with patterns: the
 * command itself, or for a heredoc RUN its line and its shell scripts' commands joined with `;`.
 */
export const runText = (ins: Instruction): string => (ins.heredoc ? joinCommands(segmentsOf(ins)) : ins.args);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The heredoc operator of `h` on the instruction line (`<<EOF`, `<<-'EOF'`). */
const heredocWord = (h: HeredocBody): RegExp =>
  new RegExp(`<<-?\\s*(["']?)${escapeRe(h.name)}\\1(?=\\s|$|[;&|)>])`);

/** A heredoc RUN's instruction line without its `<<EOF` words. */
function withoutHeredocWords(ins: Instruction): string {
  let line = ins.args;
  for (const h of ins.heredocs) line = line.replace(heredocWord(h), ' ');
  return line;
}

/** `#!/bin/sh`, `#!/usr/bin/env bash`… or no shebang: a shell runs it. */
const SHEBANG = /^#!\s*(\S*\/)?(env\s+)?(\S+)/;

/**
 * The heredocs of a RUN that a POSIX shell runs as a script: the body of `RUN <<EOF` alone on its
 * line (BuildKit runs it with the stage's shell, or its `#!` interpreter), or the input of a shell
 * (`RUN bash <<EOF`, `RUN <<EOF sh -e`). Not the input of another program (`RUN <<EOF python3`,
 * `RUN cat <<EOF > /etc/x`): that is data or another language.
 */
export function shellHeredocs(ins: Instruction): HeredocBody[] {
  if (ins.keyword !== 'RUN' || !ins.heredoc) return [];
  const alone = ins.heredocs.length === 1 && withoutHeredocWords(ins).trim() === '';
  if (alone) {
    const h = ins.heredocs[0]!;
    const bang = SHEBANG.exec(h.body);
    const shell = bang ? bang[3]! : (ins.shell ?? '/bin/sh');
    return POSIX_SHELL.test(shell) ? [h] : [];
  }
  return ins.heredocs.filter((h) => {
    const seg = splitCommands(ins.args).find((s) => heredocWord(h).test(s.cmd));
    if (!seg) return false;
    const words = commandWords(seg.cmd.replace(heredocWord(h), ' ')).filter((w) => !/^\d*[<>]/.test(w));
    return (
      words.length > 0 &&
      POSIX_SHELL.test(words[0]!) &&
      words.slice(1).every((w) => /^-[a-z]+$/i.test(w) && !w.includes('c'))
    );
  });
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

/** Package names of an `apk add` segment (flags, `--virtual NAME` and version pins removed). */
export function apkPackages(cmd: string): string[] {
  const w = commandWords(cmd);
  const i = w.indexOf('add');
  if (i < 0) return [];
  const out: string[] = [];
  for (let k = i + 1; k < w.length; k++) {
    const x = w[k]!;
    if (x === '--virtual' || x === '-t' || x === '--repository' || x === '-X') k++;
    else if (!x.startsWith('-') && !x.includes('$')) out.push(x.replace(/[=<>~].*$/, ''));
  }
  return out;
}

/** Package names of a `yum`/`dnf`/`microdnf install` segment (flags removed). */
export function yumPackages(cmd: string): string[] {
  const w = commandWords(cmd);
  const i = w.indexOf('install');
  return i < 0 ? [] : w.slice(i + 1).filter((x) => !x.startsWith('-') && !x.includes('$'));
}

/** OS packages a segment installs with apt, apk or yum/dnf ([] for anything else). */
export function osPackages(cmd: string): string[] {
  if (isAptInstall(cmd)) return aptPackages(cmd);
  if (isApkAdd(cmd)) return apkPackages(cmd);
  if (isYumInstall(cmd)) return yumPackages(cmd);
  return [];
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
/** `pnpm install`/`pnpm i` (flags only): the project's own dependencies. */
export const isPnpmInstall = (cmd: string): boolean =>
  runs(cmd, /^pnpm$/, /^(install|i)$/) &&
  /^pnpm\s+(install|i)(\s+--?[\w-]+(=\S+)?)*\s*$/.test(commandWords(cmd).join(' '));
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
  isPnpmInstall(cmd) ||
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
