/**
 * Go: build in a builder on the original image and run the binary on distroless, which carries
 * CA certificates, tzdata and a nonroot user but no shell. A build that does not need cgo runs
 * with CGO_ENABLED=0 on distroless static; one that needs cgo keeps it and runs on distroless cc
 * (glibc, libgcc, libstdc++) of a Debian release at least as new as the builder's.
 */
import { GO_RUNTIME_IMAGE } from '../../catalog/base-images';
import type { Stage } from '../../dockerfile/model';
import { renderLine } from '../../dockerfile/printer';
import { commandWords } from '../../dockerfile/shell';
import { aptPackages, goOutput, isAptInstall, isGoBuild, segmentsOf } from '../commands';
import { isBuildOnlyPackage } from '../../catalog/base-images';
import type { RuleContext } from '../rule';
import { sourcesOf } from '../add-instead-of-copy';
import { resolvePath } from '../stage-facts';
import { baseWorkdir } from './base-workdir';
import { cgoVerdict } from './go-cgo';
import { GO_SUBPROCESS_RISK, goRuntime } from './go-runtime';

/** What `go build` reads: the whole context, the module files, Go sources and their folders. */
const GO_BUILD_INPUT =
  /^(\.\/?|go\.(mod|sum|work)|.*\.go|(cmd|internal|pkg|vendor)(\/.*)?|\.\/(cmd|internal|pkg|vendor)(\/.*)?)$/;
/** A context file `go build` reads (a Makefile stays out: a start command may run it). */
const GO_BUILD_FILE = /^(go\.(mod|sum|work)|.*\.go|(cmd|internal|pkg|vendor|testdata)\/.*)$/;
import { defaultShared, type SplitPlan } from './split';
import { goStartRisk } from './go-start';
import { contextIsBuildInput } from './context-files';

