/** Base-image rules: fat variants, unpinned tags, alpine as an option, JDK as runtime. */
import { familyOf, isLean, javaRuntimeFor, slimVariant } from '../catalog/base-images';
import { estimateFields, swapEstimate } from '../catalog/image-sizes';
import {
  argDefaults,
  expandArgs,
  finalStage,
  hasArgs,
  writtenImage,
  type DockerfileModel,
  type Stage,
} from '../dockerfile/model';
import { parseImageRef } from '../dockerfile/parse';
import { isConfigAllowed } from './allowed';
import { isBuildStep, segmentsOf } from './commands';
import { fatOnlyToolRisk } from './fat-only-tools';
import type { Rule, RuleContext } from './rule';
import { startBuildToolRisk } from './start-scripts';
import { at } from './rule';
import { planRuntimeMove } from './multi-stage/toolchain-runtime';

export { FAT_ONLY_TOOLS } from './fat-only-tools';

/** Stage names other stages build on (FROM <stage>) are not images to pick. */
const stageNames = (m: DockerfileModel): Set<string> =>
  new Set(m.stages.map((s) => s.name).filter((n): n is string => !!n));

/** Why moving this stage to slim could break it, or null when it is safe. */
export function slimRisk(stage: Stage, ctx?: RuleContext): string | null {
  for (const ins of stage.instructions)
    for (const s of segmentsOf(ins))
      if (isBuildStep(s.cmd))
        return 'This stage installs or compiles dependencies, which may need the compilers and headers only the full image has; a multi-stage build (WH010) keeps them in a builder.';
  return fatOnlyToolRisk(stage, ctx);
}

/**
 * The slim image as the FROM line must spell it. An image named through a build arg keeps the arg
 * (`python:${PY}` → `python:${PY}-slim`) when the slim tag rule gives the same image for the arg's
 * default; otherwise (the arg names the whole image, or its default holds a suffix) there is no
 * safe spelling and the reason is returned.
 */
function slimWritten(m: DockerfileModel, s: Stage): { from: string; to: string } | { risk: string } {
  const slim = slimVariant(s.image)!;
  const written = writtenImage(s);
  if (!hasArgs(written)) return { from: s.image.raw, to: slim };
  if (hasArgs(s.image.raw))
    return {
      risk: `The image comes from a build arg without a default (${written}); Whittle cannot tell its variant.`,
    };
  const ref = parseImageRef(written);
  const tag = ref.tag === null ? null : familyOf(s.image)?.slimTag?.(ref.tag);
  const to = tag ? `${written.slice(0, written.length - ref.tag!.length)}${tag}` : null;
  if (to && expandArgs(to, argDefaults(m.globalArgs)) === slim) return { from: written, to };
  return {
    risk: `The image comes from a build arg (${written}); set its default to ${slim} (a --build-arg may name another image).`,
  };
}

export const fatBaseImage: Rule = {
  meta: {
    id: 'WH001',
    name: 'fat-base-image',
    title: 'Full-size base image where a slim variant exists',
    why: 'The default tags of official images (python:3.9, node:20, ruby:3.2, debian:bookworm…) are built on buildpack-deps: compilers, version-control tools and hundreds of -dev headers, which a running app never uses. The `-slim` variant runs the same interpreter on the same Debian release at a fraction of the size. Whittle switches only when nothing in the final stage needs the extra tools (a builder stage keeps them when it does).',
    severity: 'warning',
    category: 'base-image',
    fixable: true,
  },
  check(ctx) {
    const names = stageNames(ctx.model);
    return ctx.model.stages
      .filter(
        (s) =>
          s === finalStage(ctx.model) &&
          !names.has(s.image.repository) &&
          slimVariant(s.image) &&
          !isConfigAllowed(ctx, s),
      )
      .map((s) => {
        const written = slimWritten(ctx.model, s);
        const risk =
          slimRisk(s, ctx) ?? startBuildToolRisk(ctx, s) ?? ('risk' in written ? written.risk : null);
        return at(s.from, `${s.image.raw} has a slim variant: ${slimVariant(s.image)}`, {
          ...estimateFields(swapEstimate(s.image, slimVariant(s.image), ctx.project.baseImages)),
          ...(risk ? { risk } : {}),
        });
      });
  },
  fix(ctx) {
    const s = finalStage(ctx.model);
    const slim = slimVariant(s.image);
    if (
      !slim ||
      ctx.suppressed(s.from) ||
      isConfigAllowed(ctx, s) ||
      stageNames(ctx.model).has(s.image.repository) ||
      slimRisk(s, ctx) ||
      startBuildToolRisk(ctx, s)
    )
      return null;
    const written = slimWritten(ctx.model, s);
    if ('risk' in written) return null;
    const line = ctx.model.lines[s.from.startLine]!;
    return {
      edits: [
        { start: s.from.startLine, end: s.from.startLine, text: line.replace(written.from, written.to) },
      ],
      explanation: `Switched the final image to ${slim}: same runtime, without compilers and headers.`,
    };
  },
};

