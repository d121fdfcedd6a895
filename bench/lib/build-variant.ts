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
 * Reads the raw build stream next to the service, so only the steps that do work (RUN, COPY,
 * ADD) are counted, for either builder.
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

interface Instrumented {
  docker: Dockerode;
  /** How many `POST /build` requests went through the wrapper. */
  builds: () => number;
}

/**
 * The same client with a step counter on every build stream and, for cold builds, `nocache:
 * true` forced into the `POST /build` query. The service's `buildImage` has no cache switch (the
 * app never needs one), and removing our own images is not enough: other engineers' test runs
 * leave images and build cache that would be reused. Both ways the service may send a build are
 * wrapped — dockerode's `buildImage` and docker-modem's `dial` (its own `postBuild`) — and the
 * caller checks that one of them was used, so a change in the service cannot silently turn a
 * cold build into a cached one.
 */
function instrumented(docker: Dockerode, nocache: boolean, count: StepCount): Instrumented {
  let builds = 0;
  const modem = docker.modem;
  type DialOptions = { path?: string; options?: Record<string, unknown> };
  type DialCallback = (err: unknown, res: unknown) => void;
  const dial = (opts: DialOptions, cb: DialCallback) => {
    if (!opts.path?.startsWith('/build')) return modem.dial(opts as never, cb as never);
    builds++;
    const patched = nocache ? { ...opts, options: { ...opts.options, nocache: true } } : opts;
    return modem.dial(
      patched as never,
      ((err: unknown, res: unknown) => {
        if (!err && res) countSteps(res as NodeJS.ReadableStream, count);
        cb(err, res);
      }) as never,
    );
  };
  const wrapped = Object.create(docker, {
    modem: { value: Object.create(modem, { dial: { value: dial } }) },
    buildImage: {
      value: async (context: NodeJS.ReadableStream, options: Dockerode.ImageBuildOptions) => {
        builds++;
        const stream = await docker.buildImage(context, nocache ? { ...options, nocache: true } : options);
        countSteps(stream, count);
        return stream;
      },
    },
  }) as Dockerode;
  return { docker: wrapped, builds: () => builds };
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
  const probe = instrumented(docker, opts.nocache ?? false, count);
  const t0 = performance.now();
  const { imageId, tag } = await buildImage(
    probe.docker,
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
  const ms = performance.now() - t0;
  if (probe.builds() === 0)
    throw new Error(
      'the Docker service no longer builds through dockerode buildImage or modem.dial /build; bench/lib/build-variant.ts cannot force nocache or count steps',
    );
  return {
    imageId,
    tag,
    ms,
    steps: count.steps.size,
    cachedSteps: count.cached.size,
  };
}
