/**
 * One timed build through the Docker service's `buildImage` (the code path the app uses:
 * same context packing, .dockerignore handling and builder), counting the Dockerfile steps the
 * builder reported as cached, so a "cold" build that hit a cache can be told apart and a
 * rebuild shows how much of the cache survived the edit.
 */
import type Dockerode from 'dockerode';
import type { Variant } from '../../shared/api/contract';
import { buildImage } from '../../electron/core/docker/build';
import { decodeTrace } from '../../electron/core/docker/progress';

export interface TimedBuild {
  imageId: string;
  tag: string;
  ms: number;
  steps: number;
  cachedSteps: number;
}

interface StepCount {
  steps: Set<string>;
  cached: Set<string>;
}

/**
 * BuildKit names Dockerfile steps `[ 2/11] RUN …` or `[builder 3/8] COPY …` (note the padding).
 * Only RUN/COPY/ADD count — the steps that do work. FROM and WORKDIR are reported "cached"
 * even under nocache (a local base image, an empty directory), which would read as a leak.
 */
const BUILDKIT_STEP = /^\[([\w.-]+\s+)?\s*(\d+)\/(\d+)\] (RUN|COPY|ADD) /i;

/**
 * Reads the raw build stream next to the service. The service's progress events are not used
 * for counting: they miss BuildKit's space-padded step names (`[ 2/11]`) on builds of ten or
 * more steps, which would undercount exactly the long builds this benchmark cares about.
 */
function countSteps(stream: NodeJS.ReadableStream, into: StepCount): void {
  let buf = '';
  let current = '';
  stream.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const line of lines) {
      let msg: { id?: string; aux?: unknown; stream?: string };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        continue;
      }
      if (msg.id === 'moby.buildkit.trace' && typeof msg.aux === 'string') {
        for (const v of decodeTrace(msg.aux).vertexes) {
          const m = BUILDKIT_STEP.exec(v.name);
          if (!m) continue;
          const key = `${m[1]?.trim() ?? ''}:${m[2]}`;
          into.steps.add(key);
          if (v.cached) into.cached.add(key);
        }
      } else if (typeof msg.stream === 'string') {
        const step = /^Step (\d+)\/\d+ : (RUN|COPY|ADD) /i.exec(msg.stream);
        if (step) into.steps.add((current = step[1]!));
        else if (/^Step \d+\//.test(msg.stream)) current = '';
        else if (/^\s*---> Using cache/.test(msg.stream) && current) into.cached.add(current);
      }
    }
  });
}

/**
 * The same client with a step counter on every build stream and, for cold builds, `nocache:
 * true` forced into the request. The service's `buildImage` has no cache switch (the app never
 * needs one), and removing our own images is not enough: other engineers' test runs leave
 * images and build cache that would be reused. Wrapping the client keeps the app's path untouched.
 */
function instrumented(docker: Dockerode, nocache: boolean, count: StepCount): Dockerode {
  return Object.create(docker, {
    buildImage: {
      value: async (context: NodeJS.ReadableStream, options: Dockerode.ImageBuildOptions) => {
        const stream = await docker.buildImage(context, nocache ? { ...options, nocache: true } : options);
        countSteps(stream, count);
        return stream;
      },
    },
  }) as Dockerode;
}

export async function timedBuild(
  docker: Dockerode,
  opts: {
    dir: string;
    text: string;
    variant: Variant;
    buildkit: boolean;
    dockerignore?: string | null;
    nocache?: boolean;
  },
): Promise<TimedBuild> {
  const count: StepCount = { steps: new Set(), cached: new Set() };
  const t0 = performance.now();
  const { imageId, tag } = await buildImage(
    instrumented(docker, opts.nocache ?? false, count),
    {
      dir: opts.dir,
      dockerfileText: opts.text,
      variant: opts.variant,
      buildId: `bench-${opts.variant}-${Date.now()}`,
      buildkit: opts.buildkit,
      signal: new AbortController().signal,
      ...(opts.dockerignore !== undefined ? { dockerignore: opts.dockerignore } : {}),
    },
    () => undefined,
  );
  return {
    imageId,
    tag,
    ms: performance.now() - t0,
    steps: count.steps.size,
    cachedSteps: count.cached.size,
  };
}
