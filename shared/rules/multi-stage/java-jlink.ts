/**
 * WH014: the final stage runs a jar on a full JRE image (eclipse-temurin:N-jre, every Java SE and
 * JDK runtime module) although the jar comes from a JDK builder stage of the same file. The fix
 * links a runtime of only the modules the app uses in that builder (`jdeps` + `jlink`, see
 * java-jlink-script.ts) and runs it on debian:bookworm-slim: the same JDK build as the builder's,
 * at eclipse-temurin's JAVA_HOME. WH010 (a stage that compiles) and WH013 (a JDK stage that only
 * runs a copied jar) write such a stage first; this rule then applies on the next round.
 *
 * Held back (advice with the reason) whenever the new base could change what the stage does:
 * commands other than Java and basic file tools (curl in a HEALTHCHECK, apt-get for Ubuntu
 * packages, an entrypoint script), a user the JRE image brings, jars loaded from outside the one
 * `java -jar` runs, a JDK whose image Whittle does not know to carry jlink, jdeps and the jmods,
 * or a builder JDK of another Java major than the runtime.
 */
import { familyOf } from '../../catalog/base-images';
import { finalStage, writtenImage, type Instruction, type Stage } from '../../dockerfile/model';
import { renderLine } from '../../dockerfile/printer';
import { commandWords } from '../../dockerfile/shell';
import { isConfigAllowed } from '../allowed';
import { jarOf, runText, segmentsOf } from '../commands';
import type { Rule, RuleContext } from '../rule';
import { startBuildToolRisk } from '../start-scripts';
import { at } from '../rule';
import { copyDest, createdUsers, isRootUser, resolvePath, workdirAt } from '../stage-facts';
import { baseImageFacts } from '../../catalog/base-image-facts/resolve';
import {
  JLINK_RUNTIME_BASE,
  RUNTIME_JAVA_HOME,
  flagModules,
  jlinkRun,
  jlinkRuntimeLines,
  compiledLocale,
  TEMURIN_LOCALE,
  type JlinkStep,
  type LocaleEnv,
} from './java-jlink-script';
import { notStandalone } from './split';

const MB = 1_000_000;
/** eclipse-temurin:17-jre (~265 MB) minus debian:bookworm-slim (~75 MB) and a linked runtime with the extras (~50–70 MB). */
const ESTIMATED_BYTES = 120 * MB;

/** Programs both eclipse-temurin (Ubuntu) and debian:bookworm-slim have: the JDK's launchers and basic shell and file tools. */
const COMMON_TOOLS = new Set([
  'java',
  'keytool',
  'sh',
  'bash',
  'exec',
  'cd',
  'set',
  'export',
  'env',
  'true',
  'false',
  'test',
  '[',
  'echo',
  'printf',
  'cat',
  'ls',
  'mkdir',
  'rmdir',
  'rm',
  'cp',
  'mv',
  'ln',
  'touch',
  'chmod',
  'chown',
  'chgrp',
  'useradd',
  'groupadd',
  'usermod',
  'id',
  'sed',
  'grep',
  'find',
  'xargs',
  'tar',
  'gzip',
  'sleep',
  'date',
  'head',
  'tail',
  'sort',
  'tr',
  'cut',
  'tee',
  'wc',
  'basename',
  'dirname',
  'mktemp',
]);

