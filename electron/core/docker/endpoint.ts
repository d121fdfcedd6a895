/**
 * Where the Docker daemon is, resolved as the Docker CLI does (`DOCKER_HOST`, the current
 * context, the platform's default socket), and which builder it offers. No dockerode here: the
 * CLI's `analyze` asks this without loading the Docker client.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the daemon is and how to reach it, resolved as the Docker CLI would. */
export interface Endpoint {
  /** As the user would write it: `unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://user@host`. */
  host: string;
  /** Where it came from, for messages. */
  source: 'DOCKER_HOST' | 'context' | 'default';
  tlsVerify: boolean;
  certPath: string | null;
}

const DEFAULT_HOST =
  process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';

/**
 * The current context's endpoint. A context made with `docker context create --docker
 * "host=tcp://…,ca=…,cert=…,key=…"` keeps its TLS files in `contexts/tls/<sha256(name)>/docker/`.
 */
function contextEndpoint(
  home: string,
  env: NodeJS.ProcessEnv,
): { host: string; certPath: string | null } | null {
  const configDir = env.DOCKER_CONFIG ?? path.join(home, '.docker');
  let name = env.DOCKER_CONTEXT;
  if (!name) {
    try {
      name = (
        JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { currentContext?: string }
      ).currentContext;
    } catch {
      return null;
    }
  }
  if (!name || name === 'default') return null;
  const id = createHash('sha256').update(name).digest('hex');
  const meta = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
  try {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as { Endpoints?: { docker?: { Host?: string } } };
    const host = m.Endpoints?.docker?.Host;
    if (!host) return null;
    const tls = path.join(configDir, 'contexts', 'tls', id, 'docker');
    return { host, certPath: existsSync(tls) ? tls : null };
  } catch {
    return null;
  }
}

/** Resolves the endpoint from the environment and Docker's config files. */
export function resolveEndpoint(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): Endpoint {
  const tlsVerify = !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0';
  const certPath = env.DOCKER_CERT_PATH ?? (tlsVerify ? path.join(home, '.docker') : null);
  if (env.DOCKER_HOST) return { host: env.DOCKER_HOST, source: 'DOCKER_HOST', tlsVerify, certPath };
  const ctx = contextEndpoint(home, env);
  if (ctx)
    return { host: ctx.host, source: 'context', tlsVerify: ctx.certPath !== null, certPath: ctx.certPath };
  return { host: DEFAULT_HOST, source: 'default', tlsVerify: false, certPath: null };
}

/** `1.41` ≥ 1.39, and `1.100` too (as numbers per part, not as a decimal fraction). */
function apiAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [a = 0, b = 0] = (version ?? '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/**
 * Whether builds on a daemon of this version use BuildKit: Engine API ≥ 1.39 and not Windows
 * (BuildKit through the API needs both). `WHITTLE_BUILDER=classic|buildkit` forces one.
 */
export function buildkitFor(v: { ApiVersion?: string; Os?: string }): boolean {
  const forced = process.env.WHITTLE_BUILDER;
  if (forced === 'classic') return false;
  if (forced === 'buildkit') return true;
  return apiAtLeast(v.ApiVersion, 1, 39) && v.Os !== 'windows';
}
