/** What a stage runs when its container starts: the ENTRYPOINT and CMD, read as shell commands. */
import type { Stage } from '../dockerfile/model';
import { commandWords, splitCommands } from '../dockerfile/shell';

/** Words that only wrap the real program (`exec nginx`, `tini -- app`, `dumb-init app`). */
const WRAPPERS = new Set(['exec', 'tini', 'dumb-init', '--', 'nohup', 'setsid', 'time']);

export interface StartCommand {
  /** Every shell command the start runs (`sh -c "a && b"` gives `a` and `b`), ENTRYPOINT before CMD. */
  commands: string[];
  /** Base names of the programs those commands run (`/usr/sbin/nginx` → `nginx`), wrappers skipped. */
  programs: string[];
  /** All of it as one text, for pattern checks. */
  text: string;
}

const base = (p: string): string => p.replace(/^.*\//, '');

/** One instruction's command lines: exec form `["sh","-c","…"]` gives the inner script. */
function linesOf(args: string[] | null, shellForm: string): string[] {
  if (!args) return [shellForm];
  const shell = args[0] && /(^|\/)(ba|da|a)?sh$/.test(args[0]) && args[1] === '-c';
  if (shell) return [args.slice(2).join(' ')];
  return [args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')];
}

/**
 * The last ENTRYPOINT and the last CMD of the stage (Docker uses only those). Shell form is split
 * on `&&`, `;`, `||`; each command's program is its first word after `VAR=` assignments and the
 * wrappers above. A stage with neither gives empty lists (the base image's own CMD runs).
 */
export function startCommand(stage: Stage): StartCommand {
  const last = (kw: string) => stage.instructions.filter((i) => i.keyword === kw).pop();
  const lines = [last('ENTRYPOINT'), last('CMD')]
    .filter((i) => i !== undefined)
    .flatMap((i) => linesOf(i.json ? i.jsonArgs : null, i.args));
  const commands = lines.flatMap((l) => splitCommands(l).map((s) => s.cmd));
  const programs: string[] = [];
  for (const c of commands) {
    for (const part of c.split(/\|/)) {
      const w = commandWords(part.trim()).filter((x) => !WRAPPERS.has(x) && !/^-/.test(x));
      if (w[0]) programs.push(base(w[0]));
    }
  }
  return { commands, programs, text: lines.join(' ') };
}
