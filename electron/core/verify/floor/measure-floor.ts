/**
 * The floor of an image (issue 14): the bytes its app's process opens in a smoke run, plus the
 * loader and its libraries — a lower bound no Dockerfile whose image passes the same run can beat.
 *
 * Method:
 *  1. The image runs as the smoke test runs it (electron/core/docker/smoke.ts: its own
 *     ENTRYPOINT+CMD, USER, WORKDIR and Env, network `none`, the example's check command from
 *     whittle.json), with its command under `strace -f -y` (host-tracer.ts: this machine's strace
 *     and the libraries it links, copied into the container before it starts and run by their own
 *     loader, so images without a shell or libc work). The check command runs under the tracer too.
 *     After the run counts as passed, the app gets `settleMs` more before the traces are read.
 *  2. The traces (strace-trace.ts) give the files opened successfully to read and the programs
 *     executed, by every process of the run; /proc, /sys, /dev and the tracer do not count.
 *  3. One streamed read of the image export (floor-image.ts) sizes them at their tar sizes and adds
 *     each executed program's interpreter and DT_NEEDED closure (floor-size.ts); each real file
 *     counts once. Files the image does not hold (created at run time) count for nothing.
 * Limits (also in `ImageFloor.limits` and docs/floor.md): only what the run touches in its window;
 * whole files count even when part was read; what is only stat'ed, listed or followed as a link
 * counts 0 bytes; the Docker daemon must run containers of this machine's architecture and allow
 * ptrace (Docker's default seccomp profile does on kernels ≥ 4.8; CAP_SYS_PTRACE is added for older).
 * Never throws for an image that cannot be traced: the result is `unavailable` with the reason.
 */
import type Dockerode from 'dockerode';
import { extract } from 'tar-stream';
import type { FloorUnavailable, ImageFloor } from '../../../../shared/api/contract';
import { WhittleFailure } from '../../../../shared/api/result';
import { smokeTest } from '../../docker/smoke';
import { readFloorImage } from './floor-image';
import { sizeFloor, TRACER_DIR } from './floor-size';
import { hostTracer, tracedCommand } from './host-tracer';
import { parseStraceOutput, type TraceFacts } from './strace-trace';

/** Files listed in the result. */
const MAX_FILES = 40;
const OUT = `${TRACER_DIR}/out`;

export interface FloorOptions {
  /** Command run inside the container to prove it works (whittle.json's `smoke.check`). */
  checkCommand?: string[];
  signal?: AbortSignal;
  /** How long the container must stay up to count as started (ms, default the smoke test's 4 s). */
  upMs?: number;
  /** Extra time the app keeps running after it passed, before the traces are read (ms, default 2 s). */
  settleMs?: number;
  /**
   * Extra `NAME=value` variables for the run, on top of the image's Env: to drive the app down a
   * path the plain run does not take (e.g. a webhook URL). Unset: the image's Env as it is.
   */
  env?: string[];
  /** Files listed in the result, largest first (default 40). */
  maxFiles?: number;
}

export const FLOOR_LIMITS = [
  'Only files the run touched count: code paths taken after the smoke window (later requests, error handling, scheduled jobs, lazy imports) are not seen.',
  'A file counts whole once opened (mmap’d libraries are opened first, so they count); a byte-level floor would be lower.',
  'Files only stat’ed, listed in a directory or followed as a symlink count 0 bytes, though the app may need them to exist.',
  'Sizes are the tar sizes of the image’s visible files: no directory entries, tar headers or layer overhead, and no copies hidden by later layers (which `docker images` counts).',
  'Processes started by other means than the run and its check (docker exec by an operator, cron) are not traced.',
];

/** Reads every file of the container's trace folder: name → text. */
async function readTraces(c: Dockerode.Container): Promise<Map<string, string>> {
  const stream = (await c.getArchive({ path: OUT })) as unknown as NodeJS.ReadableStream;
  const out = new Map<string, string>();
  const x = extract();
  x.on('entry', (header, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (b: unknown) => chunks.push(b as Buffer));
    body.on('end', () => {
      if (header.type === 'file')
        out.set(header.name.split('/').pop()!, Buffer.concat(chunks).toString('utf8'));
      next();
    });
    body.resume();
  });
  await new Promise<void>((resolve, reject) => {
    x.on('finish', resolve);
    x.on('error', reject);
    stream.on('error', reject);
    stream.pipe(x as unknown as NodeJS.WritableStream);
  });
  return out;
}

const unavailable = (reason: string): FloorUnavailable => ({ status: 'unavailable', reason });

/** The image's command as Docker runs it: ENTRYPOINT + CMD (a set ENTRYPOINT replaces nothing of CMD). */
export function imageArgv(config: {
  Entrypoint?: string[] | string | null;
  Cmd?: string[] | string | null;
}): string[] {
  const list = (v: string[] | string | null | undefined): string[] =>
    Array.isArray(v) ? v : typeof v === 'string' && v ? ['/bin/sh', '-c', v] : [];
  return [...list(config.Entrypoint), ...list(config.Cmd)];
}

