/**
 * Runtime images derived from a builder image that is named through build args
 * (`eclipse-temurin:${JAVA}-jdk`): the runtime must follow the same args, or a `--build-arg`
 * would pair a JDK 21 build with a JRE 17 runtime.
 */
import {
  argDefaults,
  expandArgs,
  hasArgs,
  writtenImage,
  type DockerfileModel,
  type ImageRef,
  type Stage,
} from '../../dockerfile/model';
import { parseImageRef } from '../../dockerfile/parse';

/** Variable names a text refers to (`$X`, `${X}`, `${X:-d}`). */
const varsOf = (text: string): string[] => [...text.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]!);

/**
 * The runtime reference to write for a builder stage: `derive(resolved image)` as a literal when
 * the builder's args do not change it; else `candidate` (the written image with the args kept,
 * e.g. jdk → jre) when it resolves to `derive`'s answer for the defaults and for other values of
 * the args; else null (the runtime cannot follow the args).
 */
export function runtimeFollowingArgs(
  model: DockerfileModel,
  stage: Stage,
  derive: (image: ImageRef) => string | null,
  candidate: (written: string) => string | null,
): string | null {
  const literal = derive(stage.image);
  const written = writtenImage(stage);
  if (!literal || !hasArgs(written)) return literal;
  const defaults = argDefaults(model.globalArgs);
  const probe = new Map(varsOf(written).map((v) => [v, '99']));
  const probed = derive(parseImageRef(expandArgs(written, probe)));
  if (probed === derive(parseImageRef(expandArgs(written, new Map([...probe].map(([k]) => [k, '98'])))))) {
    // The args do not reach what the runtime depends on (e.g. maven:${MVN}-eclipse-temurin-17).
    if (probed === literal) return literal;
  }
  const c = candidate(written);
  if (!c) return null;
  return expandArgs(c, defaults) === literal && expandArgs(c, probe) === probed ? c : null;
}
