/**
 * Runs an image once as it would run (its own CMD/ENTRYPOINT and USER) and records what the
 * checks need: the smoke outcome, the answers of its EXPOSEd TCP ports, its last log lines and
 * the paths it created or changed (Docker's container changes API, `GET /containers/{id}/changes`).
 * One run serves "starts and answers" and "writes as its user"; runs are remembered per image id.
 *
 * Network: a daemon with a `bridge` network runs the container there with its ports published on
 * free loopback ports; one without (the test engine) runs it on the host network, where the app
 * binds its own ports. Images are always run one after the other, never together.
 */
import type Dockerode from 'dockerode';
import type { SmokeTestResult } from '../../../shared/api/contract';
import { logsOf, smokeTest } from '../docker/smoke';
import { probePort, tcpConnect, type PortAnswer } from './port-probe';

/** A change as Docker reports it: Kind 0 = modified, 1 = added, 2 = deleted. */
export interface PathChange {
  path: string;
  kind: 0 | 1 | 2;
}

export interface RunObservation {
  imageId: string;
  /** The user the image runs as (`Config.User`, '' = root). */
  user: string;
  network: 'host' | 'bridge';
  smoke: SmokeTestResult;
  ports: PortAnswer[];
  /** EXPOSEd ports already answering on the host before the container started (host network). */
  busyPorts: string[];
  /** Last log lines (up to 20). */
  lastLogs: string[];
  changes: PathChange[];
}

/** The image's EXPOSEd TCP ports (`8080/tcp`), sorted. */
export const tcpPorts = (exposed: Record<string, unknown> | undefined): string[] =>
  Object.keys(exposed ?? {})
    .filter((p) => !p.endsWith('/udp') && !p.endsWith('/sctp'))
    .map((p) => (p.includes('/') ? p : `${p}/tcp`))
    .sort();

async function hasBridge(docker: Dockerode): Promise<boolean> {
  const nets = (await docker.listNetworks().catch(() => [])) as { Name?: string; Driver?: string }[];
  return nets.some((n) => n.Name === 'bridge' && n.Driver === 'bridge');
}

/** The address ports are probed on: the daemon's host for a tcp:// daemon, else this machine's loopback. */
const probeHost = (docker: Dockerode): string => {
  const m = docker.modem as unknown as { host?: string; socketPath?: string };
  return !m.socketPath && m.host ? m.host : '127.0.0.1';
};

/**
 * The changes API's answer as a list. With nothing changed the daemon answers `null`, which
 * dockerode hands back as a raw Buffer rather than parsed JSON; anything not a list is no change.
 */
export function changeList(raw: unknown): PathChange[] {
  let v = raw;
  if (Buffer.isBuffer(v)) {
    try {
      v = JSON.parse(v.toString('utf8')) as unknown;
    } catch {
      v = null;
    }
  }
  if (!Array.isArray(v)) return [];
  return (v as { Path?: unknown; Kind?: unknown }[])
    .filter((x) => typeof x?.Path === 'string' && [0, 1, 2].includes(x.Kind as number))
    .map((x) => ({ path: x.Path as string, kind: x.Kind as 0 | 1 | 2 }));
}

const memo = new Map<string, Promise<RunObservation>>();

/**
 * Runs `image` once (remembered per image id and check command; a failed run is not remembered).
 * Throws only what the smoke test throws (CANCELLED) or when the image cannot be inspected.
 */
export function observeRun(
  docker: Dockerode,
  image: string,
  opts: { checkCommand?: string[]; signal?: AbortSignal; upMs?: number } = {},
): Promise<RunObservation> {
  const key = `${image}|${JSON.stringify(opts.checkCommand ?? [])}|${opts.upMs ?? ''}`;
  let p = memo.get(key);
  if (!p) {
    p = runOnce(docker, image, opts);
    p.catch(() => memo.delete(key));
    memo.set(key, p);
    if (memo.size > 16) memo.delete(memo.keys().next().value as string);
  }
  return p;
}

async function runOnce(
  docker: Dockerode,
  image: string,
  opts: { checkCommand?: string[]; signal?: AbortSignal; upMs?: number },
): Promise<RunObservation> {
  const info = await docker.getImage(image).inspect();
  const ports = tcpPorts(info.Config?.ExposedPorts as Record<string, unknown> | undefined);
  const network = (await hasBridge(docker)) ? 'bridge' : 'host';
  const host = probeHost(docker);
  // On the host network a port that answers before the container starts belongs to someone else.
  const busy = new Set<string>();
  if (network === 'host')
    for (const p of ports) if (await tcpConnect(host, parseInt(p, 10), 300)) busy.add(p);
  const answers: PortAnswer[] = [];
  let lastLogs: string[] = [];
  let changes: PathChange[] = [];
  const smoke = await smokeTest(docker, info.Id, {
    network,
    publish: ports,
    ...(opts.checkCommand?.length ? { check: opts.checkCommand } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.upMs ? { upMs: opts.upMs } : {}),
    whileUp: async (c) => {
      const bound =
        network === 'bridge'
          ? ((await c.inspect()).NetworkSettings?.Ports as
              Record<string, { HostPort: string }[] | null> | undefined)
          : undefined;
      for (const p of ports) {
        if (busy.has(p)) {
          answers.push({
            port: p,
            address: `${host}:${parseInt(p, 10)}`,
            connected: false,
            http: null,
            skipped: 'the port was already in use on the host before the container started',
          });
          continue;
        }
        const hostPort = network === 'bridge' ? Number(bound?.[p]?.[0]?.HostPort) : parseInt(p, 10);
        answers.push(await probePort(p, host, hostPort));
      }
    },
    beforeRemove: async (c) => {
      lastLogs = (await logsOf(docker, c, 20)).slice(-20);
      changes = changeList(await c.changes());
    },
  });
  return {
    imageId: info.Id,
    user: info.Config?.User ?? '',
    network,
    smoke,
    ports: answers,
    busyPorts: [...busy],
    lastLogs,
    changes,
  };
}
