/**
 * Which Docker daemon the benchmarks talk to: DOCKER_HOST when set, else the private test
 * engine's socket when it exists (scripts/test-engine.sh), else the default socket. We never
 * start or stop a daemon here; bringing one up is the test engine's job.
 */
import { existsSync } from 'node:fs';
import Dockerode from 'dockerode';

export const ENGINE_SOCKET = '/run/whittle-engine/docker.sock';

/** Sets DOCKER_HOST for this process (and the children it spawns) when it is unset. */
export function resolveDockerHost(): string {
  if (!process.env.DOCKER_HOST) {
    if (existsSync(ENGINE_SOCKET)) process.env.DOCKER_HOST = `unix://${ENGINE_SOCKET}`;
    else process.env.DOCKER_HOST = 'unix:///var/run/docker.sock';
  }
  return process.env.DOCKER_HOST;
}

/** A dockerode client for DOCKER_HOST, or null when no daemon answers a ping. */
export async function connectDocker(): Promise<Dockerode | null> {
  const host = resolveDockerHost();
  const docker = host.startsWith('unix://') ? new Dockerode({ socketPath: host.slice(7) }) : new Dockerode();
  try {
    await docker.ping();
    return docker;
  } catch {
    return null;
  }
}

/** Removes an image, ignoring "no such image" (the benchmark may have failed before making it). */
export async function removeImage(docker: Dockerode, ref: string): Promise<void> {
  await docker
    .getImage(ref)
    .remove({ force: true, noprune: false })
    .catch(() => undefined);
}
