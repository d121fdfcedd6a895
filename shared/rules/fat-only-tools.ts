/**
 * Programs the full (buildpack-deps based) official images ship and their `-slim` variants do
 * not, and where a stage runs one: every RUN (pipelines, `||`, `if … then`, `$(…)`, `sh -c '…'`,
 * absolute paths such as `/usr/bin/curl`, wrappers such as `timeout 5` or `xargs`), the
 * HEALTHCHECK (shell and exec form), the ENTRYPOINT/CMD and the project scripts they run.
 *
 * Source: docker-library/buildpack-deps (`curl`, `scm` and full variants: curl, wget, gnupg,
 * git, mercurial, openssh-client, subversion, procps, file, imagemagick, make, patch, unzip,
 * xz-utils, bzip2, the -dev packages' `*-config` scripts) against docker-library/python's
 * `slim` Dockerfiles (ca-certificates, netbase, tzdata and Python's own libraries only); checked
 * with `command -v` on the python:3.9 / python:3.9-slim stand-ins.
 */
import type { Stage } from '../dockerfile/model';
import { commandWords, splitCommands } from '../dockerfile/shell';
import { aptPackages, isAptInstall, segmentsOf } from './commands';
import type { RuleContext } from './rule';
import { startCommand } from './start-command';
import { startScripts } from './start-scripts';

/** Program → the Debian packages that provide it (installing one of them in the stage makes it safe). */
const TOOLS: Record<string, string[]> = {
  gcc: ['gcc', 'build-essential'],
  'g++': ['g++', 'build-essential'],
  cc: ['gcc', 'build-essential', 'clang'],
  make: ['make', 'build-essential'],
  git: ['git'],
  curl: ['curl'],
  wget: ['wget'],
  ssh: ['openssh-client', 'ssh'],
  scp: ['openssh-client', 'ssh'],
  sftp: ['openssh-client', 'ssh'],
  'ssh-keygen': ['openssh-client', 'ssh'],
  'ssh-keyscan': ['openssh-client', 'ssh'],
  unzip: ['unzip'],
  bzip2: ['bzip2'],
  bunzip2: ['bzip2'],
  xz: ['xz-utils'],
  unxz: ['xz-utils'],
  xzcat: ['xz-utils'],
  patch: ['patch'],
  svn: ['subversion'],
  hg: ['mercurial'],
  'pkg-config': ['pkg-config', 'pkgconf'],
  ps: ['procps'],
  pgrep: ['procps'],
  pkill: ['procps'],
  top: ['procps'],
  free: ['procps'],
  watch: ['procps'],
  uptime: ['procps'],
  vmstat: ['procps'],
  file: ['file'],
  gpg: ['gnupg', 'gpg', 'gnupg2'],
  less: ['less'],
  convert: ['imagemagick'],
  identify: ['imagemagick'],
  mogrify: ['imagemagick'],
  montage: ['imagemagick'],
  composite: ['imagemagick'],
  pg_config: ['libpq-dev'],
  mysql_config: ['default-libmysqlclient-dev', 'libmariadb-dev', 'libmariadb-dev-compat'],
  'xml2-config': ['libxml2-dev'],
};

/** Tools the fat images ship and the slim ones do not. */
export const FAT_ONLY_TOOLS: ReadonlySet<string> = new Set(Object.keys(TOOLS));

