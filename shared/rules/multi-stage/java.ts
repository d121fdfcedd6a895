/** Java: compile in the JDK image, run the jar on a JRE image of the same major version. */
import { javaRuntimeFor } from '../../catalog/base-images';
import { writtenImage, type Stage } from '../../dockerfile/model';
import { renderLine } from '../../dockerfile/printer';
import { commandWords, runs } from '../../dockerfile/shell';
import { sourcesOf } from '../add-instead-of-copy';
import { isExcluded, parseDockerignore } from '../dockerignore-match';
import { isJavaBuild, jarOf, segmentsOf } from '../commands';
import type { RuleContext } from '../rule';
import { resolvePath } from '../stage-facts';
import { runtimeFollowingArgs } from './arg-image';
import { baseWorkdir } from './base-workdir';
import { defaultShared, type SplitPlan } from './split';

const JDK_TOOL = /^(\.\/)?(javac|jar|jlink|jdeps|mvnw?|gradlew?)$/;
/** What a Maven or Gradle build reads. */
const JAVA_BUILD_INPUT =
  /^(\.\/?|(\.\/)?(pom\.xml|(build|settings)\.gradle(\.kts)?|gradle\.properties|gradlew|mvnw|(gradle|\.mvn|src)(\/.*)?))$/;

/** The JRE for a JDK builder, keeping a build arg that names the Java version (`${JAVA}-jdk` → `${JAVA}-jre`). */
export function jreFor(ctx: RuleContext, stage: Stage): { image: string } | { risk: string } | null {
  if (!javaRuntimeFor(stage.image)) return null;
  const image = runtimeFollowingArgs(ctx.model, stage, javaRuntimeFor, (w) =>
    /^(docker\.io\/)?(library\/)?eclipse-temurin:[^:]*jdk/.test(w) ? w.replace(/jdk[^:/]*$/, 'jre') : null,
  );
  return image
    ? { image }
    : {
        risk: `The Java version comes from a build arg (${writtenImage(stage)}), and Whittle cannot name a JRE that follows it; split by hand with the same arg in the runtime's tag.`,
      };
}

/** Files of a context that never reach a runtime (VCS, editor and Docker files, build output). */
const NOT_RUNTIME =
  /^(\.git(\/|$)|\.gitignore$|\.gitattributes$|\.idea\/|\.vscode\/|\.dockerignore$|(.*\.)?Dockerfile(\..*)?$|README|LICENSE|CHANGELOG|target\/|build\/|out\/)/;

/** True when every file the build context sends (after .dockerignore) is a Java build input. */
function contextIsBuildInput(ctx: RuleContext): boolean {
  const patterns = ctx.project.dockerignore ? parseDockerignore(ctx.project.dockerignore) : [];
  return ctx.project.files
    .filter((f) => !isExcluded(patterns, f.replace(/\/$/, '')) && !NOT_RUNTIME.test(f))
    .every((f) => JAVA_BUILD_INPUT.test(f.replace(/\/$/, '')));
}

export function planJava(ctx: RuleContext, stage: Stage): SplitPlan | { risk: string } | null {
  const jre = jreFor(ctx, stage);
  if (!jre) return null;
  if ('risk' in jre) {
    if (!stage.instructions.some((ins) => segmentsOf(ins).some((s) => isJavaBuild(s.cmd)))) return null;
    return jre;
  }
  const runtime = jre.image;
  const list = stage.instructions;
  const build = new Set<number>();
  list.forEach((ins, i) => {
    if (segmentsOf(ins).some((s) => isJavaBuild(s.cmd))) build.add(i);
  });
  if (!build.size) return null;
  const lastBuild = Math.max(...build);
  const launch = list
    .filter((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')
    .map((i) => i.jsonArgs ?? commandWords(i.args));
  const jar = launch.map(jarOf).find((j) => j);
  if (!jar)
    return {
      risk: 'No `java -jar <file>` in CMD/ENTRYPOINT, so Whittle cannot tell which artifact the runtime needs.',
    };
  // Relative paths start at the image's default WORKDIR (`/home/gradle` on gradle images).
  const wd = baseWorkdir(ctx, stage);
  if ('risk' in wd) return wd;
  const jarPath = resolvePath(wd.at(list.length), jar);
  const runtimeDrop = new Set<number>();
  const shared = defaultShared(stage, lastBuild, build);
  for (const [i, ins] of list.entries()) {
    if (i > lastBuild && ins.keyword === 'RUN' && segmentsOf(ins).some((s) => runs(s.cmd, JDK_TOOL)))
      return { risk: `Line ${ins.startLine + 1} uses JDK tools after the build.` };
    // A COPY the build does not read (an agent jar, config) stays: the JVM reads it at run time.
    if (
      i < lastBuild &&
      !build.has(i) &&
      (ins.keyword === 'COPY' || ins.keyword === 'ADD') &&
      sourcesOf(ins).every((f) => JAVA_BUILD_INPUT.test(f)) &&
      // The whole context is only build input when every file in it is (config/, static files
      // and scripts that the start reads would otherwise be lost).
      (!sourcesOf(ins).some((f) => /^\.\/?$/.test(f)) || contextIsBuildInput(ctx))
    )
      runtimeDrop.add(i);
  }
  return {
    build,
    shared,
    builderPrelude: [],
    builderEpilogue: [],
    runtimeImage: runtime,
    runtimePrelude: wd.prelude(runtime),
    // A glob (`target/*.jar`) is copied into its folder: as a destination it would be a file
    // literally named `*.jar`.
    artifacts: [
      renderLine(
        ctx.style,
        'COPY',
        `--from={builder} ${jarPath} ${/[*?[]/.test(jarPath) ? `${jarPath.slice(0, jarPath.lastIndexOf('/') + 1)}` : jarPath}`,
      ),
    ],
    artifactsAt: lastBuild + 1 < list.length ? lastBuild + 1 : list.length,
    runtimeDrop,
    explanation: `Compiles in the JDK image and runs the jar on ${runtime}.`,
  };
}
