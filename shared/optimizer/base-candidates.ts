/**
 * The bases worth trying for the final stage of an optimized Dockerfile (issue 14 §3). Pure: it
 * only says which images fit the project and why; the Node side (`electron/core/verify/
 * choose-base.ts`) builds each, runs the checks and keeps the smallest that passes. Without a
 * daemon nothing here is applied: the optimizer's own (static) choice stays.
 *
 * What fits, from the final stage alone:
 *  - the static choice itself (always first);
 *  - the `-slim` variant of an official image that has one (the catalog's `slimVariant`);
 *  - distroless, only when the stage needs no shell (no RUN, SHELL, shell-form CMD/ENTRYPOINT or
 *    HEALTHCHECK) and names no user distroless lacks (it has root, nonroot and nobody):
 *    `static` for a Go binary built with CGO_ENABLED=0; `static` (when cgo may be off), `base`
 *    and `cc` for other binaries a builder stage compiled (Go, Rust, C/C++), when the builder is on
 *    Debian bookworm or older (distroless debian12 ships bookworm's glibc 2.36); the distroless
 *    Node (`nodejs<major>-debian12`) and Java (`java<major>-debian12`) images when the start runs
 *    `node …` / `java -jar …` in exec form and the stage sets no ENTRYPOINT (their ENTRYPOINT is
 *    `node` / `java -jar`, so the CMD loses that word: see {@link applyBaseCandidate});
 *  - alpine (musl), only when `appLinksGlibc` is false: the ELF reader found no file the final
 *    stage adds that links glibc (`shared/elf/links-glibc.ts`), and no RUN uses Debian's tools.
 * Each candidate is still kept only if every check passes on its image.
 */
import type { ProjectContext } from '../api/contract';
import type { BaseCandidate } from '../api/verify';
import type { WhittleConfig } from '../config/config';
import { baseImageFacts } from '../catalog/base-image-facts/resolve';
import { familyOf, slimVariant } from '../catalog/base-images';
import { distrolessNodeImage } from '../catalog/distroless-node';
import {
  argDefaults,
  expandArgs,
  finalStage,
  flagValue,
  hasArgs,
  writtenImage,
  type DockerfileModel,
  type Instruction,
  type Stage,
} from '../dockerfile/model';
import { parseDockerfile, parseImageRef } from '../dockerfile/parse';
import { applyEdits } from '../dockerfile/printer';
import { runText } from '../rules/commands';
import { cgoSetting } from '../rules/multi-stage/go-cgo';
import { readJlinkRuntime } from '../rules/multi-stage/java-jlink-distroless';
import { distrolessForm } from './distroless-form';
import { resolvePath, workdirAt } from '../rules/stage-facts';

/** One base to try, before it is built. */
export interface BaseCandidateSpec {
  image: string;
  kind: BaseCandidate['kind'];
  reason: string;
  /** True for the optimizer's own choice (the one the Dockerfile already has). */
  isStatic: boolean;
  /**
   * The Dockerfile to build, when more than the FROM changes (distroless-form.ts: WH050's user or
   * WH014's runtime carried over, or the stage run as distroless `nonroot`); absent: swap the FROM.
   */
  text?: string;
  /**
   * When `text` runs the stage as `nonroot` only because Whittle chose to (the stage ran as root by
   * default): the same stage as root, built instead unless `text` passes the writes-as-user check.
   */
  fallbackText?: string;
}

export interface BaseCandidateInput {
  /** The optimized Dockerfile. */
  text: string;
  context: ProjectContext;
  /**
   * Whether a file the final stage adds links glibc, from the ELF reader on the built image
   * (`glibcLinkedFiles`); null or absent when nobody looked (then alpine is never tried).
   */
  appLinksGlibc?: boolean | null;
  /** The project's settings and the run's turned-off rules (WH050 off: no `nonroot` variant). */
  config?: WhittleConfig;
  disabled?: string[];
  buildkit?: boolean;
}

export interface BaseCandidateDerivation {
  /** The static choice first, then the others in the order they are worth trying. */
  candidates: BaseCandidateSpec[];
  /** Bases considered and left out, with the reason (for the report). */
  excluded: { image: string; reason: string }[];
  /**
   * The alpine variant that would be tried if nothing the app adds linked glibc (`appLinksGlibc`
   * unknown); null when alpine does not apply. The Node side reads the ELF files only then.
   */
  alpineVariant: string | null;
  /** Builder images whose daemon facts (Debian release) would decide a candidate the catalog cannot. */
  factsWanted: string[];
}

