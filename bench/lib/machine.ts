/**
 * The machine a run happened on, so figures in BENCHMARKS.md can be compared only with
 * figures from similar hardware.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type Dockerode from 'dockerode';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  docker: string;
}

function osName(): string {
  try {
    const rel = readFileSync('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(rel);
    if (m) return `${m[1]} (kernel ${os.release()}, ${os.arch()})`;
  } catch {
    // not Linux, or no os-release: fall back to the generic triple
  }
  return `${os.type()} ${os.release()} (${os.arch()})`;
}

export async function machineInfo(docker: Dockerode | null): Promise<MachineInfo> {
  let dockerVersion = 'unreachable';
  if (docker) {
    try {
      const v = await docker.version();
      const store = await docker
        .info()
        .then((i: { Driver?: string }) => i.Driver ?? '?')
        .catch(() => '?');
      dockerVersion = `Docker Engine ${v.Version} (API ${v.ApiVersion}, storage ${store})`;
    } catch (err) {
      dockerVersion = `unreachable (${(err as Error).message})`;
    }
  }
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    node: process.version,
    docker: dockerVersion,
  };
}
