/**
 * Python: dependencies are installed into a virtualenv in a builder stage on the original
 * (full) image, which has the compilers C extensions need; the runtime copies only the venv.
 * The venv is made without pip and filled by the image's own pip (`PIP_PYTHON`, pip ≥ 22.3),
 * so it carries only the dependencies — not pip and setuptools (~25 MB).
 * A venv (not `pip install --user`) because it works for every user, at build time (RUNs
 * before USER) and at run time alike.
 */
import type { Stage } from '../../dockerfile/model';
import { renderLine, renderRun } from '../../dockerfile/printer';
import { commandWords } from '../../dockerfile/shell';
import { isPipInstall, segmentsOf } from '../commands';
import type { RuleContext } from '../rule';
import { copyDest } from '../stage-facts';
import { isAptOnlyRun, splitAptRun } from './apt-runtime';
import { defaultShared, type SplitPlan } from './split';

const VENV = '/opt/venv';

/** Python installers other than pip: their environments live elsewhere. */
const OTHER_INSTALLERS = /^(poetry|pipenv|uv|pdm|conda|mamba|micromamba|hatch)$/;
const isPipSeg = (c: string) =>
  isPipInstall(c) ||
  /^(pip3?|python3?(\.\d+)?\s+-m\s+pip)\s+(install\s+(-U|--upgrade)\s+pip|--version)/.test(c);

/** Plans the split, or returns the reason it would not be safe. */
export function planPython(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const list = stage.instructions;
  const build = new Set<number>();
  const runtimeText = new Map<number, string | null>();
  for (const [i, ins] of list.entries()) {
    const segs = segmentsOf(ins);
    if (!segs.length) continue;
    const manager = segs.map((s) => commandWords(s.cmd)[0]).find((w) => w && OTHER_INSTALLERS.test(w));
    if (manager)
      return {
        risk: `Line ${ins.startLine + 1} installs with ${manager}, which Whittle's builder recipe (pip into a venv) does not cover; split by hand.`,
      };
    if (segs.some((s) => isPipInstall(s.cmd))) {
      if (!segs.every((s) => isPipSeg(s.cmd))) {
        return {
          risk: `Line ${ins.startLine + 1} mixes pip with other commands; split it so the install can move to a builder.`,
        };
      }
      build.add(i);
    } else if (isAptOnlyRun(ins)) {
      const apt = splitAptRun(ctx, ins);
      if (apt.kind === 'risk') return { risk: apt.risk };
      if (apt.kind === 'split') {
        build.add(i);
        runtimeText.set(i, apt.runtimeText);
      }
    }
  }
  const pipIdx = [...build].filter((i) => segmentsOf(list[i]!).some((s) => isPipInstall(s.cmd)));
  if (!pipIdx.length) return null;
  for (const ins of list) {
    if (
      (ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') &&
      /\/usr\/local\/bin\/|\.local\/bin/.test(ins.args)
    ) {
      return {
        risk: `${ins.keyword} names an install path (/usr/local/bin or ~/.local/bin) that moves with a venv; use the bare command name.`,
      };
    }
  }
  const lastBuild = Math.max(...build);
  const shared = defaultShared(stage, lastBuild, build);
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
  const builderText = new Map<number, string>();
  for (const i of pipIdx) {
    const ins = list[i]!;
    // `python -m pip` would run the venv's python, which has no pip: use the image's pip.
    const segs = segmentsOf(ins).map((s) => ({
      ...s,
      cmd: s.cmd.replace(/\s--user\b/g, '').replace(/^python3?(\.\d+)?\s+-m\s+pip\b/, 'pip'),
    }));
    // Its flags (a secret mount for a private index, a cache mount) stay with it.
    builderText.set(i, renderRun(ctx.style, segs, ins.flags));
  }
  const envPath = renderLine(ctx.style, 'ENV', `PATH="${VENV}/bin:$PATH"`);
  return {
    build,
    shared,
    builderPrelude: [],
    builderEpilogue: [],
    builderText: new Map(
      [...builderText].map(([i, t]) => [
        i,
        i === pipIdx[0]
          ? [
              renderLine(ctx.style, 'RUN', `python3 -m venv --without-pip ${VENV}`),
              renderLine(ctx.style, 'ENV', `PIP_PYTHON=${VENV}/bin/python`),
              envPath,
              t,
            ].join(ctx.style.eol)
          : t,
      ]),
    ),
    runtimeImage: null,
    artifacts: [renderLine(ctx.style, 'COPY', `--from={builder} ${VENV} ${VENV}`), envPath],
    artifactsAt: pipIdx[0]!,
    runtimeDrop,
    runtimeText,
    explanation: `Installs the Python dependencies into a virtualenv (${VENV}) in a builder stage that keeps the compilers; the runtime stage copies only the venv.`,
  };
}
