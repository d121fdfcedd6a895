/**
 * Shared pieces of the Docker service's integration tests (*.int.test.ts): the daemon comes from
 * DOCKER_HOST and nowhere else, so a run without it skips with a reason instead of probing the
 * machine's default socket; build contexts are throwaway folders; images are removed by id.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { describe } from 'vitest';
import type { BuildProgressEvent } from '../../../shared/api/contract';
import { buildImage } from './build';
import { connect, resolveEndpoint, type Endpoint } from './connection';

/** The daemon under test, or undefined when DOCKER_HOST is unset. */
export const DOCKER_HOST = process.env.DOCKER_HOST || undefined;

/** `describe` that runs only with DOCKER_HOST and otherwise says why it was skipped. */
export function describeDocker(name: string, fn: () => void): void {
  if (DOCKER_HOST) describe(name, fn);
  else describe.skip(`${name} (skipped: DOCKER_HOST is unset)`, fn);
}

export function dockerEndpoint(): Endpoint {
  return resolveEndpoint({ DOCKER_HOST });
}

export function dockerClient(): Dockerode {
  return connect(dockerEndpoint());
}

/** A short random token, so RUN steps are never served from an earlier run's cache. */
export const nonce = (): string => randomBytes(4).toString('hex');

/** Writes a build context folder; `files` maps relative paths to contents. */
export async function makeContext(files: Record<string, string>, prefix = 'whittle-ctx-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  }
  return dir;
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}

/** Removes images by id (force: their tags go too); absent ones are fine. */
export async function removeImages(docker: Dockerode, ids: Iterable<string>): Promise<void> {
  for (const id of new Set(ids))
    await docker
      .getImage(id)
      .remove({ force: true })
      .catch(() => undefined);
}

/**
 * Gives an image a tag of its own. Images built from one folder share its tag, so all but the
 * last become dangling, and `docker image prune` (which the test engine's `up` runs) may delete
 * them under a test that still uses them.
 */
export async function pin(docker: Dockerode, imageId: string): Promise<string> {
  const tag = nonce();
  await docker.getImage(imageId).tag({ repo: 'whittle-test/pinned', tag });
  return `whittle-test/pinned:${tag}`;
}

export async function imageExists(docker: Dockerode, ref: string): Promise<boolean> {
  return docker
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

/** Collects progress events and lets a test wait for one. */
export function progressLog() {
  const events: BuildProgressEvent[] = [];
  const waiters: { match: (e: BuildProgressEvent) => boolean; resolve: (e: BuildProgressEvent) => void }[] =
    [];
  const emit = (e: BuildProgressEvent): void => {
    events.push(e);
    for (const w of [...waiters])
      if (w.match(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
  };
  /** Resolves on the first event (already seen or future) that matches. */
  const next = (match: (e: BuildProgressEvent) => boolean): Promise<BuildProgressEvent> => {
    const seen = events.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
  };
  return { events, emit, next, steps: () => events.filter((e) => e.kind === 'step') };
}

/**
 * Pids of processes on this machine whose command line contains `text` (how a test sees that a
 * build step really stopped, for both builders). Empty when the daemon is not local.
 */
export async function processesWith(text: string): Promise<number[]> {
  if (!DOCKER_HOST?.startsWith('unix://') || process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const cmd = await fs.readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(text)) pids.push(Number(name));
  }
  return pids;
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then returns the last value). */
export async function poll<T>(check: () => Promise<T> | T, timeoutMs: number, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v || Date.now() >= until) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Text of a non-TTY container's log stream (8-byte frame headers: stream, 0, 0, 0, length). */
export function demuxLogs(buf: Buffer): string {
  let out = '';
  for (let i = 0; i + 8 <= buf.length;) {
    const len = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + len).toString('utf8');
    i += 8 + len;
  }
  return out;
}

/**
 * Runs `image` (its own CMD, or `cmd`; its own ENTRYPOINT, or `entrypoint`) with no network until it
 * exits; the container is removed. Mind an image's ENTRYPOINT: `cmd` alone becomes its arguments.
 */
export async function runToExit(
  docker: Dockerode,
  image: string,
  cmd?: string[],
  entrypoint?: string[],
): Promise<{ code: number; out: string }> {
  const c = await docker.createContainer({
    Image: image,
    ...(cmd ? { Cmd: cmd } : {}),
    ...(entrypoint ? { Entrypoint: entrypoint } : {}),
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    return { code: StatusCode, out: demuxLogs((await c.logs({ stdout: true, stderr: true })) as Buffer) };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

/**
 * Builds `text` in `dir` with BuildKit on the host network (package registries reachable), and
 * adds the image id to `images` for removal. Resolves to the image id.
 */
export async function buildOnHost(
  docker: Dockerode,
  opts: { dir: string; text: string; variant: 'original' | 'optimized'; buildId: string },
  images: Set<string>,
): Promise<string> {
  const { imageId } = await buildImage(
    docker,
    {
      dir: opts.dir,
      dockerfileText: opts.text,
      variant: opts.variant,
      buildId: opts.buildId,
      buildkit: true,
      signal: new AbortController().signal,
      network: 'host',
    },
    progressLog().emit,
  );
  images.add(imageId);
  return imageId;
}

/**
 * Builds the original and the optimized text in `dir` (buildOnHost, build ids `<buildId>-original`
 * and `-optimized`) and runs each image to its exit (runToExit): `{ variant, code, out }` per image,
 * original first.
 */
export async function buildAndRunBoth(
  docker: Dockerode,
  dir: string,
  texts: { original: string; optimized: string },
  buildId: string,
  images: Set<string>,
): Promise<{ variant: 'original' | 'optimized'; code: number; out: string }[]> {
  const out: { variant: 'original' | 'optimized'; code: number; out: string }[] = [];
  for (const variant of ['original', 'optimized'] as const) {
    const image = await buildOnHost(
      docker,
      { dir, text: texts[variant], variant, buildId: `${buildId}-${variant}` },
      images,
    );
    out.push({ variant, ...(await runToExit(docker, image)) });
  }
  return out;
}
