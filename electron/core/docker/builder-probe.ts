/**
 * Which builder the output is for: asks the daemon's `GET /version` (Engine API) once, with a
 * short timeout, over a plain HTTP request on its unix socket or plain-TCP address (no Docker
 * client loaded, so `whittle analyze` stays fast). TLS and ssh endpoints are asked through
 * dockerode. No answer: the classic builder, said as such.
 */
import http from 'node:http';
import { buildkitFor, resolveEndpoint, type Endpoint } from './endpoint';

export interface BuilderTarget {
  buildkit: boolean;
  /** Where the choice came from, for the sentence the CLI prints. */
  source: 'flag' | 'daemon' | 'no-daemon';
  /** The endpoint asked (`unix:///var/run/docker.sock`…), when one was. */
  endpoint?: string;
}

/** The target builder: the flag when given, else the daemon's answer, else classic. */
export async function probeBuilder(
  flag: boolean | undefined,
  ep: Endpoint = resolveEndpoint(),
  timeoutMs = 1500,
): Promise<BuilderTarget> {
  if (flag !== undefined) return { buildkit: flag, source: 'flag' };
  const version = await versionOf(ep, timeoutMs).catch(() => null);
  return version
    ? { buildkit: buildkitFor(version), source: 'daemon', endpoint: ep.host }
    : { buildkit: false, source: 'no-daemon', endpoint: ep.host };
}

/** One sentence for stderr: which builder the output is for, and why. */
export function describeBuilder(t: BuilderTarget): string {
  const name = t.buildkit ? 'BuildKit' : 'the classic builder';
  if (t.source === 'flag') return `Output for ${name} (as asked).`;
  if (t.source === 'daemon') return `Output for ${name}, which the daemon at ${t.endpoint} uses.`;
  return `Output for ${name}: no Docker daemon answered at ${t.endpoint} (use --buildkit for BuildKit).`;
}

async function versionOf(ep: Endpoint, timeoutMs: number): Promise<{ ApiVersion?: string; Os?: string }> {
  const url = new URL(ep.host.replace(/^npipe:\/\/\/\//, 'npipe://'));
  if (url.protocol === 'unix:' || (url.protocol === 'tcp:' && !ep.tlsVerify)) {
    const target =
      url.protocol === 'unix:'
        ? { socketPath: ep.host.slice('unix://'.length) }
        : { host: url.hostname, port: Number(url.port || 2375) };
    return new Promise((resolve, reject) => {
      const req = http.get({ ...target, path: '/version', timeout: timeoutMs }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body) as { ApiVersion?: string; Os?: string });
          } catch (e) {
            reject(e as Error);
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
    });
  }
  const { connect } = await import('./connection');
  const docker = connect(ep);
  return Promise.race([
    docker.version(),
    new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), timeoutMs).unref()),
  ]);
}
