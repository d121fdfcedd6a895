/**
 * Which builder dockerStatus picks, from what a daemon answers on GET /version (a real HTTP server
 * on a unix socket plays the daemon): BuildKit from API 1.39 on Linux daemons, the classic builder
 * for older APIs and Windows daemons, and WHITTLE_BUILDER forcing either.
 */
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, dockerStatus, type Endpoint } from './connection';

let dir: string;
let server: http.Server;
let version: Record<string, string>;
let ep: Endpoint;
const savedBuilder = process.env.WHITTLE_BUILDER;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-status-'));
  version = { Version: '27.3.1', ApiVersion: '1.47', Os: 'linux', Arch: 'amd64' };
  server = http.createServer((req, res) => {
    if (req.url?.endsWith('/version')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(version));
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(path.join(dir, 'd.sock'));
  await once(server, 'listening');
  ep = {
    host: `unix://${path.join(dir, 'd.sock')}`,
    source: 'DOCKER_HOST',
    tlsVerify: false,
    certPath: null,
  };
  delete process.env.WHITTLE_BUILDER;
});

afterEach(async () => {
  if (savedBuilder === undefined) delete process.env.WHITTLE_BUILDER;
  else process.env.WHITTLE_BUILDER = savedBuilder;
  await new Promise((r) => server.close(r));
  await fs.rm(dir, { recursive: true, force: true });
});

const status = () => dockerStatus(connect(ep), ep);

describe('dockerStatus builder choice', () => {
  it.each([
    ['1.47', 'linux', true],
    ['1.39', 'linux', true],
    ['1.100', 'linux', true], // a part-wise comparison, not 1.1 < 1.39
    ['2.0', 'linux', true],
    ['1.38', 'linux', false],
    ['1.24', 'linux', false],
    ['1.47', 'windows', false],
  ])('API %s on %s → buildkit %s', async (api, osName, buildkit) => {
    version = { ...version, ApiVersion: api, Os: osName };
    expect(await status()).toEqual({
      reachable: true,
      endpoint: ep.host,
      version: '27.3.1',
      apiVersion: api,
      buildkit,
    });
  });

  it('WHITTLE_BUILDER=classic forces the classic builder, =buildkit forces BuildKit', async () => {
    process.env.WHITTLE_BUILDER = 'classic';
    expect((await status()).buildkit).toBe(false);
    process.env.WHITTLE_BUILDER = 'buildkit';
    version = { ...version, ApiVersion: '1.38' };
    expect((await status()).buildkit).toBe(true);
    process.env.WHITTLE_BUILDER = 'something-else';
    expect((await status()).buildkit).toBe(false); // ignored: API 1.38 decides
  });
});
