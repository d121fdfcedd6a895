/**
 * The Node runtime after a split: distroless Node (node and glibc only: no shell, no npm, yarn or
 * corepack) when the container starts `node` itself and nothing in the runtime needs a shell or
 * the builder's libraries; otherwise null (the runtime keeps the original image, which WH001
 * slims), with the reason.
 */
import { familyOf } from '../../catalog/base-images';
import { baseImageFacts } from '../../catalog/base-image-facts/resolve';
import { DISTROLESS_NODE_BIN, distrolessNodeImage } from '../../catalog/distroless-node';
import {
  systemLinkingAddons,
  unknownNativeInNpmLock,
  unknownNativeInPnpmLock,
} from '../../catalog/node-native';
import { hasArgs, writtenImage, type Instruction, type Stage } from '../../dockerfile/model';
import { renderLine } from '../../dockerfile/printer';
import { commandWords } from '../../dockerfile/shell';
import type { RuleContext } from '../rule';
import type { NodePm } from './node-pm';

/** What the recipe changes for a distroless runtime. */
export interface DistrolessNode {
  image: string;
  /** New text of the CMD: the script and its arguments (the image's ENTRYPOINT is node). */
  runtimeText: Map<number, string>;
  /** Lines after the runtime's FROM: node's folder on PATH, so a check, HEALTHCHECK or child process that runs `node` finds it. */
  prelude: string[];
}

/** How the start names node. */
const NODE_BIN = /^(\/usr(\/local)?\/bin\/)?node(js)?$/;
/** Debian releases, oldest first (a builder's glibc runs on the same or a newer release). */
const ORDER = ['stretch', 'buster', 'bullseye', 'bookworm', 'trixie'];
/** `20`, `20-slim`, `20-bookworm`, `20-bookworm-slim`: the tags of a whole major line. */
const MAJOR_TAG = /^(\d+)(?:-(stretch|buster|bullseye|bookworm|trixie))?(?:-slim)?$/;

/** A shell-form command as exec words, when it is a plain command (no variables, quotes or operators). */
function plainWords(args: string): string[] | null {
  if (/[|&;<>$`*?(){}\\"'~]/.test(args)) return null;
  const w = commandWords(args);
  return w.length ? w : null;
}

const last = (list: Instruction[], keyword: string): [number, Instruction] | null => {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.keyword === keyword) return [i, list[i]!];
  return null;
};

/** The image for the builder's Node major and Debian release, or why there is none. */
function imageFor(ctx: RuleContext, stage: Stage): string | { reason: string } {
  const written = writtenImage(stage);
  if (familyOf(stage.image)?.repository !== 'node' || stage.image.digest)
    return { reason: `${stage.image.raw} is not an official node tag` };
  if (hasArgs(written)) return { reason: `the Node version comes from a build arg (${written})` };
  const m = MAJOR_TAG.exec(stage.image.tag ?? 'latest');
  if (!m)
    return {
      reason: `${stage.image.raw} names no whole major line (a pinned version, alpine, lts…), and distroless Node follows the newest release of each major`,
    };
  const facts = baseImageFacts(stage.image, ctx.project.baseImages);
  if (facts.osId && facts.osId !== 'debian') return { reason: `${stage.image.raw} is ${facts.osId}` };
  const releases = m[2] ? [m[2]] : facts.osReleases;
  const release = releases
    .filter((r) => ORDER.includes(r))
    .sort((a, b) => ORDER.indexOf(b) - ORDER.indexOf(a))[0];
  const image = release ? distrolessNodeImage(Number(m[1]), release) : null;
  return image ?? { reason: `no distroless Node ${m[1]} image matches ${stage.image.raw}'s Debian release` };
}

/** Native addons among the production dependencies that may link libraries distroless lacks. */
function nativeAddons(ctx: RuleContext, pm: NodePm): string[] {
  const m = ctx.project.manifests ?? {};
  const deps = ctx.project.packageJson?.dependencies ?? [];
  const lock = m['package-lock.json'] ?? m['yarn.lock'] ?? m['pnpm-lock.yaml'] ?? '';
  const out = new Set(systemLinkingAddons(lock, deps));
  const scripted =
    pm === 'npm' && m['package-lock.json']
      ? unknownNativeInNpmLock(m['package-lock.json'])
      : pm === 'pnpm' && m['pnpm-lock.yaml']
        ? unknownNativeInPnpmLock(m['pnpm-lock.yaml'])
        : null;
  for (const n of scripted ?? []) out.add(n);
  return [...out];
}

/**
 * The distroless plan for the runtime, or the reason the runtime keeps a shell. `kept` tells
 * whether instruction i stays in the runtime as written; `replaced` whether the recipe gives it
 * new text (a RUN either way).
 */
export function distrolessNode(
  ctx: RuleContext,
  stage: Stage,
  kept: (i: number) => boolean,
  replaced: (i: number) => boolean,
  pm: NodePm,
): DistrolessNode | { reason: string } {
  const list = stage.instructions;
  const image = imageFor(ctx, stage);
  if (typeof image !== 'string') return image;
  for (const [i, ins] of list.entries()) {
    if (ins.keyword === 'RUN' && (kept(i) || replaced(i)))
      return {
        reason: `line ${ins.startLine + 1} runs a command in the runtime, and distroless has no shell`,
      };
    if (ins.keyword === 'SHELL' || ins.keyword === 'ENTRYPOINT')
      return { reason: `the stage sets ${ins.keyword} (line ${ins.startLine + 1})` };
    if (ins.keyword === 'USER' || ins.flags.some((f) => f.name === 'chown'))
      return {
        reason: `line ${ins.startLine + 1} names a user, and distroless has only root and nonroot (no node user)`,
      };
  }
  const cmd = last(list, 'CMD');
  if (!cmd) return { reason: 'the stage sets no CMD' };
  const words = cmd[1].json ? cmd[1].jsonArgs! : plainWords(cmd[1].args);
  if (!words || !NODE_BIN.test(words[0] ?? '') || words.length < 2)
    return { reason: 'the CMD does not start node itself with a script (npm, a shell or another program)' };
  const runtimeText = new Map<number, string>();
  runtimeText.set(
    cmd[0],
    renderLine(ctx.style, 'CMD', JSON.stringify(words.slice(1)).replace(/","/g, '", "')),
  );
  // An exec HEALTHCHECK that runs node finds it on PATH (the recipe puts /nodejs/bin there).
  const hc = last(list, 'HEALTHCHECK');
  if (hc && !/^(--\S+\s+)*NONE\s*$/i.test(hc[1].args)) {
    const first = hc[1].jsonArgs?.[0];
    if (!hc[1].json || !first || !NODE_BIN.test(first))
      return {
        reason: 'the HEALTHCHECK runs something other than node, and distroless has no shell or tools',
      };
  }
  if (ctx.project.nodeSubprocess !== false)
    return {
      reason:
        ctx.project.nodeSubprocess === true
          ? "the app's sources start processes (child_process, execa, shelljs…), which usually need /bin/sh"
          : "Whittle could not read the app's sources to see whether they start processes (/bin/sh)",
    };
  const native = nativeAddons(ctx, pm);
  if (native.length)
    return {
      reason: `native addons (${native.slice(0, 4).join(', ')}) may link libraries of the builder that distroless lacks`,
    };
  return { image, runtimeText, prelude: [renderLine(ctx.style, 'ENV', `PATH=${DISTROLESS_NODE_BIN}:$PATH`)] };
}
