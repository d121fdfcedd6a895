/**
 * WH013: a final stage that only runs what it copies (`COPY --from=build …`, no build of its
 * own) but sits on a toolchain image — golang, rust, a JDK, Maven or Gradle. The fix moves it
 * to the lean runtime: a Go binary built with CGO_ENABLED=0 to distroless static, any other Go
 * binary to distroless cc (glibc at least the toolchain's), a jar to the JRE of the same major.
 * A full `node`/`python` image is WH001's (its slim variant). Rust binaries stay advice: which
 * shared libraries they link (libpq, libssl…) is not in the Dockerfile.
 */
import { baseImageFacts } from '../../catalog/base-image-facts/resolve';
import { GO_RUNTIME_IMAGE, familyOf } from '../../catalog/base-images';
import { estimateFields, swapEstimate } from '../../catalog/image-sizes';
import { finalStage, type DockerfileModel, type Instruction, type Stage } from '../../dockerfile/model';
import { renderLine } from '../../dockerfile/printer';
import { commandWords } from '../../dockerfile/shell';
import { isConfigAllowed } from '../allowed';
import { aptPackages, isAptInstall, isBuildStep, isGoBuild, segmentsOf } from '../commands';
import type { FixResult, Rule, RuleContext } from '../rule';
import { at } from '../rule';
import { startBuildToolRisk } from '../start-scripts';
import { cgoSetting } from './go-cgo';
import { GO_SUBPROCESS_RISK, goRuntime } from './go-runtime';
import { goStartRisk } from './go-start';
import { resolvePath } from '../stage-facts';
import { jreFor } from './java';
import { isFromCopy, notStandalone } from './split';

/** Programs only a toolchain image has (the runtime image would not). */
const TOOLCHAIN_TOOL =
  /^(\S*\/)?(go|gofmt|cargo|rustc|rustup|javac|jar|jlink|jdeps|jshell|jcmd|jstack|jmap|jps|jstat|mvnw?|gradlew?|gcc|cc|make|git)$/;

type Kind = 'go' | 'java' | 'rust';

function kindOf(stage: Stage): Kind | null {
  if (stage.image.registry && !/^(docker\.io|index\.docker\.io)$/.test(stage.image.registry)) return null;
  if (stage.image.repository === 'rust') return 'rust';
  const fam = familyOf(stage.image);
  if (fam?.ecosystem === 'go') return 'go';
  if (fam?.ecosystem === 'java' && !/jre/.test(stage.image.tag ?? '')) return 'java';
  return null;
}

/** The text a CMD/ENTRYPOINT/HEALTHCHECK/RUN runs, split into commands' first words. */
const programsOf = (ins: Instruction): string[] =>
  ins.keyword === 'RUN'
    ? segmentsOf(ins).flatMap((s) => s.cmd.split('|').map((p) => commandWords(p.trim())[0] ?? ''))
    : [(ins.jsonArgs ?? commandWords(ins.args.replace(/^(--\S+\s+)*CMD\s+/i, '')))[0] ?? ''];

/** The stage a `COPY --from=<name|index>` reads, or null for an image. */
function sourceStage(m: DockerfileModel, ins: Instruction): Stage | null {
  const from = ins.flags.find((f) => f.name === 'from')?.value ?? '';
  if (/^\d+$/.test(from)) return m.stages[Number(from)] ?? null;
  return m.stages.find((s) => s.name?.toLowerCase() === from.toLowerCase()) ?? null;
}

interface Move {
  image: string;
  /** Lines replacing instructions of the stage (by index); null deletes. */
  text: Map<number, string>;
  /** Lines put right after the new FROM. */
  prelude: string[];
  explanation: string;
}