/**
 * Measures the floor of `image` (id or tag). Throws only a CANCELLED failure; every other problem
 * (no strace, another architecture, a run that could not be traced) gives `unavailable`.
 */
export async function measureFloor(
  docker: Dockerode,
  image: string,
  opts: FloorOptions = {},
): Promise<ImageFloor | FloorUnavailable> {
  let info: Dockerode.ImageInspectInfo;
  try {
    info = await docker.getImage(image).inspect();
  } catch (e) {
    return unavailable(`cannot inspect ${image}: ${(e as Error).message}`);
  }
  let tracer;
  try {
    tracer = await hostTracer();
  } catch (e) {
    return unavailable((e as Error).message);
  }
  if (info.Architecture && info.Architecture !== tracer.architecture)
    return unavailable(
      `the image is ${info.Architecture} and this machine's tracer is ${tracer.architecture}`,
    );
  const argv = imageArgv(info.Config ?? {});
  if (!argv.length) return unavailable('the image has no ENTRYPOINT or CMD to run');
  const check = opts.checkCommand?.length ? opts.checkCommand : undefined;
  let traces = new Map<string, string>();
  let readError: string | undefined;
  const smoke = await smokeTest(docker, info.Id, {
    ...(check ? { check } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.upMs ? { upMs: opts.upMs } : {}),
    container: {
      Entrypoint: tracedCommand(tracer, `${OUT}/run`, argv),
      Cmd: [],
      ...(opts.env?.length ? { Env: opts.env } : {}),
      // Docker's default seccomp profile allows ptrace only with this capability on kernels < 4.8.
      HostConfig: { CapAdd: ['SYS_PTRACE'] },
    },
    beforeStart: (c) => c.putArchive(tracer.tar, { path: '/' }) as Promise<unknown> as Promise<void>,
    wrapCheck: (cmd, n) => tracedCommand(tracer, `${OUT}/check-${n}`, cmd),
    whileUp: () => new Promise((r) => setTimeout(r, opts.settleMs ?? 2000)),
    beforeRemove: async (c) => {
      traces = await readTraces(c).catch((e: Error) => {
        readError = e.message;
        return new Map<string, string>();
      });
    },
  });
  if (opts.signal?.aborted) throw new WhittleFailure('CANCELLED', 'The floor measurement was cancelled');
  const cwd = info.Config?.WorkingDir || '/';
  const app = parseStraceOutput(traces.get('run') ?? '', { cwd });
  if (!app.executed.length)
    return unavailable(
      `the traced run recorded nothing (${readError ?? smoke.outcome}): ${smoke.logs.slice(0, 3).join(' / ')}`.slice(
        0,
        400,
      ),
    );
  const checks: TraceFacts[] = [...traces]
    .filter(([name]) => name.startsWith('check-'))
    .map(([, text]) => parseStraceOutput(text, { cwd }));
  const both = {
    opened: [...app.opened, ...checks.flatMap((c) => c.opened)],
    executed: [...app.executed, ...checks.flatMap((c) => c.executed)],
  };
  let img;
  try {
    img = await readFloorImage(docker, info.Id, opts.signal);
  } catch (e) {
    if (opts.signal?.aborted) throw new WhittleFailure('CANCELLED', 'The floor measurement was cancelled');
    return unavailable(`cannot read the image's files: ${(e as Error).message}`);
  }
  const ldLibraryPath = info.Config?.Env?.find((e) => e.startsWith('LD_LIBRARY_PATH='))?.slice(16);
  const input = { ...img, ...(ldLibraryPath ? { ldLibraryPath } : {}) };
  const all = sizeFloor(input, both);
  const appOnly = checks.length ? sizeFloor(input, app) : all;
  return {
    status: 'measured',
    imageId: info.Id,
    floorBytes: all.floorBytes,
    openedBytes: all.openedBytes,
    loaderAndLibsBytes: all.loaderAndLibsBytes,
    checkOnlyBytes: all.floorBytes - appOnly.floorBytes,
    fileCount: all.files.length,
    files: all.files.slice(0, opts.maxFiles ?? MAX_FILES),
    smoke: { passed: smoke.passed, outcome: smoke.outcome, exitCode: smoke.exitCode },
    method: `${tracer.version} -f -y${tracer.seccompBpf ? ' --seccomp-bpf' : ''} (this machine's binary and libraries, copied into the container and run by their own loader) around the image's ENTRYPOINT+CMD${check ? ' and its check command' : ''}, network none: successful open/openat/openat2 to read and execve/execveat of every process, plus each executed program's interpreter and DT_NEEDED closure, sized from the image export (each file once, tar sizes).`,
    limits: FLOOR_LIMITS,
  };
}
