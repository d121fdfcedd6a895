/**
 * How buildImage reads the daemon's answer, against a real HTTP server on a unix socket that
 * writes the Engine API's JSON lines exactly as chosen: split inside a UTF-8 character, cut off
 * mid-stream (a daemon that dies), or ended without an image.
 */
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildProgressEvent } from '../../../shared/api/contract';
import { buildImage } from './build';

let dir: string;
let server: http.Server;
/** What the fake daemon answers to POST /build once it has read the context. */
let answer: (res: http.ServerResponse) => void;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-bs-'));
  await fs.writeFile(path.join(dir, 'a.txt'), 'a\n');
  server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/build')) {
      req.resume();
      req.on('end', () => answer(res));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"message":"No such image"}');
  });
  server.listen(path.join(dir, 'd.sock'));
  await once(server, 'listening');
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await fs.rm(dir, { recursive: true, force: true });
});

function build(buildkit = false) {
  const events: BuildProgressEvent[] = [];
  const result = buildImage(
    new Dockerode({ socketPath: path.join(dir, 'd.sock') }),
    {
      dir,
      dockerfileText: 'FROM busybox:latest\nRUN echo hi\n',
      variant: 'original',
      buildId: 'b',
      buildkit,
      signal: new AbortController().signal,
    },
    (e) => events.push(e),
  );
  return { result, events, logs: () => events.filter((e) => e.kind === 'log').map((e) => e.text) };
}

const line = (o: unknown) => Buffer.from(`${JSON.stringify(o)}\n`, 'utf8');

describe('buildImage reading the build stream', () => {
  it('keeps a UTF-8 character whole when a chunk boundary falls inside it', async () => {
    const text = 'pip ━━━━━━━━ 100% ✓ café';
    const body = Buffer.concat([
      line({ stream: 'Step 1/2 : FROM busybox:latest\n' }),
      line({ stream: 'Step 2/2 : RUN echo hi\n' }),
      line({ stream: `${text}\n` }),
      line({ aux: { ID: 'sha256:feed' } }),
    ]);
    const cut = body.indexOf(Buffer.from('━', 'utf8')) + 1; // one byte into a 3-byte character
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(body.subarray(0, cut));
      setTimeout(() => res.end(body.subarray(cut)), 20); // two socket reads for the client
    };
    const b = build();
    await expect(b.result).resolves.toMatchObject({ imageId: 'sha256:feed' });
    expect(b.logs()).toEqual([text]);
  });

  it('turns a response cut off mid-build into DOCKER_UNREACHABLE', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(line({ stream: 'Step 1/2 : FROM busybox:latest\n' }));
      res.write(line({ stream: 'Step 2/2 : RUN echo hi\n' }));
      setTimeout(() => res.socket?.destroy(), 20); // the daemon process died
    };
    const b = build();
    await expect(b.result).rejects.toMatchObject({
      code: 'DOCKER_UNREACHABLE',
      message: expect.stringMatching(/^Lost the Docker daemon during the build/),
    });
    expect(b.events.filter((e) => e.kind === 'step')).toHaveLength(2);
  });

  it('does not take an old image for the result when the stream ends without one', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(line({ stream: 'Step 1/2 : FROM busybox:latest\n' }));
    };
    await expect(build().result).rejects.toMatchObject({ code: 'DOCKER_UNREACHABLE' });
  });

  it('reports an error line of the stream as BUILD_FAILED with the step', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(line({ stream: 'Step 2/2 : RUN echo hi\n' }));
      res.end(line({ errorDetail: { message: 'boom' }, error: 'boom' }));
    };
    const b = build();
    await expect(b.result).rejects.toMatchObject({
      code: 'BUILD_FAILED',
      message: 'original build failed at `RUN echo hi`: boom',
      details: { step: 'RUN echo hi', log: [] },
    });
    expect(b.events.at(-1)).toEqual({ buildId: 'b', variant: 'original', kind: 'error', text: 'boom' });
  });
});
