/**
 * Python: dependencies are installed into a virtualenv in a builder stage on the original
 * (full) image, which has the compilers C extensions need; the runtime copies only the venv.
 * When every build of the base image has pip ≥ 22.3 (which reads `PIP_PYTHON`) and no setuptools
 * (python 3.12+ images since docker-library/python a8ec33a6), the venv is made without pip and
 * filled by the image's own pip, so it carries only the dependencies. Otherwise (an older pip
 * ignores `PIP_PYTHON` and would leave the venv empty; or the image has setuptools that code may
 * import as `pkg_resources`) the venv gets its own pip (and, before 3.12, setuptools) from
 * `python -m venv`, and the install runs as written with the venv first on PATH — right for any
 * pip. The base image's facts come from the resolver (shared/catalog/base-image-facts).
 * A venv (not `pip install --user`) because it works for every user, at build time (RUNs
 * before USER) and at run time alike.
 */
import { baseImageFacts, pipAtLeast } from '../../catalog/base-image-facts/resolve';
import type { Stage } from '../../dockerfile/model';
import { renderLine, renderRun } from '../../dockerfile/printer';
import { commandWords, splitCommands } from '../../dockerfile/shell';
import { aptPackages, isAptInstall, isPipInstall, segmentsOf, withComments } from '../commands';
import type { RuleContext } from '../rule';
import { copyDest } from '../stage-facts';
import { isAptOnlyRun, runtimeFacts, runtimeLibraries, splitAptRun } from './apt-runtime';
import { editableLocalTarget, pipInstallNames, SDIST_SYSTEM_LIBS } from '../../catalog/pypi-sdist-libs';
import { defaultShared, type SplitPlan } from './split';
import { venvInterpreter } from './venv-interpreter';

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
  let envRisk: { risk: string } | undefined;
  for (const [i, ins] of list.entries()) {
    const segs = segmentsOf(ins);
    if (ins.keyword === 'ENV' && /\bPIP_(USER|TARGET|PREFIX|ROOT)\b/.test(ins.args))
      envRisk ??= {
        risk: `Line ${ins.startLine + 1} sets ${/PIP_(USER|TARGET|PREFIX|ROOT)/.exec(ins.args)![0]}, which sends pip's installs outside a virtualenv; split by hand.`,
      };
    if (!segs.length) continue;
    const manager = segs.map((s) => commandWords(s.cmd)[0]).find((w) => w && OTHER_INSTALLERS.test(w));
    if (manager)
      return {
        risk: `Line ${ins.startLine + 1} installs with ${manager}, which Whittle's builder recipe (pip into a venv) does not cover; split by hand.`,
      };
    if (segs.some((s) => isPipInstall(s.cmd))) {
      if (ins.heredoc)
        return {
          risk: `Line ${ins.startLine + 1} installs with pip in a heredoc script, which Whittle does not rewrite; move the install to a RUN of its own.`,
        };
      const away = segs
        .map((s) => /\s(--target|--prefix|--root|-t)(\s|=)/.exec(` ${s.cmd} `)?.[1])
        .find(Boolean);
      if (away)
        return {
          risk: `Line ${ins.startLine + 1} installs with pip ${away}, outside any virtualenv; split by hand and copy that directory.`,
        };
      const editable = segs
        .filter((s) => isPipInstall(s.cmd))
        .map((s) => editableLocalTarget(commandWords(s.cmd), ctx.project.manifests))
        .find((t) => t !== null);
      if (editable)
        return {
          risk: `Line ${ins.startLine + 1} installs ${editable} in place (editable): the venv would point at that folder in the runtime's own copy of the sources, without what the install wrote there in the builder (egg-info, compiled extensions, generated version files); install it without -e, or split by hand.`,
        };
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
  if (envRisk) return envRisk;
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
  // The lean form needs pip ≥ 22.3 (PIP_PYTHON) in every build of the image and no setuptools to lose.
  const facts = baseImageFacts(stage.image, ctx.project.baseImages);
  const lean = pipAtLeast(facts, '22.3') === true && facts.setuptools === false;
  // Everything that would run the app on the image's Python (not the venv's) holds back or is rewritten.
  const interp = venvInterpreter(ctx, stage, pipIdx, VENV, facts.languageVersion);
  if ('risk' in interp) return interp;
  for (const [i, t] of interp.runtimeText) runtimeText.set(i, t);
  const builderText = new Map<number, string>();
  for (const i of pipIdx) {
    const ins = list[i]!;
    const segs = segmentsOf(ins).map((s) => {
      const cmd = s.cmd
        .replace(/\s--user\b/g, '')
        // An absolute path would bypass the venv's pip on PATH.
        .replace(/^\/usr\/(local\/)?bin\/(pip3?(\.\d+)?|python3?(\.\d+)?)\b/, '$2');
      // Lean form: `python -m pip` would run the venv's python, which has no pip: use the image's pip.
      return { ...s, cmd: lean ? cmd.replace(/^python3?(\.\d+)?\s+-m\s+pip\b/, 'pip') : cmd };
    });
    // Its flags (a secret mount for a private index, a cache mount) stay with it.
    builderText.set(i, withComments(ctx.style, [ins], renderRun(ctx.style, segs, ins.flags)));
  }
  // Packages the runtime stage installs before the venv arrives (the Dockerfile's own apt RUNs, split or kept).
  const runtimeApt = new Set(
    list.flatMap((ins, i) => {
      if (i >= pipIdx[0]!) return [];
      const text = runtimeText.has(i) ? runtimeText.get(i) : build.has(i) ? null : ins.args;
      return text && ins.keyword === 'RUN'
        ? splitCommands(text)
            .filter((seg) => isAptInstall(seg.cmd))
            .flatMap((seg) => aptPackages(seg.cmd))
        : [];
    }),
  );
  const linked = linkedLibraries(ctx, stage, pipIdx, facts.full, runtimeApt);
  if ('risk' in linked) return linked;
  const envPath = renderLine(ctx.style, 'ENV', `PATH="${VENV}/bin:$PATH"`);
  const venv = lean
    ? [
        renderLine(ctx.style, 'RUN', `python3 -m venv --without-pip ${VENV}`),
        renderLine(ctx.style, 'ENV', `PIP_PYTHON=${VENV}/bin/python`),
      ]
    : [renderLine(ctx.style, 'RUN', `python3 -m venv ${VENV}`)];
  return {
    build,
    shared,
    builderPrelude: [],
    builderEpilogue: [],
    builderText: new Map(
      [...builderText].map(([i, t]) => [i, i === pipIdx[0] ? [...venv, envPath, t].join(ctx.style.eol) : t]),
    ),
    runtimeImage: null,
    artifacts: [...linked.run, renderLine(ctx.style, 'COPY', `--from={builder} ${VENV} ${VENV}`), envPath],
    artifactsAt: pipIdx[0]!,
    runtimeDrop,
    runtimeText,
    explanation: `Installs the Python dependencies into a virtualenv (${VENV}) in a builder stage that keeps the compilers; the runtime stage copies only the venv.`,
  };
}

/**
 * The runtime apt RUN for system libraries that source-only packages link when built on a full
 * image (uWSGI → libxml2): none when the builder is known to be slim (it links only what the
 * Dockerfile installs, which the apt split already carries over), or the reason Whittle cannot
 * name the package for the runtime's Debian release.
 */
function linkedLibraries(
  ctx: RuleContext,
  stage: Stage,
  pipIdx: number[],
  full: boolean | null,
  installed: Set<string>,
): { run: string[] } | { risk: string } {
  if (full === false) return { run: [] };
  const names = pipIdx.flatMap((i) =>
    segmentsOf(stage.instructions[i]!)
      .filter((s) => isPipInstall(s.cmd))
      .flatMap((s) => pipInstallNames(commandWords(s.cmd), ctx.project.manifests).names),
  );
  const devs = [...new Set(names.flatMap((n) => SDIST_SYSTEM_LIBS[n] ?? []))];
  if (!devs.length) return { run: [] };
  const libs = runtimeLibraries(devs, runtimeFacts(stage.image, ctx), true);
  if ('risk' in libs) return libs;
  const missing = libs.libs.filter((l) => !installed.has(l));
  if (!missing.length) return { run: [] };
  return {
    run: [
      renderRun(ctx.style, [
        { cmd: 'apt-get update', sep: '&&' },
        { cmd: `apt-get install -y --no-install-recommends ${missing.join(' ')}`, sep: '&&' },
        { cmd: 'rm -rf /var/lib/apt/lists/*', sep: '' },
      ]),
    ],
  };
}
