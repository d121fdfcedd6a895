/**
 * Builds an image from a project folder and any Dockerfile text: the context is packed
 * (streamed, never buffered) honouring the .dockerignore with @balena/dockerignore and tar-fs,
 * the Dockerfile text is added under a private name, and the image is tagged and labelled so
 * Whittle can list and remove only its own images.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import ignore from '@balena/dockerignore';
import type Dockerode from 'dockerode';
import tarFs from 'tar-fs';
import type { BuildProgressEvent, BuildRequest } from '../../../shared/api/contract';
import { WhittleFailure } from '../../../shared/api/result';
import { parseDockerfile } from '../../../shared/dockerfile/parse';
import { postBuild } from './build-request';
import { buildNetwork, isConnectionError, resolveEndpoint } from './connection';
import { ProgressTracker } from './progress';

/** Name of the Dockerfile inside the context tar (not matched by a `Dockerfile*` ignore line). */
export const CONTEXT_DOCKERFILE = '.whittle-build.Dockerfile';
/** Label on every image Whittle builds: the project's absolute folder (listImages/removeImages filter on it). */
export const LABEL_PROJECT = 'whittle.project';
/** Label on every image Whittle builds: `original` or `optimized`. */
export const LABEL_VARIANT = 'whittle.variant';

/** `whittle/<folder>-<hash of its path>:<variant>`: stable per project, unique across folders. */
export function imageTag(dir: string, variant: string): string {
  const abs = path.resolve(dir);
  const slug =
    path
      .basename(abs)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+/, '') || 'project';
  return `whittle/${slug}-${createHash('sha256').update(abs).digest('hex').slice(0, 8)}:${variant}`;
}

/** A build request plus what the service decides: the builder, the cancel signal, the .dockerignore. */
export interface BuildOptions extends BuildRequest {
  buildkit: boolean;
  signal: AbortSignal;
  /** .dockerignore text to apply instead of the folder's own (e.g. Whittle's proposal). */
  dockerignore?: string | null;
  /** Run every step again instead of reusing the build cache (cold-build timings). */
  noCache?: boolean;
  /** Network for RUN steps (default: `buildNetwork` of the environment's endpoint). */
  network?: 'host' | 'default';
}

/**
 * Packs the context: files not excluded by the .dockerignore, plus the Dockerfile text. For the
 * classic builder the tar carries the effective .dockerignore with the private Dockerfile's name
 * added: the daemon drops what it lists after reading the Dockerfile, so `COPY . …` neither copies
 * the private file into the image nor has its cache busted by every edit of the text. (BuildKit
 * applies no .dockerignore to an uploaded tar; keeping the file out would need a BuildKit session.)
 */
async function packContext(
  dir: string,
  dockerfileText: string,
  dockerignore: string | null | undefined,
  buildkit: boolean,
) {
  const own = await fs.readFile(path.join(dir, '.dockerignore'), 'utf8').catch(() => null);
  const text = dockerignore ?? own ?? '';
  const ig = ignore().add(text.split(/\r?\n/));
  // With no .dockerignore at all, the one added must not show up in the image either.
  const shipped = buildkit
    ? null
    : `${text}\n${CONTEXT_DOCKERFILE}\n${dockerignore == null && own === null ? '.dockerignore\n' : ''}`;
  return tarFs.pack(dir, {
    ignore: (name: string) => {
      const rel = path.relative(dir, name).split(path.sep).join('/');
      return (shipped !== null && rel === '.dockerignore') || (rel !== '' && ig.ignores(rel));
    },
    finalize: false,
    finish: (pack) => {
      if (shipped !== null) pack.entry({ name: '.dockerignore', mode: 0o644 }, shipped);
      pack.entry({ name: CONTEXT_DOCKERFILE, mode: 0o644 }, dockerfileText);
      pack.finalize();
    },
  });
}

/** Maps what went wrong to the closed error codes. */
export function buildFailure(message: string, details: Record<string, unknown>): WhittleFailure {
  if (/no space left on device/i.test(message))
    return new WhittleFailure('DISK_FULL', `The Docker daemon ran out of disk space: ${message}`, details);
  return new WhittleFailure('BUILD_FAILED', message, details);
}

