/**
 * Python run as root at build time in the final stage writes bytecode (`__pycache__/*.pyc`) for
 * every module it imports — the standard library's included — into that layer. The official
 * `python` images delete their .pyc files to stay small, so a `RUN python manage.py migrate`
 * puts megabytes of them back.
 */
import { finalStage, type DockerfileModel, type Instruction } from '../dockerfile/model';
import { commandWords, type ShellSegment } from '../dockerfile/shell';
import { isPlainRun, segmentsOf } from './commands';
import { replaceAt } from './rewrite';
import { at, type Rule, type RuleContext } from './rule';
import { isRootUser } from './stage-facts';

const PYTHON = /^(\S*\/)?(python[\d.]*|pip[\d.]*)$/;
const SETTING = 'PYTHONDONTWRITEBYTECODE';

/** The command starts the interpreter (or pip) itself, not through sudo/env, and lets it write bytecode. */
function writesBytecode(cmd: string): boolean {
  // `setup.py install` skips byte-compiling what it installs when the setting is on.
  if (/^\s*(sudo|env)\b/.test(cmd) || cmd.includes(SETTING) || /\bsetup\.py\b/.test(cmd)) return false;
  const words = commandWords(cmd);
  return PYTHON.test(words[0] ?? '') && words[1] !== '-B';
}

const found = new WeakMap<DockerfileModel, Set<Instruction>>();

/** Final-stage RUNs that start Python as root while nothing in the stage turns bytecode writing off (once per model). */
function offenders(ctx: RuleContext): Set<Instruction> {
  let out = found.get(ctx.model);
  if (out) return out;
  found.set(ctx.model, (out = new Set()));
  const stage = finalStage(ctx.model);
  if (stage.instructions.some((i) => i.keyword === 'ENV' && i.args.includes(SETTING))) return out;
  // Windows images run RUN with cmd or PowerShell, where `VAR=1 cmd` means nothing.
  if (/windows|nanoserver|servercore/i.test(stage.image.raw)) return out;
  let user = '';
  for (const ins of stage.instructions) {
    if (ins.keyword === 'USER') user = ins.args.trim();
    else if (ins.keyword === 'RUN' && isRootUser(user) && segmentsOf(ins).some((s) => writesBytecode(s.cmd)))
      out.add(ins);
  }
  return out;
}

export const pythonBytecode: Rule = {
  meta: {
    id: 'WH034',
    name: 'python-bytecode-in-layer',
    title: 'Build-time Python writes bytecode into the layer',
    why: "When a RUN starts Python as root, the interpreter caches bytecode (`__pycache__/*.pyc`) for every module it imports — the standard library's too — and that cache is stored in the layer. The official python images delete their .pyc files to stay small; a migration or collectstatic step puts megabytes of them back. `PYTHONDONTWRITEBYTECODE=1` on the command stops it for that step only (pip still compiles the packages it installs); the image's runtime environment is unchanged.",
    severity: 'info',
    category: 'layer-hygiene',
    fixable: true,
  },
  check(ctx) {
    return [...offenders(ctx)].map((i) =>
      at(i, 'Python runs as root here and stores the bytecode of what it imports in this layer', {
        estimatedBytes: 2_000_000,
      }),
    );
  },
  runFix: {
    transform(segs: ShellSegment[], ins: Instruction, ctx: RuleContext): ShellSegment[] | null {
      if (!isPlainRun(ins) || !offenders(ctx).has(ins)) return null;
      let out = segs;
      segs.forEach((s, i) => {
        if (writesBytecode(s.cmd)) out = replaceAt(out, i, `${SETTING}=1 ${s.cmd.trimStart()}`);
      });
      return out === segs ? null : out;
    },
    explanation: 'Python no longer stores bytecode of what it imports in the layer during this build step.',
  },
};
