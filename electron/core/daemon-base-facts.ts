/**
 * Base-image facts for a project load (CLI analyze/optimize, the app's project open): asks the
 * Docker daemon for the Dockerfile's FROM images when it answers, within a small time box: their
 * config only (WORKDIR, USER, ENV, language and — where ENV says it — pip version; an inspect,
 * electron/core/docker/base-image-facts.ts). Reading os-release, dpkg and pip from the layers
 * takes a stream of the whole image (tens of seconds for a full python image on a busy machine),
 * so that deeper read stays with verify, which builds anyway. The images a base-swap estimate
 * names (the slim variant, a split's runtime image) are inspected too, for their sizes. It falls back and falls back quietly to the offline catalog (`shared/catalog`) when it does not: no
 * daemon, an image not pulled, or no answer in time. Never throws.
 */
import type { BaseImageFacts, ProjectContext } from '../../shared/api/contract';
import type Dockerode from 'dockerode';
import { parseDockerfile } from '../../shared/dockerfile/parse';
import { readImageConfigFacts, withEstimateImageSizes } from './docker/base-image-facts';
import { connect, resolveEndpoint } from './docker/connection';

/** Where the facts the recipes used came from, and for which images (as written after FROM). */
export interface BaseFactsSource {
  source: 'daemon' | 'catalog';
  images: string[];
}

/** Default time box (ms) for the inspects. */
export const DAEMON_FACTS_BUDGET_MS = 2500;

/**
 * The context with `baseImages` filled from the daemon (facts already there win), and which
 * source answered. `collect` is the daemon reader (a parameter for tests).
 */
export async function withDaemonFacts(
  context: ProjectContext,
  dockerfileText: string,
  opts: {
    budgetMs?: number;
    collect?: (text: string, signal: AbortSignal) => Promise<Record<string, BaseImageFacts>>;
  } = {},
): Promise<{ context: ProjectContext; facts: BaseFactsSource }> {
  const budget = opts.budgetMs ?? DAEMON_FACTS_BUDGET_MS;
  const ctrl = new AbortController();
  const collect =
    opts.collect ??
    (async (text: string, signal: AbortSignal) => {
      const docker = connect(resolveEndpoint());
      const found = await configFacts(docker, text);
      if (!Object.keys(found).length) return found;
      // The images the base-swap estimates name (slim variant, runtime image): their real sizes.
      const more = await withEstimateImageSizes(docker, text, { ...context, baseImages: found }, { signal });
      return more.baseImages ?? found;
    });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Record<string, BaseImageFacts>>((resolve) => {
    timer = setTimeout(() => {
      ctrl.abort();
      resolve({});
    }, budget);
  });
  let found: Record<string, BaseImageFacts> = {};
  try {
    // An inspect of a hung daemon has no timeout of its own: the race ends the wait.
    found = await Promise.race([collect(dockerfileText, ctrl.signal).catch(() => ({})), timeout]);
  } catch {
    found = {};
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  const images = Object.keys(found);
  if (!images.length) return { context, facts: { source: 'catalog', images: [] } };
  return {
    context: { ...context, baseImages: { ...found, ...context.baseImages } },
    facts: { source: 'daemon', images },
  };
}

/** Config facts of the FROM images the daemon has (at most 4), keyed as written after FROM. */
async function configFacts(docker: Dockerode, text: string): Promise<Record<string, BaseImageFacts>> {
  const model = parseDockerfile(text);
  const names = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
  const refs = [
    ...new Set(
      model.stages
        .map((s) => s.image.raw)
        .filter((r) => r !== 'scratch' && !r.includes('$') && !names.has(r.toLowerCase())),
    ),
  ].slice(0, 4);
  const out: Record<string, BaseImageFacts> = {};
  const all = await Promise.all(refs.map((r) => readImageConfigFacts(docker, r)));
  refs.forEach((r, i) => {
    if (all[i]) out[r] = all[i]!;
  });
  return out;
}

/** One line for the CLI: which source the base-image facts came from. */
export const describeFacts = (f: BaseFactsSource): string =>
  f.source === 'daemon'
    ? `Base image facts: read from the Docker daemon's copy of ${f.images.join(', ')} (image config).`
    : 'Base image facts: from the offline catalog (no local copy of the base images answered).';