/** Builds; resolves to the image id. Throws WhittleFailure (BUILD_FAILED, CANCELLED, DISK_FULL, DOCKER_UNREACHABLE). */
export async function buildImage(
  docker: Dockerode,
  opts: BuildOptions,
  emit: (e: BuildProgressEvent) => void,
): Promise<{ imageId: string; tag: string }> {
  const model = parseDockerfile(opts.dockerfileText);
  const totalSteps = model.instructions.filter((i) => i.stage >= 0).length;
  const tracker = new ProgressTracker(opts.buildId, opts.variant, totalSteps, emit);
  const tag = imageTag(opts.dir, opts.variant);
  const cancelled = () => new WhittleFailure('CANCELLED', `The ${opts.variant} build was cancelled`);
  if (opts.signal.aborted) throw cancelled();
  let stream: NodeJS.ReadableStream;
  try {
    const context = await packContext(opts.dir, opts.dockerfileText, opts.dockerignore, opts.buildkit);
    // tar-fs returns tar-stream's Pack, a streamx Readable that Node's pipe accepts.
    stream = await postBuild(
      docker,
      context as unknown as NodeJS.ReadableStream,
      {
        t: tag,
        dockerfile: CONTEXT_DOCKERFILE,
        labels: { [LABEL_PROJECT]: path.resolve(opts.dir), [LABEL_VARIANT]: opts.variant },
        networkmode: opts.network ?? buildNetwork(resolveEndpoint()),
        rm: true,
        forcerm: true,
        version: opts.buildkit ? '2' : '1',
        ...(opts.noCache ? { nocache: true } : {}),
      },
      opts.signal,
    );
  } catch (e) {
    if (opts.signal.aborted) throw cancelled();
    if (isConnectionError(e))
      throw new WhittleFailure('DOCKER_UNREACHABLE', `Lost the Docker daemon: ${(e as Error).message}`);
    throw buildFailure((e as Error).message, {});
  }
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    // The daemon's JSON carries non-ASCII output as raw UTF-8, and chunks split characters.
    const utf8 = new StringDecoder('utf8');
    const onAbort = () => {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      reject(cancelled());
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      buf += utf8.write(chunk);
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          tracker.feed(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // A line that is not JSON is not ours to interpret.
        }
      }
    });
    stream.on('error', (e: Error) => {
      opts.signal.removeEventListener('abort', onAbort);
      if (opts.signal.aborted) return reject(cancelled());
      reject(
        isConnectionError(e)
          ? new WhittleFailure('DOCKER_UNREACHABLE', `Lost the Docker daemon during the build: ${e.message}`)
          : buildFailure(e.message, {}),
      );
    });
    stream.on('end', () => {
      opts.signal.removeEventListener('abort', onAbort);
      if (buf.trim()) {
        try {
          tracker.feed(JSON.parse(buf) as Record<string, unknown>);
        } catch {
          // trailing garbage
        }
      }
      tracker.flush();
      resolve();
    });
  });
  const o = tracker.outcome;
  if (o.error) {
    emit({ buildId: opts.buildId, variant: opts.variant, kind: 'error', text: o.error });
    throw buildFailure(
      `${opts.variant} build failed${o.failingStep ? ` at \`${o.failingStep}\`` : ''}: ${o.error}`,
      {
        step: o.failingStep,
        log: o.tail.slice(-30),
      },
    );
  }
  // The classic builder reports the id in aux; fall back to the tag when a stream ended without it.
  const imageId =
    o.imageId ??
    (await docker
      .getImage(tag)
      .inspect()
      .then((i) => i.Id)
      .catch(() => null));
  if (!imageId) {
    throw new WhittleFailure(
      'DOCKER_UNREACHABLE',
      'The build stream ended without an image (the daemon may have stopped)',
      { log: o.tail.slice(-30) },
    );
  }
  emit({ buildId: opts.buildId, variant: opts.variant, kind: 'done' });
  return { imageId, tag };
}
