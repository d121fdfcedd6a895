/**
 * Whether the app still finds its packages once pip installs into a virtualenv (`/opt/venv`)
 * instead of the image's own Python (`/usr/local`). The venv is first on PATH, so a bare
 * `python`, `gunicorn` or `#!/usr/bin/env python3` finds it; anything that names the image's
 * interpreter or its bin folder by absolute path does not:
 * - CMD/ENTRYPOINT/HEALTHCHECK naming `/usr/local/bin/python[3[.X]]`: rewritten to the venv's
 *   interpreter (the venv links the same binary, so only the packages change); `python3.X` only
 *   when X is the image's version. Any other `/usr/local/bin/<tool>` or `~/.local/bin/<tool>` (a
 *   console script pip put there, now in `/opt/venv/bin`) and the distribution's `/usr/bin/python*`
 *   hold the split back.
 * - RUNs (other than the install), heredoc files and ENV naming `/usr/local/bin/python` or
 *   `/usr/bin/python` (a shebang the Dockerfile writes, a check it runs), or running a
 *   `/usr/local/bin/<tool>` after the install: held back.
 * - A later `ENV PATH` that drops `$PATH` or puts a system bin folder before it: held back.
 * - Project scripts the start runs (found by name in `ProjectContext.scripts`, and the scripts
 *   they name in turn): a `#!/usr/local/bin/python` or `#!/usr/bin/python3` shebang on one that
 *   runs directly, such paths in its text, `/usr/local/bin/<tool>` from pip, or a PATH reset
 *   (`export PATH=…` without `$PATH`, `env -i`, `su -`, `sudo`, `runuser -l`): held back. One the
 *   start runs directly whose text Whittle was not given is unknown, so held back too.
 */
import type { Instruction, Stage } from '../../dockerfile/model';
import { commandWords } from '../../dockerfile/shell';
import { isPipInstall, segmentsOf } from '../commands';
import type { RuleContext } from '../rule';
import { startScripts } from '../start-scripts';

const SYSTEM_PY = /(^|[^\w./-])(\/usr\/bin\/python[\d.]*)(?![\w.-])/;
const LOCAL_PY = /(^|[^\w./-])\/usr\/local\/bin\/(python(?:3(?:\.\d+)?)?)(?![\w.-])/g;
const LOCAL_BIN =
  /(^|[^\w./-])(\/usr\/local\/bin\/|(?:~|\$HOME|\/root|\/home\/[\w-]+)\/\.local\/bin\/)([\w.+-]+)/g;
