/**
 * "No space left on device" from the daemon, both ways it arrives, becomes DISK_FULL (not a
 * generic BUILD_FAILED): as the HTTP error of POST /build (the context could not be stored) and
 * as the stream's errorDetail (a step could not write). A real HTTP server on a unix socket plays
 * the daemon; filling a real disk is not something a test should do.
 */
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WhittleFailure } from '../../../shared/api/result';
import { buildImage } from './build';

let dir: string;
let server: http.Server;
let answer: (res: http.ServerResponse) => void;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-df-'));
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res));
  });
  server.listen(path.join(dir, 'd.sock'));
  await once(server, 'listening');
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await fs.rm(dir, { recursive: true, force: true });
});

const build = () =>
  buildImage(
    new Dockerode({ socketPath: path.join(dir, 'd.sock') }),
    {
      dir,
      dockerfileText: 'FROM busybox:latest\nRUN dd if=/dev/zero of=/big bs=1M count=99999\n',
      variant: 'optimized',
      buildId: 'df',
      buildkit: false,
      signal: new AbortController().signal,
    },
    () => undefined,
  ).catch((e: unknown) => e);

describe('a daemon out of disk space', () => {
  it('is DISK_FULL when POST /build itself fails', async () => {
    answer = (res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"message":"write /var/lib/docker/tmp/docker-builder123/big: no space left on device"}');
    };
    const err = await build();
    expect(err).toBeInstanceOf(WhittleFailure);
    expect(err).toMatchObject({ code: 'DISK_FULL' });
    expect((err as Error).message).toMatch(/^The Docker daemon ran out of disk space: .*no space left/);
  });

  it('is DISK_FULL with the failing step when a step runs out of space', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const lines = [
        { stream: 'Step 1/2 : FROM busybox:latest\n' },
        { stream: 'Step 2/2 : RUN dd if=/dev/zero of=/big bs=1M count=99999\n' },
        { stream: "dd: error writing '/big': No space left on device\n" },
        {
          errorDetail: { message: 'failed to register layer: no space left on device' },
          error: 'failed to register layer: no space left on device',
        },
      ];
      res.end(lines.map((l) => `${JSON.stringify(l)}\r\n`).join(''));
    };
    const err = await build();
    expect(err).toMatchObject({
      code: 'DISK_FULL',
      details: {
        step: 'RUN dd if=/dev/zero of=/big bs=1M count=99999',
        log: ["dd: error writing '/big': No space left on device"],
      },
    });
  });
});
