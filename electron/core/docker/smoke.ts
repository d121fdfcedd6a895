/**
 * Smoke test: run an image as it would run (its own CMD/ENTRYPOINT and USER) with no network,
 * and report whether it stays up for a few seconds or exits 0, with its first log lines; an
 * optional check command runs inside it. The container is always removed.
 */
import os from 'node:os';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ConfigDifference, RuntimeConfig, SmokeTestResult } from '../../../shared/api/contract';
import { WhittleFailure } from '../../../shared/api/result';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Demultiplexed stdout+stderr of a container's logs so far: the first 20 of the last `tail` lines. */
export async function logsOf(docker: Dockerode, c: Dockerode.Container, tail = 200): Promise<string[]> {
  const raw = (await c.logs({ stdout: true, stderr: true, follow: false, tail })) as unknown as Buffer;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  // A non-TTY container's log stream is multiplexed with 8-byte frame headers.
  const src = new PassThrough();
  docker.modem.demuxStream(src, out, out);
  src.end(raw);
  await sleep(10);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
}

/** Runs `cmd` in the container; a command still running after `timeoutMs` counts as failed. */
async function exec(
  c: Dockerode.Container,
  cmd: string[],
  docker: Dockerode,
  timeoutMs: number,
): Promise<{ code: number; output: string }> {
  const e = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  docker.modem.demuxStream(stream, out, out);
  let timer: NodeJS.Timeout | undefined;
  const ended = await Promise.race([
    new Promise<boolean>((r) => stream.on('end', () => r(true))),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (!ended) {
    // A check that hangs (e.g. a request to a server that accepts and never answers) would hang
    // the smoke test and the compare with it; the process dies with the container.
    (stream as unknown as { destroy?: () => void }).destroy?.();
    return {
      code: -1,
      output:
        `${Buffer.concat(chunks).toString('utf8').trim()}\n(check timed out after ${timeoutMs} ms)`.trim(),
    };
  }
  const info = await e.inspect();
  return { code: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8').trim() };
}

/** Default time the smoke check may take to pass, retries included (ms). */
export const CHECK_MS = 60_000;

/** The exit code of a container that has stopped, or null while it runs (or cannot be read). */
async function exitCodeIfStopped(c: Dockerode.Container): Promise<number | null> {
  const st = (await c.inspect().catch(() => null))?.State;
  return st && !st.Running ? (st.ExitCode ?? -1) : null;
}

/** How long "stays up" means, and an optional command run inside the container to prove it works. */
export interface SmokeOptions {
  /** How long the container must stay up to count as started (ms). */
  upMs?: number;
  check?: string[];
  /** How long the check may take to pass, retries included (ms; default {@link CHECK_MS}). */
  checkMs?: number;
  /** Stops the test early with a CANCELLED failure (the container is still removed). */
  signal?: AbortSignal;
  /** Network of the container (default `none`); `bridge` publishes `publish` on free loopback ports. */
  network?: 'none' | 'host' | 'bridge';
  /** Container ports (`8080/tcp`) to publish on free host ports of 127.0.0.1 (bridge only). */
  publish?: string[];
  /**
   * Called with the container once it counts as started (and its check passed); its probes run
   * while the container is up. A throw fails nothing: the hook reports through its own state.
   */
  whileUp?: (c: Dockerode.Container) => Promise<void>;
  /** Called with the container before it is removed, whatever the outcome (e.g. to read its changes). */
  beforeRemove?: (c: Dockerode.Container) => Promise<void>;
  /**
   * Changes to the container: its command (`Entrypoint`/`Cmd`) and extra `HostConfig` fields, e.g.
   * to run the image's own command under a tracer (verify/floor). Unset: the image as it is.
   */
  container?: { Entrypoint?: string[]; Cmd?: string[]; Env?: string[]; HostConfig?: Dockerode.HostConfig };
  /** Called with the created container before it starts (e.g. to copy files into it); a throw fails the start. */
  beforeStart?: (c: Dockerode.Container) => Promise<void>;
  /** Rewrites the check's command for attempt `n` (0-based) before it runs; the result still reports `check`. */
  wrapCheck?: (check: string[], n: number) => string[];
}

/** Who ran a smoke container: this host and process, so a later run can tell a leftover from a live test. */
const OWNER = `${os.hostname()}:${process.pid}`;
const OWNER_LABEL = 'whittle.smoke.owner';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Smoke containers an earlier run left behind (the app was killed mid-test, the daemon died),
 * stopped or still running, are removed before the next: those of a process of this host that is
 * gone, and any older than ten minutes (a smoke test lasts seconds). A test still running
 * elsewhere keeps its container.
 */
async function removeLeftovers(docker: Dockerode): Promise<void> {
  const left = await docker
    .listContainers({
      all: true,
      filters: JSON.stringify({ label: [SMOKE_LABEL] }),
    })
    .catch(() => []);
  const stale = left.filter((c) => {
    const [host, pid] = (c.Labels?.[OWNER_LABEL] ?? '').split(':');
    const gone =
      host === os.hostname() && Number(pid) > 0 && Number(pid) !== process.pid && !alive(Number(pid));
    return gone || Date.now() / 1000 - c.Created > 600;
  });
  await Promise.all(
    stale.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

const SMOKE_LABEL = 'whittle.smoke';

/**
 * Runs the image with its own CMD/ENTRYPOINT and USER, network `none`: passes when it stays up for
 * `upMs` (default 4 s) or exits 0, and, with `check`, when the check succeeds inside it.
 */
export async function smokeTest(
  docker: Dockerode,
  image: string,
  opts: SmokeOptions = {},
): Promise<SmokeTestResult> {
  const upMs = opts.upMs ?? 4000;
  const t0 = Date.now();
  await removeLeftovers(docker);
  let container: Dockerode.Container | null = null;
  // Resolves when the caller cancels: every wait below races it.
  const aborted = new Promise<'cancelled'>((resolve) => {
    if (opts.signal?.aborted) resolve('cancelled');
    opts.signal?.addEventListener('abort', () => resolve('cancelled'), { once: true });
  });
  const cancelled = (): never => {
    throw new WhittleFailure('CANCELLED', 'The smoke test was cancelled');
  };
  try {
    if (opts.signal?.aborted) return cancelled();
    try {
      container = await docker.createContainer({
        Image: image,
        ...(opts.container?.Entrypoint ? { Entrypoint: opts.container.Entrypoint } : {}),
        ...(opts.container?.Cmd ? { Cmd: opts.container.Cmd } : {}),
        // The daemon adds these to the image's Env (a name set in both takes this value).
        ...(opts.container?.Env?.length ? { Env: opts.container.Env } : {}),
        HostConfig: {
          ...opts.container?.HostConfig,
          NetworkMode: opts.network ?? 'none',
          ...(opts.network === 'bridge' && opts.publish?.length
            ? {
                PortBindings: Object.fromEntries(
                  opts.publish.map((p) => [p, [{ HostIp: '127.0.0.1', HostPort: '' }]]),
                ),
              }
            : {}),
        },
        ...(opts.network === 'bridge' && opts.publish?.length
          ? { ExposedPorts: Object.fromEntries(opts.publish.map((p) => [p, {}])) }
          : {}),
        Labels: { [SMOKE_LABEL]: '1', [OWNER_LABEL]: OWNER },
      });
      if (opts.beforeStart) await opts.beforeStart(container);
      await container.start();
    } catch (e) {
      return {
        passed: false,
        outcome: 'failed-to-start',
        exitCode: null,
        logs: [(e as Error).message],
        durationMs: Date.now() - t0,
      };
    }
    // Running after upMs = started; exited 0 before that = a job that finished fine.
    const waited = await Promise.race([
      container.wait().then((r: { StatusCode: number }) => r.StatusCode),
      sleep(upMs).then(() => null),
      aborted,
    ]);
    if (waited === 'cancelled') return cancelled();
    if (waited !== null) {
      const logs = await logsOf(docker, container);
      return {
        passed: waited === 0,
        outcome: waited === 0 ? 'exited-0' : 'exited-error',
        exitCode: waited,
        logs,
        durationMs: Date.now() - t0,
      };
    }
    let checkOutput: string | undefined;
    if (opts.check?.length) {
      // Servers take a moment to listen, and longer on a loaded machine (a scikit-learn app under
      // uWSGI took over 10 s at a load of 25 on 2 cores): retry the check once a second until it
      // passes, the container exits, or `checkMs` (default 60 s) has passed. A passing check
      // returns at once, so the generous budget only costs time when the check keeps failing.
      const deadline = Date.now() + (opts.checkMs ?? CHECK_MS);
      let last = { code: -1, output: '' };
      for (let attempt = 0; ; attempt++) {
        const cmd = opts.wrapCheck ? opts.wrapCheck(opts.check, attempt) : opts.check;
        const run = exec(container, cmd, docker, Math.max(deadline - Date.now(), 500)).catch((e: Error) => ({
          code: -1,
          output: e.message,
        }));
        const got = await Promise.race([run, aborted]);
        if (got === 'cancelled') return cancelled();
        last = got;
        if (last.code === 0 || Date.now() + 1000 >= deadline) break;
        const exited = await exitCodeIfStopped(container);
        if (exited !== null) {
          // Ended before its check passed: an exit 0 is still a failed check, not an error exit.
          return {
            passed: false,
            outcome: exited === 0 ? 'check-failed' : 'exited-error',
            exitCode: exited,
            logs: await logsOf(docker, container),
            durationMs: Date.now() - t0,
            checkCommand: opts.check,
            checkOutput: last.output,
          };
        }
        if ((await Promise.race([sleep(1000), aborted])) === 'cancelled') return cancelled();
      }
      checkOutput = last.output;
      if (last.code !== 0) {
        return {
          passed: false,
          outcome: 'check-failed',
          exitCode: null,
          logs: await logsOf(docker, container),
          durationMs: Date.now() - t0,
          checkCommand: opts.check,
          checkOutput,
        };
      }
    }
    if (opts.whileUp) await Promise.race([opts.whileUp(container).catch(() => undefined), aborted]);
    if (opts.signal?.aborted) return cancelled();
    return {
      passed: true,
      outcome: 'stayed-up',
      exitCode: null,
      logs: await logsOf(docker, container),
      durationMs: Date.now() - t0,
      ...(opts.check?.length ? { checkCommand: opts.check, checkOutput } : {}),
    };
  } finally {
    if (container && opts.beforeRemove) await opts.beforeRemove(container).catch(() => undefined);
    if (container) await container.remove({ force: true }).catch(() => undefined);
  }
}

const KEYS: (keyof RuntimeConfig)[] = [
  'user',
  'cmd',
  'entrypoint',
  'exposedPorts',
  'envKeys',
  'workdir',
  'healthcheck',
];

/** Differences between two images' runtime config. */
export function compareConfigs(a: RuntimeConfig, b: RuntimeConfig): ConfigDifference[] {
  return KEYS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((key) => ({
    key,
    original: a[key],
    optimized: b[key],
  }));
}
