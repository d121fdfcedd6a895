/**
 * Which builder the app would use on this daemon (BuildKit or the classic builder), decided by
 * the Docker service's own status check, so the benchmarks build exactly as Whittle does.
 */
import type Dockerode from 'dockerode';
import { dockerStatus, resolveEndpoint } from '../../electron/core/docker/connection';

export async function builderInfo(docker: Dockerode): Promise<{ buildkit: boolean; label: string }> {
  const s = await dockerStatus(docker, resolveEndpoint());
  return {
    buildkit: s.buildkit,
    label: s.buildkit
      ? `BuildKit (Engine API ${s.apiVersion})`
      : `classic builder (Engine API ${s.apiVersion})`,
  };
}
