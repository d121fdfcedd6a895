/** Multi-stage rules: toolchains, build packages and devDependencies left in the final image. */
import { familyOf, isBuildOnlyPackage, isLean, slimVariant } from '../../catalog/base-images';
import { estimateFields, swapEstimate } from '../../catalog/image-sizes';
import { finalStage, type Instruction, type Stage } from '../../dockerfile/model';
import { resolvePath, workdirAt } from '../stage-facts';
import { isBuildStep, isNpmInstall, osPackages, segmentsOf } from '../commands';
import type { Rule, RuleContext } from '../rule';
import { at } from '../rule';
import { planGo } from './go';
import { planJava } from './java';
import { devToolAtRuntime, planNode } from './node';
import { planPython } from './python';
import { planRuby } from './ruby';
import { planRust } from './rust';
import { notStandalone, renderSplit, type SplitPlan } from './split';
import { startBuildToolRisk } from '../start-scripts';

/** Build-only OS packages (compilers, `-dev`/`-devel` headers) an instruction installs, by apt, apk or yum/dnf. */
const buildPackagesOf = (ins: Instruction): string[] =>
  segmentsOf(ins).flatMap((s) => osPackages(s.cmd).filter(isBuildOnlyPackage));

const installsBuildPackages = (stage: Stage): boolean =>
  stage.instructions.some((i) => buildPackagesOf(i).length > 0);

/** True when the stage's base is not Debian-based: alpine (musl, apk) or a yum/dnf distribution. */
const notDebian = (stage: Stage): boolean =>
  /alpine/.test(stage.image.tag ?? '') ||
  ['alpine', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux'].includes(
    stage.image.repository.split('/').pop() ?? '',
  ) ||
  /^(redhat|ubi\d*)\//.test(stage.image.repository);

function plan(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const p = ecosystemPlan(ctx, stage);
  if (!p) return p;
  // A start that runs make, a compiler or an installer needs the toolchain in the runtime: the
  // most specific reason, ahead of a recipe's own (Go's "the start is not the binary").
  const tool = startBuildToolRisk(ctx, stage);
  return tool ? { risk: tool } : p;
}

function ecosystemPlan(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const builds = stage.instructions.some((i) => segmentsOf(i).some((s) => isBuildStep(s.cmd)));
  const blocked = notStandalone(ctx, stage);
  if (blocked) return builds ? { risk: blocked } : null;
  // Whittle's recipes name Debian runtime libraries and copy glibc builds; on alpine or a
  // yum/dnf base the runtime needs that distribution's own package names.
  // (Go's recipe knows alpine's musl itself.)
  if (notDebian(stage) && installsBuildPackages(stage) && familyOf(stage.image)?.ecosystem !== 'go')
    return {
      risk: `${stage.image.raw} is not Debian-based, and Whittle's builder recipes name Debian's runtime libraries; split by hand: compilers and -dev packages in a builder stage on the same base, only the runtime libraries (e.g. libpq for postgresql-dev, libffi for libffi-dev) in the final one.`,
    };
  switch (familyOf(stage.image)?.ecosystem) {
    case 'python':
      // On a slim base with no compiler or headers installed, pip leaves nothing a split would drop.
      if (isLean(stage.image) && !installsBuildPackages(stage)) return null;
      return planPython(ctx, stage);
    case 'node':
      return planNode(ctx, stage);
    case 'go':
      return planGo(ctx, stage);
    case 'java':
      return planJava(ctx, stage);
    case 'ruby':
      return planRuby(ctx, stage);
    case 'rust':
      return planRust(ctx, stage);
    default:
      return builds
        ? {
            risk: `Whittle has no builder recipe for ${stage.image.raw}; split the build into its own stage by hand.`,
          }
        : null;
  }
}

export const multiStage: Rule = {
  meta: {
    id: 'WH010',
    name: 'no-multi-stage',
    title: 'Build toolchain shipped in the final image',
    why: 'Everything that compiles or installs dependencies — compilers, headers, package-manager caches, the Go or Java toolchain, devDependencies — is needed for minutes during the build and then ships, unused, in every copy of the image. A multi-stage build does that work in a builder stage and copies only what runs (a virtualenv, a binary, a jar, the built app) into a small runtime stage.',
    severity: 'error',
    category: 'multi-stage',
    fixable: true,
  },
  check(ctx) {
    const stage = finalStage(ctx.model);
    const p = plan(ctx, stage);
    if (!p) return [];
    // The runtime the split lands on: the plan's, or the slim variant WH001 gives the kept base.
    const to = ('risk' in p ? null : p.runtimeImage) ?? slimVariant(stage.image);
    return [
      at(stage.from, 'the final stage installs or compiles its dependencies itself', {
        // No saving to claim when the start itself needs the toolchain.
        ...(!isLean(stage.image) && !('risk' in p && p.risk === startBuildToolRisk(ctx, stage))
          ? estimateFields(swapEstimate(stage.image, to, ctx.project.baseImages))
          : {}),
        ...('risk' in p ? { risk: p.risk } : {}),
      }),
    ];
  },
  fix(ctx) {
    const stage = finalStage(ctx.model);
    if (ctx.suppressed(stage.from)) return null;
    const p = plan(ctx, stage);
    if (!p || 'risk' in p) return null;
    return { edits: [renderSplit(ctx, stage, p)], explanation: p.explanation };
  },
};

