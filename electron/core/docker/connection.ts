/**
 * Finds the Docker daemon the way the Docker CLI does: `DOCKER_HOST` (unix, tcp with
 * `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`, ssh), else the current context from
 * `~/.docker/config.json` and `~/.docker/contexts/meta/<sha256(name)>/meta.json`, else the
 * platform's default socket.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Dockerode from 'dockerode';
import type { DockerStatus } from '../../../shared/api/contract';
import { buildkitFor, resolveEndpoint, type Endpoint } from './endpoint';

export { resolveEndpoint, type Endpoint } from './endpoint';

/** Dockerode options for an endpoint. */
export function dockerodeOptions(ep: Endpoint): Dockerode.DockerOptions {
  const url = new URL(ep.host.replace(/^npipe:\/\/\/\//, 'npipe://'));
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: ep.host.slice('unix://'.length) };
    case 'npipe:':
      return { socketPath: '//./pipe/docker_engine' };
    case 'ssh:':
      return {
        protocol: 'ssh',
        host: url.hostname,
        port: Number(url.port || 22),
        username: url.username || undefined,
      };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = ep.tlsVerify || url.protocol === 'https:';
      const read = (f: string) =>
        ep.certPath && existsSync(path.join(ep.certPath, f))
          ? readFileSync(path.join(ep.certPath, f))
          : undefined;
      return {
        protocol: tls ? 'https' : 'http',
        host: url.hostname,
        port: Number(url.port || (tls ? 2376 : 2375)),
        ...(tls ? { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') } : {}),
      };
    }
    default:
      throw new Error(`Unsupported DOCKER_HOST scheme: ${ep.host}`);
  }
}

/** A dockerode client for the endpoint (no request is made until the first call). */
export function connect(ep: Endpoint = resolveEndpoint()): Dockerode {
  return new Dockerode(dockerodeOptions(ep));
}

/** The sentence shown when nothing answers. */
/** The socket of Whittle's private engine (`scripts/test-engine.sh up`, as root on Linux). */
export const PRIVATE_ENGINE_SOCKET = '/run/whittle-engine/docker.sock';

/**
 * What to do when the daemon does not answer: start Docker, or point DOCKER_HOST at Whittle's
 * private engine (named when its socket exists, else how to start it).
 */
export const unreachableMessage = (ep: Endpoint, engineSocket = PRIVATE_ENGINE_SOCKET): string => {
  const engine = `unix://${engineSocket}`;
  const hint =
    ep.host === engine
      ? ' Start it again with `bash scripts/test-engine.sh up` (as root).'
      : existsSync(engineSocket)
        ? ` Whittle's private engine is running: set DOCKER_HOST=${engine}.`
        : process.platform === 'linux'
          ? " Or, as root, `bash scripts/test-engine.sh up` starts Whittle's private engine and prints the DOCKER_HOST to set."
          : '';
  return `Docker is not running at ${ep.host}; start Docker Desktop (or the Docker service) or set DOCKER_HOST.${hint}`;
};

/** Pings the daemon; never throws. BuildKit via the Engine API needs API ≥ 1.39 on Linux. */
export async function dockerStatus(docker: Dockerode, ep: Endpoint, timeoutMs = 3000): Promise<DockerStatus> {
  try {
    const v = await Promise.race([
      docker.version(),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), timeoutMs).unref()),
    ]);
    const buildkit = buildkitFor(v);
    return { reachable: true, endpoint: ep.host, version: v.Version, apiVersion: v.ApiVersion, buildkit };
  } catch {
    return { reachable: false, endpoint: ep.host, buildkit: false, message: unreachableMessage(ep) };
  }
}

/**
 * The network builds run on. Docker's default (an isolated bridge) unless `WHITTLE_BUILD_NETWORK`
 * says `host`, or the daemon is Whittle's private test engine, which has no bridge network and
 * reaches package registries only through the host. Host networking lets RUN steps reach services
 * on the host's loopback, so it is never the default for a user's own daemon.
 */
export function buildNetwork(ep: Endpoint, env: NodeJS.ProcessEnv = process.env): 'host' | 'default' {
  const v = env.WHITTLE_BUILD_NETWORK;
  if (v === 'host' || v === 'default') return v;
  return /\/whittle-engine\/docker\.sock$/.test(ep.host) ? 'host' : 'default';
}

/**
 * True for the errors of a daemon that is gone (refused, reset, socket missing). One that dies
 * mid-stream surfaces as Node's `aborted` error (code ECONNRESET, message "aborted"), so the code
 * is checked as well as the message.
 */
export const isConnectionError = (e: unknown): boolean =>
  /ECONNREFUSED|ECONNRESET|ENOENT|EPIPE|socket hang up|connect E|^aborted$/.test(
    `${(e as NodeJS.ErrnoException)?.code ?? ''} ${String((e as Error)?.message ?? e)}`.trim(),
  );