/** The first word of every command an instruction runs (`/bin/sh` → `sh`). */
function programsOf(ins: Instruction): string[] {
  const words =
    ins.keyword === 'RUN'
      ? segmentsOf(ins).flatMap((s) => s.cmd.split('|').map((p) => commandWords(p.trim())))
      : [ins.jsonArgs ?? commandWords(ins.args.replace(/^(--\S+\s+)*CMD\s+/i, ''))];
  return words
    .map((w) => w.find((x) => !/^\w+=/.test(x)) ?? '')
    .filter(Boolean)
    .map((p) => p.replace(/^.*\//, ''));
}

/** The Java major an image's tag names (`17-jre`, `21.0.2_13-jdk-jammy`, `3.9-eclipse-temurin-21`, `8.5-jdk17`), or null. */
export function javaMajorOf(repository: string, tag: string): number | null {
  const m =
    repository === 'eclipse-temurin'
      ? /^(\d{1,2})(?![\d])/.exec(tag)
      : /(?:jdk|temurin)-?(\d{1,2})(?!\d)/.exec(tag);
  return m ? Number(m[1]) : null;
}

/** True for images Whittle knows to carry jlink, jdeps and the jmods on glibc: eclipse-temurin JDKs and Maven/Gradle on them. */
function temurinJdk(stage: Stage): boolean {
  const { repository, tag } = stage.image;
  if (
    !familyOf(stage.image) ||
    !tag ||
    /alpine|ubi|windows|nanoserver|graal|corretto|openj9|semeru/.test(tag)
  )
    return false;
  if (repository === 'eclipse-temurin') return /jdk/.test(tag);
  // `maven:3.9` is on eclipse-temurin too (carlossg/docker-maven), of a JDK version the tag does not name.
  if (repository === 'maven') return /eclipse-temurin/.test(tag) || /^(\d+(\.\d+)*|latest)$/.test(tag);
  if (repository === 'gradle') return /(^|-)jdk\d+(-(jammy|noble|focal))?$/.test(tag);
  return false;
}

/** The stage a `COPY --from=<name|index>` reads, or null for an image. */
function sourceStage(ctx: RuleContext, ins: Instruction): Stage | null {
  const from = ins.flags.find((f) => f.name === 'from')?.value ?? '';
  const m = ctx.model;
  if (/^\d+$/.test(from)) return m.stages[Number(from)] ?? null;
  return m.stages.find((s) => s.name?.toLowerCase() === from.toLowerCase()) ?? null;
}

const globRe = (g: string): RegExp =>
  new RegExp(
    `^${g
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
const base = (p: string): string => p.replace(/\/+$/, '').split('/').pop() ?? '';

/** The `COPY --from` that puts the jar at `jar`, and the jar's path in that stage (absolute, maybe a glob). */
function jarSource(stage: Stage, jar: string): { copy: Instruction; path: string } | null {
  const list = stage.instructions;
  for (let i = list.length - 1; i >= 0; i--) {
    const ins = list[i]!;
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const words = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
    const destRaw = words[words.length - 1] ?? '';
    const sources = words.slice(0, -1);
    const dest = copyDest(stage, i, ins);
    const intoDir = destRaw.endsWith('/') || sources.length > 1;
    let src: string | undefined;
    if (!intoDir && dest === jar) src = sources[0];
    else if (intoDir && jar.slice(0, jar.lastIndexOf('/')) === dest.replace(/\/$/, ''))
      src = sources.find((s) => (/[*?[]/.test(s) ? globRe(base(s)).test(base(jar)) : base(s) === base(jar)));
    else if (!intoDir && jar.startsWith(`${dest}/`) && !/[*?[]/.test(sources[0] ?? '*'))
      src = `${sources[0]}/${jar.slice(dest.length + 1)}`;
    // A later COPY that writes the jar's path decides; one that writes elsewhere does not.
    if (src === undefined) {
      if (dest === jar || jar.startsWith(`${dest}/`)) return null;
      continue;
    }
    if (!ins.flags.some((f) => f.name === 'from') || /\$/.test(src)) return null;
    const path =
      intoDir && /[*?[]/.test(src)
        ? `${resolvePath('/', src).replace(/[^/]*$/, '')}${base(jar)}`
        : resolvePath('/', src);
    return { copy: ins, path };
  }
  return null;
}

/** What the fix needs, the reason it holds back, or null when the rule does not apply. */
export function planJlink(
  ctx: RuleContext,
  stage: Stage,
): { builder: Stage; step: JlinkStep; name: string; locale: LocaleEnv } | { risk: string } | null {
  const { repository, tag } = stage.image;
  if (repository !== 'eclipse-temurin' || !familyOf(stage.image) || !/jre/.test(tag ?? '')) return null;
  if (/alpine|ubi|windows|nanoserver/.test(tag ?? '') || isConfigAllowed(ctx, stage)) return null;
  if (notStandalone(ctx, stage)) return null;
  const list = stage.instructions;
  const copies = list.filter((i) => i.flags.some((f) => f.name === 'from'));
  if (!copies.length) return null;
  const startTool = startBuildToolRisk(ctx, stage);
  if (startTool) return { risk: startTool };
  const major = javaMajorOf(repository, tag ?? '');
  if (!major || /\$/.test(writtenImage(stage)))
    return {
      risk: `Whittle cannot read the Java version from ${stage.image.raw}; a linked runtime must be the same major.`,
    };
  const launches = list.filter((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
  const launchIdx = list.lastIndexOf(launches[launches.length - 1]!);
  const jar = launches.map((i) => jarOf(i.jsonArgs ?? commandWords(i.args))).find(Boolean);
  if (!jar || /\$/.test(jar))
    return {
      risk: 'No `java -jar <file>` in CMD/ENTRYPOINT, so Whittle cannot tell which jar to give jdeps.',
    };
  const src = jarSource(stage, resolvePath(workdirAt(stage, launchIdx), jar));
  const builder = src && sourceStage(ctx, src.copy);
  if (!src || !builder)
    return {
      risk: `Whittle cannot tell which file of a builder stage ${jar} is (it is not copied from a stage by a plain COPY --from).`,
    };
  // The stage the builder starts from, through `FROM <stage>` chains.
  let root = builder;
  const chain = [builder];
  for (let hop = 0; hop < 8; hop++) {
    const parent = ctx.model.stages.find(
      (s) => s.index < root.index && s.name && s.name.toLowerCase() === root.image.raw.toLowerCase(),
    );
    if (!parent) break;
    root = parent;
    chain.push(parent);
  }
  if (!temurinJdk(root))
    return {
      risk: `Whittle knows jlink, jdeps and the jmods to be in eclipse-temurin JDK images (and Maven or Gradle images on them); ${root.image.raw} may lack them.`,
    };
  if (/\$/.test(writtenImage(root)))
    return {
      risk: `The builder's image comes from a build arg (${writtenImage(root)}); the runtime linked from it could be another Java version than ${stage.image.raw}.`,
    };
  const builderMajor = javaMajorOf(root.image.repository, root.image.tag ?? '');
  if (builderMajor !== major)
    return {
      risk: `The builder's JDK (${root.image.raw}) is ${builderMajor ? `Java ${builderMajor}` : 'of an unknown Java version'} and the runtime is Java ${major}; a runtime linked from it would change the JVM.`,
    };
  // What the new base could change: programs, users, Java's home, jars from elsewhere.
  for (const ins of list) {
    if (ins.keyword === 'RUN' && (ins.heredoc || ins.json)) {
      return {
        risk: `Line ${ins.startLine + 1} runs a script Whittle does not read on ${JLINK_RUNTIME_BASE}.`,
      };
    }
    if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(ins.keyword)) continue;
    if (ins.keyword === 'HEALTHCHECK' && /^NONE$/i.test(ins.args.trim())) continue;
    const other = programsOf(ins).find((p) => !COMMON_TOOLS.has(p));
    if (other)
      return {
        risk: `Line ${ins.startLine + 1} runs ${other}, which ${stage.image.raw} may have and ${JLINK_RUNTIME_BASE} lacks.`,
      };
  }
  const made = new Set(createdUsers(stage));
  const user = list.find(
    (i) => i.keyword === 'USER' && !isRootUser(i.args.trim()) && !/^\d+(:\d+)?$/.test(i.args.trim()),
  );
  if (user && !made.has(user.args.trim().split(':')[0]!))
    return {
      risk: `USER ${user.args.trim()} is not created in this stage; it may come from ${stage.image.raw}.`,
    };
  const text = list
    .filter((i) => ['ENV', 'ARG', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'RUN'].includes(i.keyword))
    .map(runText)
    .join('\n');
  if (/USE_SYSTEM_CA_CERTS|\bJAVA_HOME\s*=|\bJAVA_HOME\s+\//.test(text.replace(/\$\{?JAVA_HOME\}?/g, '')))
    return {
      risk: `The stage sets JAVA_HOME or USE_SYSTEM_CA_CERTS, which ${stage.image.raw}'s own setup reads.`,
    };
  if (/loader\.path|--module-path|(^|\s)-p\s|-Xbootclasspath|--upgrade-module-path/.test(text))
    return {
      risk: 'The JVM loads classes from outside the jar (loader.path, a module path or the boot class path), which jdeps would not see.',
    };
  // The JRE image's locale variables (read from the daemon, else adoptium's), rebuilt on the new base.
  const env = baseImageFacts(stage.image, ctx.project.baseImages).env;
  const locale: LocaleEnv = {};
  for (const kv of env ?? []) {
    const [k, ...v] = kv.split('=');
    if (k === 'LANG' || k === 'LANGUAGE' || k === 'LC_ALL') locale[k] = v.join('=');
  }
  if (!env) Object.assign(locale, TEMURIN_LOCALE);
  const odd = [locale.LANG, locale.LC_ALL].find(
    (l) => l && !compiledLocale(l) && !/^(C|POSIX|C\.UTF-8|C\.utf8)$/.test(l),
  );
  if (odd) return { risk: `${stage.image.raw} runs in the ${odd} locale, which Whittle does not rebuild.` };
  const rootUser =
    chain.every((s) => s.instructions.every((i) => i.keyword !== 'USER' || isRootUser(i.args.trim()))) &&
    baseImageFacts(root.image, ctx.project.baseImages).user === '';
  return {
    builder,
    locale,
    name: src.copy.flags.find((f) => f.name === 'from')!.value!,
    step: {
      jar: src.path,
      major,
      extraModules: flagModules(text),
      output: rootUser ? '/opt/jre' : '/tmp/whittle-jre',
    },
  };
}

export const javaFullRuntime: Rule = {
  meta: {
    id: 'WH014',
    name: 'java-full-runtime',
    title: 'Jar run on a JRE image with every Java module',
    why: "A JRE image carries every module of the Java runtime (desktop, CORBA-era XML and SQL APIs, management, scripting…) and the image's own OS packages, while an app uses a handful. `jdeps` lists the modules the jar (or a Spring Boot fat jar's BOOT-INF/lib) uses and `jlink` links a runtime of just those — plus the ones code reaches only by name, such as TLS's elliptic curves — from the same JDK that built the app, onto a slim base.",
    severity: 'warning',
    category: 'multi-stage',
    fixable: true,
  },
  check(ctx) {
    const stage = finalStage(ctx.model);
    const p = planJlink(ctx, stage);
    if (!p) return [];
    return [
      at(stage.from, `${stage.image.raw} ships every Java module; the app needs a few`, {
        estimatedBytes: ESTIMATED_BYTES,
        ...('risk' in p ? { risk: p.risk } : {}),
      }),
    ];
  },
  fix(ctx) {
    const stage = finalStage(ctx.model);
    if (ctx.suppressed(stage.from)) return null;
    const p = planJlink(ctx, stage);
    if (!p || 'risk' in p) return null;
    const style = ctx.style;
    const b = p.builder;
    const last = b.instructions.length ? b.instructions[b.instructions.length - 1]! : b.from;
    const flags = stage.from.flags
      .map((f) => (f.value === null ? `--${f.name} ` : `--${f.name}=${f.value} `))
      .join('');
    const from = renderLine(
      style,
      'FROM',
      `${flags}${JLINK_RUNTIME_BASE}${stage.name ? ` ${style.upper ? 'AS' : 'as'} ${stage.name}` : ''}`,
    );
    return {
      edits: [
        { start: last.endLine + 1, end: last.endLine, text: jlinkRun(style, p.step) },
        {
          start: stage.from.startLine,
          end: stage.from.endLine,
          text: [from, ...jlinkRuntimeLines(style, p.name, p.step.output, p.locale)].join(style.eol),
        },
      ],
      explanation: `Links a Java ${p.step.major} runtime of just the modules the jar uses (jdeps, then jlink, in stage ${p.name}; every module when jdeps cannot decide, with the reason in the build log) and runs it from ${RUNTIME_JAVA_HOME} on ${JLINK_RUNTIME_BASE}: the same JDK build the app was compiled with.`,
    };
  },
};
