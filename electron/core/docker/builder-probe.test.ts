import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBuilder, probeBuilder } from './builder-probe';
import type { Endpoint } from './endpoint';

const dir = mkdtempSync(path.join(os.tmpdir(), 'whittle-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ep = (sock: string): Endpoint => ({
  host: `unix://${sock}`,
  source: 'DOCKER_HOST',
  tlsVerify: false,
  certPath: null,
});

/** A socket answering `GET /version` as an Engine API of the given version would. */
async function engine(apiVersion: string) {
  const sock = path.join(dir, `v${apiVersion}.sock`);
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(req.url === '/version' ? { ApiVersion: apiVersion, Os: 'linux' } : {}));
  });
  await new Promise<void>((r) => server.listen(sock, r));
  return { sock, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('probeBuilder', () => {
  it('targets BuildKit when the daemon speaks Engine API ≥ 1.39, classic below', async () => {
    const modern = await engine('1.47');
    const old = await engine('1.38');
    try {
      expect(await probeBuilder(undefined, ep(modern.sock))).toMatchObject({
        buildkit: true,
        source: 'daemon',
      });
      expect(await probeBuilder(undefined, ep(old.sock))).toMatchObject({
        buildkit: false,
        source: 'daemon',
      });
    } finally {
      await modern.close();
      await old.close();
    }
  });

  it('a flag wins; no daemon means classic, said as such', async () => {
    expect(await probeBuilder(true, ep(path.join(dir, 'none.sock')))).toEqual({
      buildkit: true,
      source: 'flag',
    });
    const none = await probeBuilder(undefined, ep(path.join(dir, 'none.sock')));
    expect(none).toMatchObject({ buildkit: false, source: 'no-daemon' });
    expect(describeBuilder(none)).toMatch(/classic builder: no Docker daemon answered/);
  });
});
