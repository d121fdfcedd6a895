/**
 * Which Docker daemon the benchmarks talk to: DOCKER_HOST when set, else the private test
 * engine's socket when it exists (scripts/test-engine.sh), else the default socket. We never
 * start or stop a daemon here; bringing one up is the test engine's job.
 */
import { existsSync } from 'node:fs';
import type Dockerode from 'dockerode';
import { connect, resolveEndpoint } from '../../electron/core/docker/connection';

export const ENGINE_SOCKET = '/run/whittle-engine/docker.sock';

/** Sets DOCKER_HOST for this process (and the children it spawns) when it is unset. */
export function resolveDockerHost(): string {
  if (!process.env.DOCKER_HOST) {
    if (existsSync(ENGINE_SOCKET)) process.env.DOCKER_HOST = `unix://${ENGINE_SOCKET}`;
    else process.env.DOCKER_HOST = 'unix:///var/run/docker.sock';
  }
  return process.env.DOCKER_HOST;
}

/** A client for DOCKER_HOST through the Docker service's own resolution, or null when no daemon answers. */
export async function connectDocker(): Promise<Dockerode | null> {
  resolveDockerHost();
  const docker = connect(resolveEndpoint());
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