/** Commands that start a fresh environment, with the system's PATH. */
const PATH_RESET =
  /(^|[\s;&|(])(env\s+(-\S*\s+)*-i\b|su\s+(-\S*\s+)*(-|-l|--login)(\s|$)|sudo\s|runuser\s+(-\S*\s+)*(-l|--login)\b)/m;
/** `PATH=…` / `export PATH=…` / `ENV PATH …` that does not keep `$PATH`. */
const pathDropsVenv = (value: string): string | null => {
  if (!/\$\{?PATH\b/.test(value)) return 'sets PATH without `$PATH`';
  const before = value.slice(0, value.search(/\$\{?PATH\b/));
  const dir = before
    .replace(/["']/g, '')
    .split(':')
    .find((d) => /^\/(usr\/(local\/)?)?s?bin\/?$/.test(d.trim()));
  return dir ? `puts ${dir} before \`$PATH\`` : null;
};

/** Names a COPY/ADD of the stage delivers into /usr/local/bin (an entrypoint script, a binary). */
function deliveredBins(stage: Stage): Set<string> {
  const out = new Set<string>();
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const words = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
    const dest = words[words.length - 1] ?? '';
    if (!dest.startsWith('/usr/local/bin')) continue;
    if (/^\/usr\/local\/bin\/?$/.test(dest) || dest.endsWith('/'))
      for (const s of words.slice(0, -1)) out.add(s.replace(/\/+$/, '').split('/').pop()!);
    else out.add(dest.split('/').pop()!);
  }
  return out;
}

export interface VenvInterpreter {
  /** Runtime replacement text for CMD/ENTRYPOINT/HEALTHCHECK lines that name `/usr/local/bin/python`. */
  runtimeText: Map<number, string>;
}

/**
 * Checks the stage (and the project scripts its start runs) for everything that would bypass the
 * venv; returns the rewrites of the start lines, or the first reason to hold back.
 * `pythonVersion` is the image's (`3.9`, `3.9.6`), null when unknown.
 */
export function venvInterpreter(
  ctx: RuleContext,
  stage: Stage,
  pipIdx: number[],
  venv: string,
  pythonVersion: string | null,
): VenvInterpreter | { risk: string } {
  const minor = /^(\d+\.\d+)/.exec(pythonVersion ?? '')?.[1] ?? null;
  const delivered = deliveredBins(stage);
  const runtimeText = new Map<number, string>();
  const line = (ins: Instruction) => `Line ${ins.startLine + 1}`;
  const firstPip = Math.min(...pipIdx);
  for (const [i, ins] of stage.instructions.entries()) {
    const kw = ins.keyword;
    if (kw === 'CMD' || kw === 'ENTRYPOINT' || kw === 'HEALTHCHECK') {
      const sys = SYSTEM_PY.exec(ins.args);
      if (sys)
        return {
          risk: `${line(ins)} (${kw}) runs ${sys[2]}, the distribution's Python, not the image's that pip installs into; run \`python\` (or ${venv}/bin/python after splitting) instead.`,
        };
      for (const m of ins.args.matchAll(LOCAL_BIN)) {
        const name = m[3]!;
        if (m[2] === '/usr/local/bin/' && /^python(3(\.\d+)?)?$/.test(name)) {
          const v = /^python3\.(\d+)$/.exec(name);
          if (v && (!minor || minor !== `3.${v[1]}`))
            return {
              risk: `${line(ins)} (${kw}) runs /usr/local/bin/${name}, and Whittle cannot tell that it is the Python the venv is made from${minor ? ` (${minor})` : ''}; run \`python\` instead.`,
            };
          continue;
        }
        if (m[2] === '/usr/local/bin/' && delivered.has(name)) continue;
        return {
          risk: `${line(ins)} (${kw}) runs ${m[2]}${name}, which pip installs into the venv (${venv}/bin) once the install moves to a builder; use the bare command name \`${name}\` (the venv is first on PATH).`,
        };
      }
      const rewritten = ins.raw.replace(
        LOCAL_PY,
        (_m, pre: string, name: string) => `${pre}${venv}/bin/${name}`,
      );
      if (rewritten !== ins.raw) runtimeText.set(i, rewritten);
      continue;
    }
    if (pipIdx.includes(i)) continue;
    if (kw === 'ENV' && i > firstPip) {
      const m = /(?:^|\s)PATH(?:=|\s+)("[^"]*"|'[^']*'|\S+)/.exec(ins.args);
      const why = m ? pathDropsVenv(m[1]!) : null;
      if (why)
        return {
          risk: `${line(ins)} ${why}, so \`python\` would no longer find the venv (${venv}/bin) first; keep the venv first on PATH by hand.`,
        };
    }
    const texts = [ins.args, ...ins.heredocs.map((h) => h.body)].join('\n');
    const py = SYSTEM_PY.exec(texts)?.[2] ?? /\/usr\/local\/bin\/python[\d.]*(?![\w.-])/.exec(texts)?.[0];
    if (py && kw !== 'FROM')
      return {
        risk: `${line(ins)} (${kw}) names ${py}${/#!/.test(texts) ? ' (a shebang it writes)' : ''}, an interpreter without the venv's packages once the install moves to a venv; use \`#!/usr/bin/env python3\` or \`python\`.`,
      };
    if (kw === 'RUN' && i > firstPip) {
      for (const s of segmentsOf(ins)) {
        if (isPipInstall(s.cmd)) continue;
        const w = commandWords(s.cmd)[0] ?? '';
        const local = /^(\/usr\/local\/bin\/|(?:~|\$HOME|\/root)\/\.local\/bin\/)([\w.+-]+)$/.exec(w);
        if (local && !delivered.has(local[2]!))
          return {
            risk: `${line(ins)} runs ${w}, which pip installs into the venv (${venv}/bin) once the install moves to a builder; use the bare command name.`,
          };
      }
    }
  }
  const scripts = startScripts(ctx, stage);
  for (const s of scripts) {
    if (s.text === null)
      return {
        risk: `The container starts ${s.path}, a project file Whittle was not given to read; if it names /usr/local/bin/python (or a tool pip installs) it would miss the venv, so split by hand or run it with \`python\`.`,
      };
    const lines = s.text.split(/\r?\n/);
    const bang = lines[0]!.startsWith('#!') ? lines[0]! : '';
    const shebangPy = /^#!\s*(\/usr\/(local\/)?bin\/python[\d.]*)(\s|$)/.exec(bang);
    if (shebangPy && s.direct)
      return {
        risk: `${s.path} starts with \`#!${shebangPy[1]}\`, the image's Python without the venv's packages once the install moves to a venv; change it to \`#!/usr/bin/env python3\`.`,
      };
    const body = lines.slice(bang ? 1 : 0).join('\n');
    const py = SYSTEM_PY.exec(body)?.[2] ?? /\/usr\/local\/bin\/python[\d.]*(?![\w.-])/.exec(body)?.[0];
    if (py)
      return {
        risk: `${s.path} runs ${py}, an interpreter without the venv's packages once the install moves to a venv; run \`python\` instead.`,
      };
    for (const m of body.matchAll(LOCAL_BIN)) {
      if (m[2] === '/usr/local/bin/' && delivered.has(m[3]!)) continue;
      return {
        risk: `${s.path} names ${m[2]}${m[3]}, which pip installs into the venv (${venv}/bin) once the install moves to a builder; use the bare command name.`,
      };
    }
    const reset = PATH_RESET.exec(body)?.[2]?.trim();
    const assign = [...body.matchAll(/(?:^|[\s;&|])(?:export\s+)?PATH=("[^"]*"|'[^']*'|\S*)/g)]
      .map((m) => pathDropsVenv(m[1]!))
      .find(Boolean);
    if (reset || assign)
      return {
        risk: `${s.path} ${reset ? `runs \`${reset}\`, which starts with the system's PATH` : assign}, so \`python\` there would not find the venv (${venv}/bin); split by hand.`,
      };
  }
  return { runtimeText };
}