/**
 * 0-based start lines of the final stage's instructions that the split (WH010) leaves out of the
 * runtime stage (moved into the builder, or dropped): their layers no longer ship once it applies.
 * Empty when the split does not apply.
 */
export function leftOutBySplit(ctx: RuleContext): Set<number> {
  const stage = finalStage(ctx.model);
  const p = plan(ctx, stage);
  if (!p || 'risk' in p) return new Set();
  return new Set(
    [...p.build, ...p.runtimeDrop]
      .map((k) => stage.instructions[k]?.startLine)
      .filter((l) => l !== undefined),
  );
}

export const buildPackagesInFinal: Rule = {
  meta: {
    id: 'WH011',
    name: 'build-packages-in-final',
    title: 'Compilers or -dev headers installed in the final stage',
    why: 'build-essential, gcc and the `-dev` header packages are only needed to compile (git too, unless the app runs it; Whittle keeps git in the final image). In the final image they add hundreds of megabytes and a larger attack surface. Install them in a builder stage; the runtime stage needs only the shared libraries (e.g. `libpq5` instead of `libpq-dev`).',
    severity: 'warning',
    category: 'multi-stage',
    fixable: false,
  },
  fixedBy: ['WH010'],
  check(ctx) {
    const stage = finalStage(ctx.model);
    // A start that runs make or a compiler needs them: no saving to claim, and the reason said.
    const needed = startBuildToolRisk(ctx, stage);
    return stage.instructions
      .filter((i) => buildPackagesOf(i).length > 0)
      .map((i) => {
        const pkgs = buildPackagesOf(i);
        return at(
          i,
          `build-only packages in the final image: ${pkgs.join(', ')}`,
          needed ? { risk: needed } : { estimatedBytes: 200_000_000 },
        );
      });
  },
};

export const devDependenciesInFinal: Rule = {
  meta: {
    id: 'WH012',
    name: 'node-dev-dependencies',
    title: 'devDependencies installed in the final image',
    why: 'A plain `npm install`/`npm ci` installs devDependencies too: compilers, bundlers, test frameworks, type definitions — often most of node_modules. Install them in a builder stage to build, then ship only production dependencies (`npm prune --omit=dev` or `npm ci --omit=dev`).',
    severity: 'warning',
    category: 'multi-stage',
    fixable: false,
  },
  fixedBy: ['WH010'],
  check(ctx) {
    if (declaresNoDevDependencies(ctx)) return [];
    const stage = finalStage(ctx.model);
    // A dev tool the start runs keeps devDependencies wherever they are installed: advice, named.
    const tool = devToolAtRuntime(stage, ctx.project.packageJson);
    const risk = tool
      ? `The container starts ${tool}, a development tool, so the devDependencies have to stay; build the app ahead of time (e.g. tsc) and start it with node to drop them.`
      : undefined;
    return [...installsDev(stage), ...copiesDev(ctx, stage)].map((i) =>
      at(i, 'devDependencies are installed into the final image', {
        estimatedBytes: 50_000_000,
        ...(risk ? { risk } : {}),
      }),
    );
  },
};

/**
 * True when no install can bring a devDependency: the root package.json lists none and it is the
 * project's only package.json (no workspace or sub-project outside node_modules declares any).
 */
function declaresNoDevDependencies(ctx: RuleContext): boolean {
  const pj = ctx.project.packageJson;
  if (!pj || pj.devDependencies.length) return false;
  return !ctx.project.files.some(
    (f) => f !== 'package.json' && /(^|\/)package\.json$/.test(f) && !/(^|\/)node_modules\//.test(f),
  );
}

/** A full `npm install`/`npm ci` (devDependencies included) with no prune or NODE_ENV=production in the stage. */
function installsDev(stage: Stage): Instruction[] {
  const pruned = stage.instructions.some(
    (i) => /npm\s+prune/.test(i.args) || /NODE_ENV[= ]"?production/.test(i.args),
  );
  if (pruned) return [];
  return stage.instructions.filter((i) =>
    segmentsOf(i).some((s) => isNpmInstall(s.cmd) && !/--(omit[= ]dev|production|only[= ]prod)/.test(s.cmd)),
  );
}

/**
 * `COPY --from=<stage>` lines of the final stage that bring the node_modules of a stage that
 * installed devDependencies and did not prune them: a split that moved the install moved no
 * devDependency out of the image.
 */
function copiesDev(ctx: RuleContext, stage: Stage): Instruction[] {
  return stage.instructions.filter((i) => {
    const from = i.keyword === 'COPY' ? i.flags.find((f) => f.name === 'from')?.value : undefined;
    if (!from) return false;
    const src = ctx.model.stages.find(
      (s) =>
        s.index < stage.index && (s.name?.toLowerCase() === from.toLowerCase() || String(s.index) === from),
    );
    if (!src) return false;
    const modules = installsDev(src).map((ins) =>
      `${workdirAt(src, src.instructions.indexOf(ins))}/node_modules`.replace('//', '/'),
    );
    const words = i.jsonArgs ?? i.args.split(/\s+/).filter(Boolean);
    const sources = words.slice(0, -1).map((w) => resolvePath('/', w));
    return sources.some((p) => modules.some((m) => m === p || m.startsWith(p === '/' ? '/' : `${p}/`)));
  });
}