/** The move to a lean runtime, the reason there is none, or null when the rule does not apply. */
export function planRuntimeMove(ctx: RuleContext, stage: Stage): Move | { risk: string } | null {
  const kind = kindOf(stage);
  if (!kind || notStandalone(ctx, stage) || isConfigAllowed(ctx, stage)) return null;
  const list = stage.instructions;
  if (list.some((i) => segmentsOf(i).some((s) => isBuildStep(s.cmd)))) return null; // WH010's
  const copies = list.filter(isFromCopy);
  if (!copies.length) return null;
  const startTool = startBuildToolRisk(ctx, stage);
  if (startTool) return { risk: startTool };
  const runs = list.filter((i) => ['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(i.keyword));
  for (const ins of runs) {
    const tool = programsOf(ins).find((p) => TOOLCHAIN_TOOL.test(p));
    if (tool) return { risk: `Line ${ins.startLine + 1} runs ${tool}, which only the toolchain image has.` };
  }
  if (!list.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'))
    return {
      risk: `The stage sets no CMD or ENTRYPOINT, so it runs ${stage.image.raw}'s own command; a runtime image would run another.`,
    };
  const text = new Map<number, string>();
  const prelude: string[] = [];
  // Relative paths resolved in the toolchain image's WORKDIR must resolve the same way.
  const wd = baseImageFacts(stage.image, ctx.project.baseImages).workdir ?? '/';
  const firstWorkdir = list.findIndex((i) => i.keyword === 'WORKDIR');
  if (wd && wd !== '/' && firstWorkdir !== 0 && list.length)
    prelude.push(renderLine(ctx.style, 'WORKDIR', wd));

  if (kind === 'rust')
    return {
      risk: 'Which shared libraries the Rust binary links (libssl, libpq…) is not in the Dockerfile; try gcr.io/distroless/cc-debian12 (or debian:bookworm-slim with those libraries) and check with `ldd`.',
    };
  if (kind === 'java') {
    const found = jreFor(ctx, stage);
    if (!found) return null;
    if ('risk' in found) return found;
    const jre = found.image;
    // The JRE image is Ubuntu; other JDK images (Oracle Linux, Amazon Linux, Debian) run other package tools.
    const health = list.find((i) => i.keyword === 'HEALTHCHECK' && !/^NONE$/i.test(i.args.trim()));
    if (health)
      return {
        risk: `The HEALTHCHECK may use tools ${stage.image.raw} has and ${jre} lacks; switch by hand.`,
      };
    const run = list.find((i) => i.keyword === 'RUN');
    if (run && stage.image.repository !== 'eclipse-temurin')
      return {
        risk: `Line ${run.startLine + 1} runs a command on ${stage.image.raw}, whose OS may differ from ${jre}'s; move it or switch by hand.`,
      };
    return {
      image: jre,
      text,
      prelude,
      explanation: `Runs the copied jar on ${jre} (same Java major, no compiler).`,
    };
  }
  // Go: no shell on distroless, and no programs for one the binary starts.
  if (ctx.project.goSubprocess) return { risk: GO_SUBPROCESS_RISK };
  // The start must be a binary the stage copies from a build (not an entrypoint script or a wrapper).
  const wdAt = (idx: number): string =>
    list
      .slice(0, idx)
      .filter((i) => i.keyword === 'WORKDIR')
      .reduce((d, i) => resolvePath(d, i.args.trim().replace(/^["']|["']$/g, '')), wd || '/');
  const copied = list.flatMap((ins, idx) => {
    if (!isFromCopy(ins)) return [];
    const words = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
    const dest = words[words.length - 1] ?? '';
    const srcs = words.slice(0, -1);
    const into = dest.endsWith('/') || srcs.length > 1;
    return srcs.map((src) =>
      resolvePath(
        wdAt(idx),
        into ? `${dest.replace(/\/+$/, '')}/${src.replace(/\/+$/, '').split('/').pop()}` : dest,
      ),
    );
  });
  // A folder copied whole (`COPY --from=build /out/ /app/`): Whittle does not know its files.
  const copiedDirs = list.flatMap((ins, idx) => {
    if (!isFromCopy(ins)) return [];
    const words = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
    const dest = words[words.length - 1] ?? '';
    return dest.endsWith('/') || words.length > 2 ? [resolvePath(wdAt(idx), dest)] : [];
  });
  const startRisks = copied.map((b) => goStartRisk(stage, b, wdAt, copiedDirs));
  if (!startRisks.some((r) => r === null))
    return {
      risk:
        startRisks[0] ??
        'The start is not a binary this stage copies from a build; distroless has no shell or other program to run it.',
    };
  const run = list.find((i) => i.keyword === 'RUN');
  if (run) return { risk: `Line ${run.startLine + 1} runs a command; a distroless runtime has no shell.` };
  for (const [i, ins] of list.entries()) {
    if (ins.keyword === 'HEALTHCHECK' && !ins.json && !/^NONE$/i.test(ins.args.trim()))
      return { risk: 'The HEALTHCHECK needs a shell, which a distroless image does not have.' };
    if ((ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') && !ins.json) {
      if (/[|&;<>$`*(){}\\"']/.test(ins.args))
        return { risk: `${ins.keyword} uses shell syntax; a distroless image has no shell.` };
      text.set(
        i,
        renderLine(ctx.style, ins.keyword, JSON.stringify(commandWords(ins.args)).replace(/","/g, '", "')),
      );
    }
    if (
      ins.keyword === 'USER' &&
      !/^(\d+(:\d+)?|root|nobody|nonroot)(:(root|nobody|nonroot|\d+))?$/.test(ins.args.trim())
    )
      return { risk: `USER ${ins.args.trim()} does not exist in distroless (root, nobody and nonroot do).` };
  }
  // Static only when every Go build of every stage the binaries come from ran with CGO_ENABLED=0.
  const sources = copies.map((c) => sourceStage(ctx.model, c));
  // Files from anything but a Go builder (an image, a C or Rust build) may need the toolchain image's libraries.
  const foreign = copies.find((_c, k) => !sources[k] || familyOf(sources[k]!.image)?.ecosystem !== 'go');
  if (foreign)
    return {
      risk: `Line ${foreign.startLine + 1} copies from ${foreign.flags.find((f) => f.name === 'from')?.value}, not a Go build stage; what it brings may need libraries only ${stage.image.raw} has.`,
    };
  const goBuilds = sources.flatMap((s) =>
    s
      ? s.instructions.flatMap((ins, i) =>
          segmentsOf(ins).some((g) => isGoBuild(g.cmd)) ? [[s, i] as const] : [],
        )
      : [],
  );
  const headers = sources.find((s) =>
    s?.instructions.some((ins) =>
      segmentsOf(ins).some(
        (g) =>
          (isAptInstall(g.cmd) && aptPackages(g.cmd).some((p) => /-dev([=:].*)?$/.test(p))) ||
          /^apk\s.*\sadd\s.*-dev\b/.test(g.cmd),
      ),
    ),
  );
  const isStatic =
    sources.every((s) => s !== null) &&
    goBuilds.length > 0 &&
    goBuilds.every(([s, i]) => cgoSetting(ctx.model, s, i) === '0');
  if (isStatic)
    return {
      image: GO_RUNTIME_IMAGE.replace(/:nonroot$/, ''),
      text,
      prelude,
      explanation:
        'Runs the copied Go binary (built with CGO_ENABLED=0, so static) on distroless static, which includes CA certificates and tzdata.',
    };
  if (headers)
    return {
      risk: `Stage ${headers.name ?? headers.index} installs C headers, so the binary may link their libraries, which distroless lacks; switch the runtime by hand.`,
    };
  // Anything else may be linked against glibc: a runtime with a glibc at least as new as the
  // toolchain image's runs it (the original ran it there).
  const glibc = goRuntime(ctx, stage);
  if ('risk' in glibc)
    return { risk: `The binary may need glibc (no CGO_ENABLED=0 seen in its build). ${glibc.risk}` };
  return {
    image: glibc.image,
    text,
    prelude,
    explanation: `Runs the copied binary on ${glibc.image} (glibc, CA certificates, tzdata; no Go toolchain): its build does not set CGO_ENABLED=0, so it may link glibc. ${glibc.note}`,
  };
}

export const toolchainRuntime: Rule = {
  meta: {
    id: 'WH013',
    name: 'toolchain-as-runtime',
    title: 'Final stage on a toolchain image',
    why: 'A final stage that only copies a built binary or jar from another stage and runs it does not need the compiler it sits on: golang and rust images are 800 MB–1.5 GB, JDK, Maven and Gradle images hundreds of MB more than a JRE. Run the artifact on a runtime image instead: distroless static for a CGO-free Go binary, distroless cc (glibc) for one that may use cgo, a JRE of the same major for a jar.',
    severity: 'warning',
    category: 'base-image',
    fixable: true,
  },
  check(ctx) {
    const stage = finalStage(ctx.model);
    // A JDK in the final stage is WH004's finding; this rule's fix resolves it.
    if (kindOf(stage) === 'java') return [];
    const p = planRuntimeMove(ctx, stage);
    if (!p) return [];
    const to = 'image' in p ? p.image : null;
    return [
      at(
        stage.from,
        `${stage.image.raw} only runs what it copies from another stage; it ships the whole toolchain`,
        {
          ...estimateFields(swapEstimate(stage.image, to, ctx.project.baseImages)),
          ...('risk' in p ? { risk: p.risk } : {}),
        },
      ),
    ];
  },
  fix(ctx): FixResult | null {
    const stage = finalStage(ctx.model);
    if (ctx.suppressed(stage.from)) return null;
    const p = planRuntimeMove(ctx, stage);
    if (!p || 'risk' in p) return null;
    const flags = stage.from.flags.filter(
      (f) => !(f.name === 'platform' && /\$\{?BUILD(PLATFORM|OS|ARCH|VARIANT)\b/.test(f.value ?? '')),
    );
    const from = renderLine(
      ctx.style,
      'FROM',
      `${flags.map((f) => (f.value === null ? `--${f.name} ` : `--${f.name}=${f.value} `)).join('')}${p.image}${stage.name ? ` ${ctx.style.upper ? 'AS' : 'as'} ${stage.name}` : ''}`,
    );
    return {
      edits: [
        {
          start: stage.from.startLine,
          end: stage.from.endLine,
          text: [from, ...p.prelude].join(ctx.style.eol),
        },
        ...[...p.text].map(([i, t]) => ({
          start: stage.instructions[i]!.startLine,
          end: stage.instructions[i]!.endLine,
          text: t,
        })),
      ],
      explanation: p.explanation,
    };
  },
};