/**
 * Distroless images carry their Debian release in the name (`gcr.io/distroless/static-debian12`)
 * and publish no version tags — only `latest`, `nonroot`, `debug` (GoogleContainerTools/distroless
 * README): the name is the pin short of a digest.
 */
const releaseInName = (s: Stage): boolean =>
  s.image.registry === 'gcr.io' && /^distroless\/[\w-]+-debian\d+$/.test(s.image.repository);

export const unpinnedBase: Rule = {
  meta: {
    id: 'WH002',
    name: 'base-image-unpinned',
    title: 'Base image without a version tag',
    why: '`latest` (or no tag) moves whenever upstream publishes, so the same Dockerfile builds a different — sometimes much larger — image next month, and cached layers silently stop matching. Pin a version tag (and, for full reproducibility, a digest).',
    severity: 'warning',
    category: 'base-image',
    hadolint: 'DL3007',
    fixable: false,
  },
  check(ctx) {
    const names = stageNames(ctx.model);
    return ctx.model.stages
      .filter(
        (s) =>
          s.image.repository !== 'scratch' &&
          !names.has(s.image.repository) &&
          !s.image.digest &&
          (!s.image.tag || s.image.tag === 'latest') &&
          !releaseInName(s),
      )
      .map((s) =>
        at(s.from, `${s.image.raw} is not pinned to a version`, {
          risk: 'Whittle cannot know which version you mean; pin one.',
        }),
      );
  },
};

export const alpineOption: Rule = {
  meta: {
    id: 'WH003',
    name: 'alpine-option',
    title: 'An alpine variant exists (musl libc)',
    why: 'Alpine variants are smaller still, but they use musl instead of glibc: prebuilt wheels and binaries built for glibc do not run, C extensions must be recompiled, DNS and locale behaviour differ. Whittle never switches to alpine by itself; consider it only after testing the app on it.',
    severity: 'info',
    category: 'base-image',
    fixable: false,
  },
  check(ctx) {
    const s = finalStage(ctx.model);
    const fam = familyOf(s.image);
    if (!fam?.alpine || isLean(s.image) || isConfigAllowed(ctx, s)) return [];
    return [
      at(s.from, `${s.image.repository} also comes as -alpine (musl libc: test before switching)`, {
        risk: 'musl libc can break glibc binaries and C extensions.',
      }),
    ];
  },
};

export const jdkAsRuntime: Rule = {
  meta: {
    id: 'WH004',
    name: 'jdk-as-runtime',
    title: 'JDK or build tool image used to run a Java app',
    why: 'A JDK (and Maven or Gradle images on top of one) carries the compiler, tools and sources a running app never uses. Compile in a builder stage and run the jar on a JRE image of the same Java version.',
    severity: 'warning',
    category: 'base-image',
    fixable: false,
  },
  // WH010 splits a stage that builds; WH013 moves one that only runs a copied jar.
  fixedBy: ['WH010', 'WH013'],
  check(ctx: RuleContext) {
    const s = finalStage(ctx.model);
    const fam = familyOf(s.image);
    if (fam?.ecosystem !== 'java' || /jre/.test(s.image.tag ?? '') || isConfigAllowed(ctx, s)) return [];
    const move = planRuntimeMove(ctx, s);
    const to = move && 'image' in move ? move.image : javaRuntimeFor(s.image);
    return [
      at(s.from, `${s.image.raw} ships a full JDK to run the app`, {
        ...estimateFields(swapEstimate(s.image, to, ctx.project.baseImages)),
        ...(move && 'risk' in move ? { risk: move.risk } : {}),
      }),
    ];
  },
};
