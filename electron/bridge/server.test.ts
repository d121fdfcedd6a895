import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { BuildProgressEvent, WhittleApi } from '../../shared/api/contract';
import { ok } from '../../shared/api/result';
import { startBridge, type Bridge } from './server';

/** A stand-in API: the bridge's job is transport and auth, not what the methods do. */
function fakeApi() {
  const listeners = new Set<(e: BuildProgressEvent) => void>();
  const calls: unknown[][] = [];
  const api = {
    listExamples: async () => ok([{ name: 'x', dir: '/x', description: 'd' }]),
    openProject: async (dir: string) => {
      calls.push([dir]);
      if (dir === '/boom') throw new Error('kaboom');
      return ok({ dir, name: 'p', dockerfiles: [], context: { files: [], dockerignore: null } });
    },
    onBuildProgress: (cb: (e: BuildProgressEvent) => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  } as unknown as WhittleApi;
  const emit = (e: BuildProgressEvent) => listeners.forEach((l) => l(e));
  return { api, calls, emit, listeners };
}

let bridge: Bridge;
let fake: ReturnType<typeof fakeApi>;
let staticDir: string;
const base = () => `http://127.0.0.1:${bridge.port}`;
const auth = () => ({ Authorization: `Bearer ${bridge.token}` });

beforeAll(async () => {
  staticDir = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-static-'));
  await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Whittle</title>');
  fake = fakeApi();
  bridge = await startBridge({ api: fake.api, staticDir });
});
afterAll(async () => {
  await bridge.close();
  await fs.rm(staticDir, { recursive: true, force: true });
});

describe('bridge auth', () => {
  it('binds 127.0.0.1 on an ephemeral port and prints a token URL', () => {
    expect(bridge.port).toBeGreaterThan(0);
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers 401 without a token or with a wrong one', async () => {
    expect((await fetch(`${base()}/api/health`)).status).toBe(401);
    expect((await fetch(`${base()}/api/health?token=nope`)).status).toBe(401);
    const r = await fetch(`${base()}/api/listExamples`, { method: 'POST', body: '[]' });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('answers 200 on health with the token in a header or the query', async () => {
    expect((await fetch(`${base()}/api/health`, { headers: auth() })).status).toBe(200);
    expect((await fetch(`${base()}/api/health?token=${bridge.token}`)).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: '/api/health',
          headers: { ...auth(), Host: 'evil.test' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('bridge API', () => {
  it('calls a method with validated JSON args and returns its Result', async () => {
    const r = await fetch(`${base()}/api/openProject`, {
      method: 'POST',
      headers: auth(),
      body: '["/tmp/p"]',
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, value: { dir: '/tmp/p' } });
  });

  it('answers an oversized body with a coded 413, not a reset connection', async () => {
    const r = await fetch(`${base()}/api/openProject`, {
      method: 'POST',
      headers: auth(),
      body: `["${'x'.repeat(25 * 1024 * 1024)}"]`,
    });
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('turns bad args, unknown methods and throws into failed Results', async () => {
    const post = async (m: string, body: string) =>
      (await fetch(`${base()}/api/${m}`, { method: 'POST', headers: auth(), body })).json();
    expect(await post('openProject', '[42]')).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(await post('openProject', '{not json')).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(await post('deleteEverything', '[]')).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await post('openProject', '["/boom"]')).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'kaboom' },
    });
  });
});

describe('bridge events socket', () => {
  it('rejects a socket without the token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events`);
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', () => resolve('error'));
    });
    expect(outcome).toBe('401');
  });

  it('rejects a socket from another web origin even with the token; accepts its own page', async () => {
    const outcome = (origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events?token=${bridge.token}`, {
          origin,
        });
        ws.on('open', () => (ws.close(), resolve('open')));
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('error', () => resolve('error'));
      });
    expect(await outcome('https://evil.example')).toBe('401');
    expect(await outcome(`http://127.0.0.1:${bridge.port + 1}`)).toBe('401');
    expect(await outcome(`http://127.0.0.1:${bridge.port}`)).toBe('open');
  });

  it('pushes build progress to an authorised socket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api/events?token=${bridge.token}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const got = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    const event: BuildProgressEvent = {
      buildId: 'b',
      variant: 'original',
      kind: 'step',
      step: 1,
      totalSteps: 3,
    };
    fake.emit(event);
    expect(await got).toEqual({ channel: 'buildProgress', event });
    ws.close();
  });
});

describe('a page that is gone', () => {
  const open = (b: Bridge) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${b.port}/api/events?token=${b.token}`);
      ws.on('open', () => resolve(ws));
      ws.on('error', reject);
    });
  const closed = (ws: WebSocket) =>
    new Promise<void>((resolve) => {
      ws.on('close', () => resolve());
      ws.close();
    });
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('calls onOrphaned once no socket has been open for the grace period, not on a reload', async () => {
    let orphaned = 0;
    const b = await startBridge({ api: fakeApi().api, onOrphaned: () => orphaned++, orphanGraceMs: 150 });
    try {
      // A reload: the socket closes and the new page's opens within the grace.
      await closed(await open(b));
      await wait(30);
      const again = await open(b);
      await wait(250);
      expect(orphaned).toBe(0);
      // Two pages: one closing leaves the other.
      const other = await open(b);
      await closed(again);
      await wait(250);
      expect(orphaned).toBe(0);
      // The last page closes for good.
      await closed(other);
      await wait(250);
      expect(orphaned).toBe(1);
    } finally {
      await b.close();
    }
  });
});

describe('bridge static files', () => {
  it('serves the renderer without a token, with a CSP, and never outside its root', async () => {
    const r = await fetch(`${base()}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await r.text()).toContain('Whittle');
    expect((await fetch(`${base()}/%2e%2e/%2e%2e/etc/passwd`)).status).not.toBe(500);
    const escaped = await fetch(`${base()}/..%2f..%2fetc%2fpasswd`);
    expect(await escaped.text()).not.toContain('root:');
    expect((await fetch(`${base()}/missing.js`)).status).toBe(404);
  });
});
