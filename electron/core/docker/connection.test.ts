/**
 * Endpoint resolution as the Docker CLI does it, on real files: a temp HOME with the CLI's
 * config.json and context store, temp TLS material, and a socket path where nothing listens.
 */
import { createHash } from 'node:crypto';
import { promises as fs, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildNetwork,
  connect,
  dockerodeOptions,
  dockerStatus,
  resolveEndpoint,
  unreachableMessage,
  type Endpoint,
} from './connection';

let home: string;
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-conn-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

/** Writes a context the way `docker context create` does (meta keyed by sha256 of the name). */
async function writeContext(configDir: string, name: string, host: string, tls?: Record<string, string>) {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = path.join(configDir, 'contexts', 'meta', id);
  await fs.mkdir(meta, { recursive: true });
  await fs.writeFile(
    path.join(meta, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
  if (tls) {
    const dir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    await fs.mkdir(dir, { recursive: true });
    for (const [f, text] of Object.entries(tls)) await fs.writeFile(path.join(dir, f), text);
  }
}

async function useContext(configDir: string, name: string) {
  await fs.mkdir(configDir, { recursive: true });
  await fs.writeFile(
    path.join(configDir, 'config.json'),
    JSON.stringify({ auths: {}, currentContext: name }),
  );
}

describe('resolveEndpoint', () => {
  it('takes a unix DOCKER_HOST as the socket path', () => {
    const ep = resolveEndpoint({ DOCKER_HOST: 'unix:///run/custom/docker.sock' }, home);
    expect(ep).toEqual({
      host: 'unix:///run/custom/docker.sock',
      source: 'DOCKER_HOST',
      tlsVerify: false,
      certPath: null,
    });
    expect(dockerodeOptions(ep)).toEqual({ socketPath: '/run/custom/docker.sock' });
  });

  it('turns tcp + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH into https with the certificates read', async () => {
    const certs = path.join(home, 'certs');
    await fs.mkdir(certs);
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) await fs.writeFile(path.join(certs, f), `-- ${f} --`);
    const ep = resolveEndpoint(
      { DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
      home,
    );
    expect(ep).toMatchObject({ source: 'DOCKER_HOST', tlsVerify: true, certPath: certs });
    const o = dockerodeOptions(ep);
    expect(o).toMatchObject({ protocol: 'https', host: 'build.example', port: 2376 });
    expect(String(o.ca)).toBe('-- ca.pem --');
    expect(String(o.cert)).toBe('-- cert.pem --');
    expect(String(o.key)).toBe('-- key.pem --');
  });

  it('looks for the certificates in ~/.docker when only DOCKER_TLS_VERIFY is set', async () => {
    await fs.mkdir(path.join(home, '.docker'));
    await fs.writeFile(path.join(home, '.docker', 'ca.pem'), 'home ca');
    const ep = resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1' }, home);
    expect(ep.certPath).toBe(path.join(home, '.docker'));
    const o = dockerodeOptions(ep);
    expect(o).toMatchObject({ protocol: 'https', host: '10.0.0.5', port: 2376 });
    expect(String(o.ca)).toBe('home ca');
    expect(o.cert).toBeUndefined();
  });

  it('speaks plain http to tcp without TLS, on 2375 by default', () => {
    const ep = resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '' }, home);
    expect(ep.tlsVerify).toBe(false);
    expect(dockerodeOptions(ep)).toEqual({ protocol: 'http', host: '10.0.0.5', port: 2375 });
  });

  it('passes ssh user, host and port through', () => {
    const ep = resolveEndpoint({ DOCKER_HOST: 'ssh://deploy@builder.example:2222' }, home);
    expect(dockerodeOptions(ep)).toEqual({
      protocol: 'ssh',
      host: 'builder.example',
      port: 2222,
      username: 'deploy',
    });
    expect(dockerodeOptions(resolveEndpoint({ DOCKER_HOST: 'ssh://builder.example' }, home))).toEqual({
      protocol: 'ssh',
      host: 'builder.example',
      port: 22,
      username: undefined,
    });
  });

  it('uses the current context of ~/.docker/config.json', async () => {
    const cfg = path.join(home, '.docker');
    await writeContext(cfg, 'colima', 'unix:///home/me/.colima/default/docker.sock');
    await useContext(cfg, 'colima');
    expect(resolveEndpoint({}, home)).toEqual({
      host: 'unix:///home/me/.colima/default/docker.sock',
      source: 'context',
      tlsVerify: false,
      certPath: null,
    });
  });

  it("reads a TLS context's certificates from the context store", async () => {
    const cfg = path.join(home, '.docker');
    await writeContext(cfg, 'remote', 'tcp://remote.example:2376', {
      'ca.pem': 'ctx ca',
      'key.pem': 'ctx key',
    });
    await useContext(cfg, 'remote');
    const ep = resolveEndpoint({}, home);
    expect(ep).toMatchObject({ host: 'tcp://remote.example:2376', source: 'context', tlsVerify: true });
    const o = dockerodeOptions(ep);
    expect(o).toMatchObject({ protocol: 'https', host: 'remote.example', port: 2376 });
    expect(String(o.ca)).toBe('ctx ca');
    expect(String(o.key)).toBe('ctx key');
  });

  it('lets DOCKER_CONTEXT pick another context, DOCKER_CONFIG move the store and DOCKER_HOST win', async () => {
    const cfg = path.join(home, 'elsewhere');
    await writeContext(cfg, 'a', 'unix:///a.sock');
    await writeContext(cfg, 'b', 'tcp://b.example:2375');
    await useContext(cfg, 'a');
    expect(resolveEndpoint({ DOCKER_CONFIG: cfg }, home).host).toBe('unix:///a.sock');
    expect(resolveEndpoint({ DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'b' }, home).host).toBe(
      'tcp://b.example:2375',
    );
    expect(resolveEndpoint({ DOCKER_CONFIG: cfg, DOCKER_HOST: 'unix:///h.sock' }, home)).toMatchObject({
      host: 'unix:///h.sock',
      source: 'DOCKER_HOST',
    });
  });

  it('falls back to the default socket with no config, the default context, or a missing context', async () => {
    const fallback = {
      host: 'unix:///var/run/docker.sock',
      source: 'default',
      tlsVerify: false,
      certPath: null,
    };
    expect(resolveEndpoint({}, home)).toEqual(fallback);
    const cfg = path.join(home, '.docker');
    await useContext(cfg, 'default');
    expect(resolveEndpoint({}, home)).toEqual(fallback);
    await useContext(cfg, 'deleted');
    expect(resolveEndpoint({}, home)).toEqual(fallback);
    await fs.writeFile(path.join(cfg, 'config.json'), '{ not json');
    expect(resolveEndpoint({}, home)).toEqual(fallback);
  });

  it('refuses a scheme it cannot dial', () => {
    expect(() => dockerodeOptions(resolveEndpoint({ DOCKER_HOST: 'fd://3' }, home))).toThrow(/Unsupported/);
  });
});