const DISTROLESS = 'gcr.io/distroless';
/** Users the distroless images' /etc/passwd has (distroless `base/base.bzl`). */
const DISTROLESS_USERS = new Set(['root', 'nonroot', 'nobody', '']);
/** Debian releases whose glibc is at most bookworm's 2.36 (distroless debian12). */
const UP_TO_BOOKWORM = new Set(['stretch', 'buster', 'bullseye', 'bookworm']);
/** Java majors that have a distroless debian12 image (distroless README); Node's are in catalog/distroless-node. */
const DISTROLESS_JAVA = new Set(['17', '21']);

/** A user spec (`app`, `app:app`, `1000:1000`) that distroless can run as. */
const distrolessUser = (spec: string): boolean =>
  spec.split(':').every((p) => DISTROLESS_USERS.has(p.trim()) || /^\d+$/.test(p.trim()) || hasArgs(p));

/** Why the stage needs something distroless lacks (a shell, a user), or null when it needs none. */
function distrolessBlocker(stage: Stage): string | null {
  for (const ins of stage.instructions) {
    if (ins.keyword === 'RUN')
      return `the final stage runs \`${ins.args.slice(0, 40)}\`, and distroless has no shell`;
    if (ins.keyword === 'SHELL') return 'the final stage sets a SHELL, and distroless has none';
    if ((ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') && !ins.json)
      return `its ${ins.keyword} is in shell form, and distroless has no /bin/sh`;
    if (ins.keyword === 'HEALTHCHECK' && !/^\s*(NONE|CMD\s*\[)/i.test(ins.args))
      return 'its HEALTHCHECK runs a shell command, and distroless has no shell';
    if (ins.keyword === 'USER' && !distrolessUser(ins.args.trim()))
      return `it runs as user \`${ins.args.trim()}\`, which distroless images do not have`;
    const chown = flagValue(ins, 'chown');
    if (chown && !distrolessUser(chown))
      return `it copies with --chown=${chown}, a user distroless images do not have`;
  }
  return null;
}

/** The stage's exec-form start: ENTRYPOINT (when set in the stage) or CMD words, and which. */
function start(stage: Stage): { words: string[]; entrypoint: boolean } | null {
  const last = (kw: string): Instruction | undefined =>
    stage.instructions.filter((i) => i.keyword === kw).pop();
  const ep = last('ENTRYPOINT');
  const cmd = last('CMD');
  const ins = ep ?? cmd;
  if (!ins?.json || !ins.jsonArgs?.length) return null;
  return { words: ins.jsonArgs, entrypoint: !!ep };
}

/** The stage (by name or index) a `COPY --from` reads, or null for an image or unknown. */
function sourceStage(m: DockerfileModel, from: string): Stage | null {
  const byName = m.stages.find((s) => s.name?.toLowerCase() === from.toLowerCase());
  if (byName) return byName;
  return /^\d+$/.test(from) ? (m.stages[Number(from)] ?? null) : null;
}

/** The builder stage whose `COPY --from` puts the file at `path` into the final stage, with that COPY. */
function copiedFrom(m: DockerfileModel, stage: Stage, path: string): Stage | null {
  for (const [i, ins] of stage.instructions.entries()) {
    if (ins.keyword !== 'COPY') continue;
    const from = flagValue(ins, 'from');
    if (!from) continue;
    const args = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
    if (args.length < 2) continue;
    const destRaw = args[args.length - 1]!;
    const dest = resolvePath(workdirAt(stage, i), destRaw);
    const srcs = args.slice(0, -1);
    const hit =
      dest === path ||
      srcs.some((s) => resolvePath(dest, s.replace(/\/+$/, '').replace(/^.*\//, '')) === path) ||
      ((destRaw.endsWith('/') || srcs.length > 1) && path.startsWith(`${dest}/`));
    if (hit) return sourceStage(m, from);
  }
  return null;
}

type Compiled = { lang: 'go'; cgo: 'off' | 'maybe' | 'on' } | { lang: 'rust' | 'c' };

/** What the builder stage compiles, when it does. */
function compiledBy(m: DockerfileModel, stage: Stage): Compiled | null {
  const runs = stage.instructions.map((ins, i) => ({ ins, i })).filter(({ ins }) => ins.keyword === 'RUN');
  const goBuilds = runs.filter(({ ins }) => /\bgo\s+(build|install)\b/.test(runText(ins))).map(({ i }) => i);
  if (goBuilds.length) {
    const set = goBuilds.map((i) => cgoSetting(m, stage, i));
    const cgo = set.every((v) => v === '0') ? 'off' : set.some((v) => v === '1') ? 'on' : 'maybe';
    return { lang: 'go', cgo };
  }
  if (runs.some(({ ins }) => /\bcargo\s+(build|install)\b/.test(runText(ins)))) return { lang: 'rust' };
  if (
    runs.some(({ ins }) => /(^|[\s;&|(])(gcc|g\+\+|cc|c\+\+|clang|make|cmake|ninja)(\s|$)/.test(runText(ins)))
  )
    return { lang: 'c' };
  return null;
}

/** The image of a stage with the file's global ARG defaults expanded, or null when it stays unknown. */
function stageImage(m: DockerfileModel, stage: Stage): string | null {
  const img = expandArgs(writtenImage(stage), argDefaults(m.globalArgs));
  return hasArgs(img) ? null : img;
}

/** The builder's Debian releases are all bookworm or older (its glibc ≤ distroless debian12's). */
function builderUpToBookworm(m: DockerfileModel, builder: Stage, ctx: ProjectContext): boolean {
  const img = stageImage(m, builder);
  if (!img) return false;
  const facts = baseImageFacts(parseImageRef(img), ctx.baseImages);
  return (
    facts.osId === 'debian' &&
    facts.osReleases.length > 0 &&
    facts.osReleases.every((r) => UP_TO_BOOKWORM.has(r))
  );
}

/** The alpine variant of an official image tag (`3.9-slim-bookworm` → `3.9-alpine`), or null. */
export function alpineVariant(image: string): string | null {
  const ref = parseImageRef(image);
  const fam = familyOf(ref);
  if (!fam?.alpine || ref.digest) return null;
  const tag = ref.tag ?? 'latest';
  if (/alpine|windows|nanoserver/.test(tag)) return null;
  const core = tag
    .replace(/-?(bookworm|bullseye|buster|trixie|jammy|noble|focal)$/, '')
    .replace(/-?slim$/, '')
    .replace(/^(latest|slim)$/, '');
  return `${ref.repository}:${core ? `${core}-alpine` : 'alpine'}`;
}

/** Which bases fit the final stage of `text` (see the file's comment). */
export function deriveBaseCandidates(input: BaseCandidateInput): BaseCandidateDerivation {
  const m = parseDockerfile(input.text);
  const stage = finalStage(m);
  const current = stageImage(m, stage);
  const none = (reason: string): BaseCandidateDerivation => ({
    candidates: current ? [{ image: current, kind: 'static', reason, isStatic: true }] : [],
    excluded: [],
    alpineVariant: null,
    factsWanted: [],
  });
  if (!current) return none('The final FROM names an ARG without a default; nothing else is tried.');
  if (sourceStage(m, current) || current === 'scratch')
    return none('The final stage builds on another stage or on scratch; nothing else is tried.');
  const ref = parseImageRef(current);
  const out: BaseCandidateSpec[] = [
    {
      image: current,
      kind: 'static',
      reason: "The optimizer's own choice, made without a daemon.",
      isStatic: true,
    },
  ];
  const excluded: BaseCandidateDerivation['excluded'] = [];
  const factsWanted: string[] = [];
  const add = (c: Omit<BaseCandidateSpec, 'isStatic'>): void => {
    if (!out.some((o) => o.image === c.image)) out.push({ ...c, isStatic: false });
  };

  const slim = slimVariant(ref);
  if (slim)
    add({
      image: slim,
      kind: 'slim',
      reason: `The -slim variant of ${current} runs the same code without compilers and headers.`,
    });

  // Distroless: the stage as it would read on the image (distroless-form.ts), if it then needs no shell.
  const blocker = distrolessBlocker(stage);
  const st = start(stage);
  const fam = familyOf(ref);
  const exclude = (image: string, reason: string): void => {
    if (image !== current) excluded.push({ image, reason });
  };
  const distroless = (image: string, reason: string): void => {
    const form = distrolessForm(
      input.text,
      image,
      {
        context: input.context,
        ...(input.config ? { config: input.config } : {}),
        ...(input.disabled ? { disabled: input.disabled } : {}),
        ...(input.buildkit !== undefined ? { buildkit: input.buildkit } : {}),
      },
      applyBaseCandidate,
    );
    if (!form) return exclude(image, 'the final FROM could not be rewritten');
    const why = distrolessBlocker(finalStage(parseDockerfile(form.text)));
    if (why) return exclude(image, why);
    const carried = form.notes.length ? ` Carried over: ${form.notes.join('; ')}.` : '';
    const user = form.nonroot
      ? ` It runs as distroless's nonroot (uid 65532), as WH050 writes it, if that user can write where the original wrote; else as root, as before.`
      : '';
    add({
      image,
      kind: 'distroless',
      reason: `${reason}${carried}${user}`,
      ...(form.nonroot
        ? { text: form.nonroot, fallbackText: form.text }
        : form.text !== applyBaseCandidate(input.text, image)
          ? { text: form.text }
          : {}),
    });
  };
  if (st && !st.entrypoint && st.words[0] === 'node' && fam?.repository === 'node') {
    const major = /^(\d+)/.exec(ref.tag ?? '')?.[1];
    // The catalog's published majors (debian12: the builders here are bookworm or older).
    const image = major ? distrolessNodeImage(Number(major), 'bookworm') : null;
    if (!image) exclude(`${DISTROLESS}/nodejs-debian12`, `no distroless Node image for ${current}`);
    else
      distroless(
        image,
        `The start runs \`node\` directly (exec form): distroless Node ${major} runs it without a shell or npm.`,
      );
  } else if (
    st &&
    !st.entrypoint &&
    st.words[0] === 'java' &&
    st.words[1] === '-jar' &&
    st.words[2] &&
    fam?.ecosystem === 'java'
  ) {
    const major = /(?:^|[^\d])(\d{2})(?!\d)/.exec(ref.tag ?? '')?.[1];
    const image = `${DISTROLESS}/java${major}-debian12`;
    if (!major || !DISTROLESS_JAVA.has(major))
      exclude(`${DISTROLESS}/java-debian12`, `no distroless Java image for ${current}`);
    else
      distroless(
        image,
        `The start runs \`java -jar\` directly (exec form): distroless Java ${major} runs the jar without a shell.`,
      );
  } else if (st && st.words[0] === 'java' && readJlinkRuntime(stage)) {
    // WH014's linked runtime: glibc, libstdc++ and libgcc are all its JVM needs from the system.
    distroless(
      `${DISTROLESS}/cc-debian12`,
      'The linked Java runtime needs glibc, libstdc++ and libgcc, which distroless cc has (Debian bookworm, as the runtime stage).',
    );
  } else if (st) {
    const prog = st.words[0]!;
    const path = prog.startsWith('/')
      ? prog
      : prog.includes('/')
        ? resolvePath(workdirAt(stage, stage.instructions.length), prog)
        : null;
    const builder = path ? copiedFrom(m, stage, path) : null;
    const compiled = builder ? compiledBy(m, builder) : null;
    const statik = `${DISTROLESS}/static-debian12`;
    const glibcImages = [`${DISTROLESS}/base-debian12`, `${DISTROLESS}/cc-debian12`];
    if (!compiled) {
      const why = `the start runs \`${prog}\`, which is not a binary a builder stage compiles (distroless has no interpreter or shell for it)`;
      if (!ref.repository.startsWith('distroless/')) exclude(statik, why);
    } else if (
      compiled.lang === 'go' &&
      input.context.goSubprocess &&
      !ref.repository.startsWith('distroless/')
    ) {
      // A handler that runs a program is rarely reached by the checks: no distroless at all.
      const why = 'the Go sources start other programs (os/exec…), which distroless has none of';
      for (const img of [statik, ...glibcImages]) exclude(img, why);
    } else {
      const what = `${prog} (compiled by the ${builder!.name ?? `stage ${builder!.index}`} stage)`;
      if (compiled.lang === 'go' && compiled.cgo === 'off') {
        distroless(statik, `${what} is a static Go binary (CGO_ENABLED=0): it needs no libc.`);
        for (const img of glibcImages)
          exclude(img, 'a static Go binary needs no libc: distroless static is smaller');
      } else {
        if (compiled.lang === 'go' && compiled.cgo === 'maybe')
          distroless(statik, `${what} is static when cgo is unused; the runtime-libraries check tells.`);
        else
          exclude(
            statik,
            compiled.lang === 'go'
              ? 'the Go build sets CGO_ENABLED=1: the binary links glibc'
              : `a ${compiled.lang === 'rust' ? 'Rust' : 'C/C++'} binary links glibc`,
          );
        if (builderUpToBookworm(m, builder!, input.context)) {
          distroless(
            glibcImages[0]!,
            `${what} links glibc: distroless base has it (bookworm's 2.36, as the builder).`,
          );
          distroless(
            glibcImages[1]!,
            `${what} links glibc, perhaps libstdc++/libgcc: distroless cc has them.`,
          );
        } else {
          const img = stageImage(m, builder!);
          if (img && !input.context.baseImages?.[img]?.osRelease) factsWanted.push(img);
          for (const img of glibcImages)
            exclude(
              img,
              "the builder's Debian release is not known to be bookworm or older (distroless debian12's glibc is bookworm's)",
            );
        }
      }
    }
  } else if (!ref.repository.startsWith('distroless/'))
    exclude(`${DISTROLESS}/static-debian12`, blocker ?? 'the stage has no exec-form start of its own');

  // Alpine (musl).
  const alpine = alpineVariant(current);
  let pending: string | null = null;
  if (alpine) {
    const debianTools = stage.instructions.find(
      (i) => i.keyword === 'RUN' && /\b(apt-get|apt|dpkg|useradd|groupadd)\b/.test(runText(i)),
    );
    if (debianTools)
      exclude(alpine, `the final stage runs Debian's tools (\`${runText(debianTools).slice(0, 40)}\`)`);
    else if (input.appLinksGlibc === false)
      add({
        image: alpine,
        kind: 'alpine',
        reason: 'Nothing the final stage adds links glibc (ELF reader), so musl can run it.',
      });
    else if (input.appLinksGlibc === true)
      exclude(
        alpine,
        'a file the final stage adds links glibc (libc.so.6 or its loader), which alpine (musl) lacks',
      );
    else {
      pending = alpine;
      exclude(alpine, 'whether the app links glibc is unknown (the ELF reader has not seen the built image)');
    }
  }
  return { candidates: out, excluded, alpineVariant: pending, factsWanted };
}

/** The start words a distroless Node (`node`) or Java (`java -jar`) image's ENTRYPOINT supplies. */
const entryWords = (image: string): string[] =>
  /^gcr\.io\/distroless\/nodejs\d+/.test(image)
    ? ['node']
    : /^gcr\.io\/distroless\/java\d+/.test(image)
      ? ['java', '-jar']
      : [];

/**
 * The Dockerfile with the final stage on `image`: the FROM's image word swapped (its flags and
 * `AS name` kept) and, for a distroless Node or Java base, the CMD without the `node` /
 * `java -jar` words their ENTRYPOINT supplies (and, leaving such a base, with them put back). Null when the text has no final FROM to swap.
 */
export function applyBaseCandidate(text: string, image: string): string | null {
  const m = parseDockerfile(text);
  const stage = finalStage(m);
  if (!stage) return null;
  const from = stage.from;
  if (from.startLine !== from.endLine) return null;
  const line = m.lines[from.startLine]!;
  const written = writtenImage(stage);
  const at = line.indexOf(written, line.search(/from/i) + 4);
  if (at < 0) return null;
  const edits = [
    {
      start: from.startLine,
      end: from.startLine,
      text: line.slice(0, at) + image + line.slice(at + written.length),
    },
  ];
  // The words the base's ENTRYPOINT supplies: dropped from the CMD on the way in, put back on the way out.
  const from0 = entryWords(written);
  const to = entryWords(image);
  const cmd = stage.instructions.filter((i) => i.keyword === 'CMD').pop();
  if ((from0.length || to.length) && cmd?.json && cmd.jsonArgs && cmd.startLine === cmd.endLine) {
    const full = [...from0, ...cmd.jsonArgs];
    const words = to.every((w, i) => full[i] === w) ? full.slice(to.length) : full;
    const printed = `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
    edits.push({ start: cmd.startLine, end: cmd.endLine, text: `${cmd.keywordRaw} ${printed}` });
  }
  return applyEdits(m, edits);
}
