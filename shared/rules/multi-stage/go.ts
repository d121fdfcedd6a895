/**
 * Go: build a static binary (CGO_ENABLED=0) in the builder and run it on distroless static,
 * which carries CA certificates, tzdata and a nonroot user but no shell.
 */
import { GO_RUNTIME_IMAGE } from '../../catalog/base-images';
import type { Stage } from '../../dockerfile/model';
import { renderLine } from '../../dockerfile/printer';
import { commandWords } from '../../dockerfile/shell';
import { aptPackages, goOutput, isAptInstall, isGoBuild, segmentsOf } from '../commands';
import { isBuildOnlyPackage } from '../../catalog/base-images';
import type { RuleContext } from '../rule';
import { sourcesOf } from '../add-instead-of-copy';
import { resolvePath, workdirAt } from '../stage-facts';

/** What `go build` reads: the whole context, the module files, Go sources and their folders. */
const GO_BUILD_INPUT =
  /^(\.\/?|go\.(mod|sum|work)|.*\.go|(cmd|internal|pkg|vendor)(\/.*)?|\.\/(cmd|internal|pkg|vendor)(\/.*)?)$/;
/** Folders a Go service commonly reads at run time. */
const RUNTIME_ASSETS = /^(templates|static|public|assets|web|views|migrations|config)\//;
import { defaultShared, type SplitPlan } from './split';

/** A static image has no shell: a shell-form CMD must become exec form, and only if it is a plain command. */
function execForm(args: string): string | null {
  if (/[|&;<>$`*(){}\\"']/.test(args)) return null;
  return JSON.stringify(commandWords(args)).replace(/","/g, '", "');
}

export function planGo(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const list = stage.instructions;
  const build = new Set<number>();
  let binary: string | null = null;
  for (const [i, ins] of list.entries()) {
    const segs = segmentsOf(ins);
    const goSeg = segs.find((s) => isGoBuild(s.cmd));
    if (goSeg) {
      build.add(i);
      if (/CGO_ENABLED=1/.test(ins.args))
        return {
          risk: 'The build sets CGO_ENABLED=1: the binary needs a C library, so it cannot move to a static image.',
        };
      const out = goOutput(goSeg.cmd);
      if (out) binary = resolvePath(workdirAt(stage, i), out);
    } else if (segs.some((s) => /^go\s+(mod|get|generate|vet|test)\b/.test(s.cmd))) build.add(i);
    else if (segs.some((s) => isAptInstall(s.cmd) && aptPackages(s.cmd).some(isBuildOnlyPackage))) {
      // C headers or a compiler installed for the build mean cgo (go-sqlite3 and the like).
      if (segs.some((s) => aptPackages(s.cmd).some((p) => /-dev([=:].*)?$/.test(p))))
        return {
          risk: `Line ${ins.startLine + 1} installs C headers, so the build likely uses cgo: a CGO_ENABLED=0 binary on a static image would lose that code. Split by hand onto a glibc runtime (e.g. distroless/base) with the shared libraries.`,
        };
      build.add(i);
    }
  }
  if (!build.size) return null;
  if (!binary)
    return {
      risk: 'The go build has no `-o` output path, so Whittle cannot tell which file to copy; add `-o /app/server`.',
    };
  const lastBuild = Math.max(...build);
  const runtimeText = new Map<number, string | null>();
  const runtimeDrop = new Set<number>();
  for (const [i, ins] of list.entries()) {
    if (build.has(i)) continue;
    if (i < lastBuild && ['COPY', 'ADD', 'RUN'].includes(ins.keyword)) {
      // Files the build does not read (templates, static assets, config) are what the binary reads at run time.
      if (ins.keyword !== 'RUN' && !sourcesOf(ins).every((f) => GO_BUILD_INPUT.test(f))) continue;
      if (ins.keyword !== 'RUN' && sourcesOf(ins).some((f) => /^\.\/?$/.test(f))) {
        const assets = ctx.project.files.find((f) => RUNTIME_ASSETS.test(f));
        if (assets)
          return {
            risk: `\`${ins.raw.trim()}\` also brings ${assets.split('/')[0]}/, which the binary may read at run time; copy such folders into the runtime stage by hand.`,
          };
      }
      runtimeDrop.add(i);
      continue;
    }
    if (ins.keyword === 'RUN')
      return {
        risk: `Line ${ins.startLine + 1} runs a command after the build; a static image has no shell to run it.`,
      };
    if (ins.keyword === 'HEALTHCHECK' && !ins.json)
      return { risk: 'The HEALTHCHECK needs a shell, which a static image does not have.' };
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
      if (!exec) return { risk: `${ins.keyword} uses shell syntax; a static image has no shell.` };
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
    builderPrelude: [renderLine(ctx.style, 'ENV', 'CGO_ENABLED=0')],
    builderEpilogue: [],
    runtimeImage: GO_RUNTIME_IMAGE.replace(/:nonroot$/, ''),
    artifacts: [renderLine(ctx.style, 'COPY', `--from={builder} ${binary} ${binary}`)],
    artifactsAt: lastBuild + 1 < list.length ? lastBuild + 1 : list.length,
    runtimeDrop,
    runtimeText,
    explanation:
      'Builds a static Go binary (CGO_ENABLED=0) in a builder and runs it on distroless static, which includes CA certificates and tzdata.',
  };
}
