/**
 * postBuild against a real HTTP server on a unix socket (what dockerode dials): the request a
 * daemon receives for each builder, that no BuildKit session is opened first, and that aborting
 * the signal tears the request down.
 */
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildImage } from './build';
import { postBuild, type BuildParams } from './build-request';

interface Seen {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let dir: string;
let server: http.Server;
let seen: Seen[];
/** What the fake daemon does with a /build request once it has read the body. */
let answer: (res: http.ServerResponse) => void;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-br-'));
  seen = [];
  answer = (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"stream":"Step 1/1 : FROM scratch\\n"}\n');
  };
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://daemon'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      answer(res);
    });
  });
  server.listen(path.join(dir, 'd.sock'));
  await once(server, 'listening');
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await fs.rm(dir, { recursive: true, force: true });
});

const params = (version: '1' | '2'): BuildParams => ({
  t: 'whittle/app-12345678:optimized',
  dockerfile: '.whittle-build.Dockerfile',
  labels: { 'whittle.project': '/work/app', 'whittle.variant': 'optimized' },
  networkmode: 'host',
  rm: true,
  forcerm: true,
  version,
});

const read = async (s: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};

describe('postBuild', () => {
  it.each(['1', '2'] as const)(
    'sends version=%s with tag, Dockerfile, labels and host network, and no session',
    async (version) => {
      const docker = new Dockerode({ socketPath: path.join(dir, 'd.sock') });
      const stream = await postBuild(
        docker,
        Readable.from([Buffer.from('tar bytes')]),
        params(version),
        new AbortController().signal,
      );
      expect(await read(stream)).toContain('Step 1/1');
      // One request only: dockerode's buildImage would POST /session first for version 2.
      expect(seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual(['POST /build']);
      const q = seen[0]!.url.searchParams;
      expect(q.get('version')).toBe(version);
      expect(q.get('t')).toBe('whittle/app-12345678:optimized');
      expect(q.get('dockerfile')).toBe('.whittle-build.Dockerfile');
      expect(q.get('networkmode')).toBe('host');
      expect(JSON.parse(q.get('labels')!)).toEqual({
        'whittle.project': '/work/app',
        'whittle.variant': 'optimized',
      });
      expect(q.has('session')).toBe(false);
      expect(q.has('abortSignal')).toBe(false);
      expect(seen[0]!.headers['content-type']).toBe('application/tar');
      expect(seen[0]!.body).toBe('tar bytes');
    },
  );

  it('buildImage asks for nocache only when told to', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"aux":{"ID":"sha256:cold"}}\n');
    };
    const docker = new Dockerode({ socketPath: path.join(dir, 'd.sock') });
    await fs.writeFile(path.join(dir, 'a.txt'), 'a');
    const opts = {
      dir,
      dockerfileText: 'FROM busybox:latest\n',
      variant: 'original' as const,
      buildId: 'nc',
      buildkit: true,
      signal: new AbortController().signal,
    };
    await expect(buildImage(docker, { ...opts, noCache: true }, () => undefined)).resolves.toMatchObject({
      imageId: 'sha256:cold',
    });
    await buildImage(docker, opts, () => undefined);
    expect(seen.map((s) => s.url.searchParams.get('nocache'))).toEqual(['true', null]);
    expect(seen.map((s) => s.url.searchParams.get('version'))).toEqual(['2', '2']);
  });

  it('rejects with the daemon message on a 500', async () => {
    answer = (res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"message":"no space left on device"}');
    };
    const docker = new Dockerode({ socketPath: path.join(dir, 'd.sock') });
    await expect(
      postBuild(docker, Readable.from([Buffer.from('x')]), params('2'), new AbortController().signal),
    ).rejects.toThrow(/no space left on device/);
  });

  it('aborting the signal ends the request the daemon is streaming', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((r) => (closed = r));
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"stream":"Step 1/2 : RUN sleep 30\\n"}\n'); // and never ends
      res.on('close', closed);
    };
    const docker = new Dockerode({ socketPath: path.join(dir, 'd.sock') });
    const ctl = new AbortController();
    const stream = await postBuild(docker, Readable.from([Buffer.from('x')]), params('2'), ctl.signal);
    const ended = new Promise<string>((resolve) => {
      stream.on('error', (e: Error) => resolve(e.message));
      stream.on('close', () => resolve('close'));
    });
    ctl.abort();
    // Node reports a response cut short as an `aborted` error (or just a close).
    expect(await ended).toMatch(/^(aborted|close|The operation was aborted)$/);
    await serverSawClose; // the daemon side sees the connection go: that is what stops a build
  });

  it('rejects when nothing listens on the socket', async () => {
    const docker = new Dockerode({ socketPath: path.join(dir, 'absent.sock') });
    await expect(
      postBuild(docker, Readable.from([Buffer.from('x')]), params('1'), new AbortController().signal),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