describe('dockerStatus', () => {
  it('reports a daemon that is not there quickly, with the sentence the UI shows', async () => {
    const ep: Endpoint = {
      host: `unix://${path.join(home, 'nothing-here.sock')}`,
      source: 'DOCKER_HOST',
      tlsVerify: false,
      certPath: null,
    };
    const t0 = Date.now();
    const s = await dockerStatus(connect(ep), ep);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(s).toEqual({
      reachable: false,
      endpoint: ep.host,
      buildkit: false,
      message: expect.stringMatching(
        /^Docker is not running at unix:.*; start Docker Desktop \(or the Docker service\) or set DOCKER_HOST\./,
      ),
    });
  });

  it('names the private engine: its DOCKER_HOST when its socket exists, else how to start it', () => {
    const ep = {
      host: 'unix:///nowhere.sock',
      source: 'DOCKER_HOST',
      tlsVerify: false,
      certPath: null,
    } as const;
    const present = path.join(home, 'engine.sock');
    writeFileSync(present, '');
    expect(unreachableMessage(ep, present)).toContain(`set DOCKER_HOST=unix://${present}.`);
    expect(unreachableMessage(ep, path.join(home, 'absent.sock'))).toContain(
      '`bash scripts/test-engine.sh up`',
    );
    const engine = { ...ep, host: `unix://${present}` };
    expect(unreachableMessage(engine, present)).toContain(
      'Start it again with `bash scripts/test-engine.sh up`',
    );
  });

  it('gives up after the timeout when a socket accepts but never answers', async () => {
    const net = await import('node:net');
    const sock = path.join(home, 'silent.sock');
    const open = new Set<import('node:net').Socket>();
    const server = net.createServer((c) => open.add(c)); // accepts, never replies
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const ep: Endpoint = {
        host: `unix://${sock}`,
        source: 'DOCKER_HOST',
        tlsVerify: false,
        certPath: null,
      };
      const t0 = Date.now();
      const s = await dockerStatus(connect(ep), ep, 300);
      expect(s.reachable).toBe(false);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      for (const c of open) c.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('buildNetwork', () => {
  const ep = (host: string): Endpoint => ({ host, source: 'DOCKER_HOST', tlsVerify: false, certPath: null });
  it("keeps a user's builds off the host network unless asked", () => {
    expect(buildNetwork(ep('unix:///var/run/docker.sock'), {})).toBe('default');
    expect(buildNetwork(ep('unix:///var/run/docker.sock'), { WHITTLE_BUILD_NETWORK: 'host' })).toBe('host');
  });
  it('uses the host network on the private test engine, which has no bridge', () => {
    expect(buildNetwork(ep('unix:///run/whittle-engine/docker.sock'), {})).toBe('host');
    expect(
      buildNetwork(ep('unix:///run/whittle-engine/docker.sock'), { WHITTLE_BUILD_NETWORK: 'default' }),
    ).toBe('default');
  });
});