/** A distroless image has no shell: a shell-form CMD must become exec form, and only if it is a plain command. */
function execForm(args: string): string | null {
  if (/[|&;<>$`*(){}\\"']/.test(args)) return null;
  return JSON.stringify(commandWords(args)).replace(/","/g, '", "');
}

export function planGo(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const list = stage.instructions;
  const build = new Set<number>();
  let binary: string | null = null;
  const buildPackages: number[] = [];
  // Relative paths start at the image's default WORKDIR: /go on golang images.
  const wd = baseWorkdir(ctx, stage);
  if ('risk' in wd) return wd;
  for (const [i, ins] of list.entries()) {
    const segs = segmentsOf(ins);
    const goSeg = segs.find((s) => isGoBuild(s.cmd));
    if (goSeg) {
      build.add(i);
      const out = goOutput(goSeg.cmd);
      if (out) binary = resolvePath(wd.at(i), out);
    } else if (segs.some((s) => /^go\s+(mod|get|generate|vet|test)\b/.test(s.cmd))) build.add(i);
    else if (segs.some((s) => isAptInstall(s.cmd) && aptPackages(s.cmd).some(isBuildOnlyPackage))) {
      build.add(i);
      buildPackages.push(i);
    }
  }
  const goBuilds = [...build].filter((i) => segmentsOf(list[i]!).some((s) => isGoBuild(s.cmd)));
  if (!goBuilds.length) return null;
  if (ctx.project.goSubprocess) return { risk: GO_SUBPROCESS_RISK };
  let cgo = cgoVerdict(ctx.model, stage, goBuilds, ctx.project);
  // A C compiler or headers installed for the build say cgo as well (go-sqlite3 with libsqlite3-dev…).
  const cSetup = list.find((ins) =>
    segmentsOf(ins).some(
      (s) =>
        (isAptInstall(s.cmd) && aptPackages(s.cmd).some(isBuildOnlyPackage)) ||
        /^apk\s+(.*\s)?add\s(.*\s)?(gcc|g\+\+|clang|build-base|musl-dev|[\w.+-]+-dev)(\s|$)/.test(s.cmd),
    ),
  );
  if (cgo.kind === 'off-free' && cSetup)
    cgo = { kind: 'on', why: `line ${cSetup.startLine + 1} installs a C compiler or headers` };
  if (cgo.kind === 'unknown')
    return {
      risk: `${cgo.why}; a CGO_ENABLED=0 binary would lose any C code. Set CGO_ENABLED=0 (or 1) in the Dockerfile to say which.`,
    };
  const why = cgo.kind === 'on' ? cgo.why : null;
  const static_ = why === null;
  if (!static_) {
    // C headers installed for the build: the binary links their libraries, which distroless lacks.
    const dev = buildPackages.find((i) =>
      segmentsOf(list[i]!).some((s) => aptPackages(s.cmd).some((p) => /-dev([=:].*)?$/.test(p))),
    );
    if (dev !== undefined)
      return {
        risk: `The build needs cgo (${why}) and line ${list[dev]!.startLine + 1} installs C headers: the binary links their shared libraries, which Whittle cannot carry to a distroless runtime. Split by hand onto a runtime with those libraries.`,
      };
  }
  const runtime = static_
    ? { image: GO_RUNTIME_IMAGE.replace(/:nonroot$/, ''), note: '' }
    : goRuntime(ctx, stage);
  if ('risk' in runtime) return { risk: `The build needs cgo (${why}). ${runtime.risk}` };
  if (!binary)
    return {
      risk: 'The go build has no `-o` output path, so Whittle cannot tell which file to copy; add `-o /app/server`.',
    };
  const startRisk = goStartRisk(stage, binary, (i) => wd.at(i));
  if (startRisk) return { risk: startRisk };
  const lastBuild = Math.max(...build);
  const runtimeText = new Map<number, string | null>();
  const runtimeDrop = new Set<number>();
  for (const [i, ins] of list.entries()) {
    if (build.has(i)) continue;
    if (i < lastBuild && ['COPY', 'ADD', 'RUN'].includes(ins.keyword)) {
      // Files the build does not read (templates, static assets, config) are what the binary reads
      // at run time: such a COPY, and a whole-context one that brings any, stays in the runtime.
      if (ins.keyword !== 'RUN' && !sourcesOf(ins).every((f) => GO_BUILD_INPUT.test(f))) continue;
      if (
        ins.keyword !== 'RUN' &&
        sourcesOf(ins).some((f) => /^\.\/?$/.test(f)) &&
        !contextIsBuildInput(ctx, GO_BUILD_FILE)
      )
        continue;
      runtimeDrop.add(i);
      continue;
    }
    if (ins.keyword === 'RUN')
      return {
        risk: `Line ${ins.startLine + 1} runs a command after the build; a distroless image has no shell to run it.`,
      };
    if (ins.keyword === 'HEALTHCHECK' && !ins.json)
      return { risk: 'The HEALTHCHECK needs a shell, which a distroless image does not have.' };
    if (ins.keyword === 'USER')
      runtimeText.set(
        i,
        renderLine(
          ctx.style,
          'USER',
          /^\d+(:\d+)?$/.test(ins.args.trim()) ? ins.args.trim() : 'nonroot:nonroot',
        ),
      );
    if ((ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') && !ins.json) {
      const exec = execForm(ins.args);
      if (!exec) return { risk: `${ins.keyword} uses shell syntax; a distroless image has no shell.` };
      runtimeText.set(i, renderLine(ctx.style, ins.keyword, exec));
    }
  }
  const shared = defaultShared(stage, lastBuild, build);
  list.forEach((ins, i) => {
    if (i < lastBuild && ins.keyword === 'RUN' && !build.has(i)) shared.add(i);
  });
  return {
    build,
    shared,
    // The build's own CGO_ENABLED=0 (or a cgo build) stays as written.
    builderPrelude: cgo.kind === 'off-free' ? [renderLine(ctx.style, 'ENV', 'CGO_ENABLED=0')] : [],
    builderEpilogue: [],
    runtimeImage: runtime.image,
    runtimePrelude: wd.prelude(runtime.image),
    artifacts: [renderLine(ctx.style, 'COPY', `--from={builder} ${binary} ${binary}`)],
    artifactsAt: lastBuild + 1 < list.length ? lastBuild + 1 : list.length,
    runtimeDrop,
    runtimeText,
    explanation: [
      static_
        ? `Builds a static Go binary (CGO_ENABLED=0${cgo.kind === 'off-set' ? ', as the Dockerfile sets' : ''}) in a builder and runs it on distroless static, which includes CA certificates and tzdata.`
        : `Keeps cgo (${why}) and runs the binary on ${runtime.image}: glibc, libgcc and libstdc++ of a Debian release at least as new as the builder's, CA certificates and tzdata.`,
      runtime.note,
      crossNote(ctx, stage, goBuilds),
    ]
      .filter(Boolean)
      .join(' '),
  };
}

/** A builder on `$BUILDPLATFORM` compiles for the build machine unless GOOS/GOARCH name the target. */
function crossNote(ctx: RuleContext, stage: Stage, builds: number[]): string {
  if (!/\$\{?BUILD(PLATFORM|OS|ARCH)/.test(stage.platform ?? '')) return '';
  const targets =
    builds.some((i) => /\bGOARCH=/.test(stage.instructions[i]!.args)) ||
    /^\s*ENV\s.*\bGOARCH=/im.test(ctx.model.text);
  return targets
    ? "The builder stays on $BUILDPLATFORM and cross-compiles for the target (GOOS/GOARCH); the runtime is the target platform's."
    : 'The builder stays on $BUILDPLATFORM; its go build sets no GOOS/GOARCH, so the binary is for the build machine: for other platforms add `ARG TARGETOS TARGETARCH` and `GOOS=$TARGETOS GOARCH=$TARGETARCH` to the build.';
}