/** Reserved words that may lead a command (`then curl …`). */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(', 'time']);
/** Programs that run a later word as a program → their flags that take a value. */
const WRAPPERS: Record<string, Set<string>> = {
  exec: new Set(['-a']),
  nohup: new Set(),
  setsid: new Set(),
  command: new Set(),
  tini: new Set(['-s', '-p', '-e']),
  'dumb-init': new Set(),
  '--': new Set(),
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n', '-p']),
  xargs: new Set(['-I', '-n', '-P', '-L', '-d', '-a', '-s', '-E']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
};

/** Splits a command on pipes, `||` and `&` outside quotes, `$(…)` and backticks. */
function pipelineParts(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') cur += c + (cmd[++i] ?? '');
      else {
        if (c === quote) quote = null;
        cur += c;
      }
      continue;
    }
    if (c === '\\') {
      cur += c + (cmd[++i] ?? '');
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (
      depth === 0 &&
      (c === '|' || (c === '&' && cmd[i + 1] !== '&' && cmd[i - 1] !== '&' && cmd[i - 1] !== '>'))
    ) {
      out.push(cur);
      cur = '';
      if (cmd[i + 1] === '|') i++;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter(Boolean);
}

/** The program each simple command of a shell text runs, with `sh -c` scripts and `$(…)` read too. */
export function programsIn(text: string, depth = 0): string[] {
  const out: string[] = [];
  if (depth > 3) return out;
  for (const m of text.matchAll(/\$\(([^()]*)\)|`([^`]*)`/g))
    out.push(...programsIn(m[1] ?? m[2] ?? '', depth + 1));
  for (const seg of splitCommands(text)) {
    for (const part of pipelineParts(seg.cmd)) {
      const w = commandWords(part.replace(/^[({]\s*/, ''));
      let k = 0;
      while (k < w.length) {
        const x = w[k]!;
        const name = x.split('/').pop()!;
        const valued = WRAPPERS[name];
        if (RESERVED.has(x) || /^[A-Za-z_]\w*=/.test(x)) k++;
        else if (valued) {
          k++;
          while (k < w.length && w[k]!.startsWith('-') && w[k] !== '--') k += valued.has(w[k]!) ? 2 : 1;
          if (w[k] === '--') k++;
          if (name === 'timeout' && /^\d/.test(w[k] ?? '')) k++;
        } else if (name === 'gosu' || name === 'su-exec') k += 2;
        else break;
      }
      const prog = w[k];
      if (!prog) continue;
      const name = prog.split('/').pop()!;
      out.push(name);
      if (/^(ba|da|a|z)?sh$/.test(name)) {
        const script = shellScriptArg(w, k + 1);
        if (script !== undefined) out.push(...programsIn(script, depth + 1));
      }
    }
  }
  return out;
}

/**
 * The script of `sh -c SCRIPT` from the words after the shell's name: options may be grouped
 * (`-ec`, `-lc`, `-xec`), long (`--login`), take a value (`-o pipefail`) or end with `--`.
 * undefined when no option carries `c`.
 */
export function shellScriptArg(w: string[], from: number): string | undefined {
  let j = from;
  let hasC = false;
  while (j < w.length && /^[-+]./.test(w[j]!)) {
    const o = w[j]!;
    j++;
    if (o === '--') break;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(o)) hasC = true;
    if (/^[-+][oO]$/.test(o)) j++;
  }
  return hasC ? w[j] : undefined;
}

/** The shell text of a HEALTHCHECK: its command (exec form joined), or '' for `NONE`. */
function healthcheckText(args: string, jsonArgs: string[] | null): string {
  if (jsonArgs) {
    const [first, ...rest] = jsonArgs;
    if (first === 'CMD-SHELL') return rest.join(' ');
    return jsonArgs.map((a) => (/[\s"'|&;]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
  }
  const m = /^(?:--\S+\s+)*CMD\s+([\s\S]*)$/i.exec(args.trim());
  return m ? m[1]! : '';
}

/**
 * Why moving this stage to a slim image would take away a program it runs, or null: names the
 * program and where (a RUN's line, the HEALTHCHECK, the start command, a project script).
 */
export function fatOnlyToolRisk(stage: Stage, ctx?: RuleContext): string | null {
  const installed = new Set(
    stage.instructions.flatMap((i) =>
      segmentsOf(i)
        .filter((s) => isAptInstall(s.cmd))
        .flatMap((s) => aptPackages(s.cmd).map((p) => p.replace(/[=:].*$/, ''))),
    ),
  );
  const missing = (prog: string) => TOOLS[prog] !== undefined && !TOOLS[prog]!.some((p) => installed.has(p));
  for (const ins of stage.instructions) {
    let text: string | null = null;
    let where = '';
    if (ins.keyword === 'RUN') {
      text = ins.json
        ? (ins.jsonArgs ?? []).join(' ')
        : segmentsOf(ins)
            .map((s) => s.cmd)
            .join('\n');
      where = `Line ${ins.startLine + 1} runs`;
    } else if (ins.keyword === 'HEALTHCHECK') {
      text = healthcheckText(ins.args, ins.jsonArgs);
      where = 'The HEALTHCHECK runs';
    }
    const tool = text === null ? undefined : programsIn(text).find(missing);
    if (tool) return `${where} \`${tool}\`, which the slim image does not have; install it explicitly first.`;
  }
  const start = startCommand(stage);
  const own = start.commands.flatMap((c) => programsIn(c)).find(missing);
  if (own) return `The start command runs \`${own}\`, which the slim image does not have.`;
  for (const s of ctx ? startScripts(ctx, stage) : []) {
    // Shell scripts only: a Python file's `file = open(…)` is no command.
    const shell =
      s.text !== null &&
      (/^#!\S*\b(ba|da|a|z)?sh\b|^#!\S*env\s+(ba|da|a|z)?sh\b/.test(s.text) || /\.(ba)?sh$/.test(s.path));
    const tool = shell ? programsIn(s.text!).find(missing) : undefined;
    if (tool)
      return `${s.path}, which the start runs, calls \`${tool}\`, which the slim image does not have.`;
  }
  return null;
}
