/**
 * Node: install (with devDependencies) and build in a builder on the original image, prune
 * devDependencies there, and copy the app folder into the runtime. The whole folder, because
 * Whittle may not read package.json to learn where the build writes.
 */
import type { Stage } from '../../dockerfile/model';
import { renderLine } from '../../dockerfile/printer';
import { aptPackages, isAptInstall, isNodeBuild, isNpmInstall, isYarnInstall, segmentsOf } from '../commands';
import { isBuildOnlyPackage } from '../../catalog/base-images';
import type { RuleContext } from '../rule';
import { workdirAt } from '../stage-facts';
import { defaultShared, type SplitPlan } from './split';

/** A CMD that runs a dev server needs the devDependencies at run time. */
const DEV_AT_RUNTIME =
  /\b(nodemon|ts-node|tsx|vite|next\s+dev|npm\s+run\s+dev|yarn\s+dev|webpack-dev-server|ng\s+serve)\b/;

export function planNode(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const list = stage.instructions;
  const build = new Set<number>();
  for (const [i, ins] of list.entries()) {
    const segs = segmentsOf(ins);
    if (segs.some((s) => isNpmInstall(s.cmd) || isYarnInstall(s.cmd) || isNodeBuild(s.cmd))) build.add(i);
    else if (segs.some((s) => isAptInstall(s.cmd) && aptPackages(s.cmd).some(isBuildOnlyPackage)))
      build.add(i);
  }
  if (!build.size) return null;
  const lastBuild = Math.max(...build);
  const wd = workdirAt(stage, lastBuild);
  if (wd === '/')
    return {
      risk: 'The app is built in / (no WORKDIR), so Whittle cannot tell which folder to carry over; add a WORKDIR.',
    };
  const runtimeCmd = list
    .filter((i) => ['CMD', 'ENTRYPOINT'].includes(i.keyword))
    .map((i) => i.args)
    .join(' ');
  const devAtRuntime = DEV_AT_RUNTIME.test(runtimeCmd);
  const yarn = list.some((i) => segmentsOf(i).some((s) => isYarnInstall(s.cmd)));
  const prune = yarn ? null : 'npm prune --omit=dev';
  const shared = defaultShared(stage, lastBuild, build);
  // The runtime keeps only configuration from before the build; the app folder arrives in one COPY.
  const runtimeDrop = new Set<number>();
  list.forEach((ins, i) => {
    if (i < lastBuild && (ins.keyword === 'COPY' || ins.keyword === 'ADD')) runtimeDrop.add(i);
    if (
      i < lastBuild &&
      ins.keyword === 'RUN' &&
      !build.has(i) &&
      !/\b(useradd|adduser|groupadd|addgroup)\b/.test(ins.args)
    ) {
      shared.add(i);
      runtimeDrop.add(i);
    }
  });
  const chown = list
    .find((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'chown'))
    ?.flags.find((f) => f.name === 'chown')?.value;
  const copy = renderLine(
    ctx.style,
    'COPY',
    `--from={builder} ${chown ? `--chown=${chown} ` : ''}${wd} ${wd}`,
  );
  return {
    build,
    shared,
    builderPrelude: [],
    builderEpilogue: prune && !devAtRuntime ? [renderLine(ctx.style, 'RUN', prune)] : [],
    runtimeImage: null,
    artifacts: [copy],
    artifactsAt: lastBuild + 1 < list.length ? lastBuild + 1 : list.length,
    runtimeDrop,
    explanation: devAtRuntime
      ? 'Installs and builds in a builder stage; the runtime copies the app folder. devDependencies stay because the CMD runs a dev tool.'
      : 'Installs and builds in a builder stage, prunes devDependencies there, and copies only the app folder (sources, build output, production node_modules) into the runtime.',
  };
}
