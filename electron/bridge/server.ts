/**
 * The browser bridge: the same WhittleApi as Electron's IPC, over loopback HTTP.
 *   POST /api/<method>   body: JSON array of arguments → Result JSON (always HTTP 200 once authorised)
 *   GET  /api/health     → { ok: true }
 *   GET  /api/session    → Result<{ initialProject }> (the folder `whittle serve DIR` was started on)
 *   WS   /api/events     → push events as `{ "channel": "buildProgress", "event": {...} }`
 *   GET  /*              → the built renderer
 * Every /api request and the socket need the per-launch token; without it → 401.
 *
 * Long tasks and the page (issue 12): a compare belongs to the server, not to the page. A page
 * reload closes the socket and opens a new one within seconds; the reloaded page reattaches to
 * the compare (`projectSession`, `attachCompare`; electron/core/compare-sessions.ts). When no
 * page has had the socket open for `orphanGraceMs` (the tab was closed), `onOrphaned` runs:
 * `whittle serve` cancels what is still building, since no one is left to see it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WhittleApi } from '../../shared/api/contract';
import { fail, ok, toWhittleError, type Result } from '../../shared/api/result';
import { isApiMethod, validateArgs } from '../../shared/api/validators';
import { createToken, hostAllowed, originAllowed, tokenMatches, tokenOf } from './auth';
import { serveStatic } from './static-files';

/** Largest request body accepted: two 10 MiB Dockerfiles plus JSON overhead. */
const MAX_BODY_BYTES = 24 * 1024 * 1024;

export interface BridgeOptions {
  api: WhittleApi;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder with the built renderer; static serving is off when omitted. */
  staticDir?: string;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
  /** Project folder the UI opens first (`whittle serve DIR`), or null for the start screen. */
  initialProject?: string | null;
  /** Called once no events socket has been open for `orphanGraceMs` (every page is gone). */
  onOrphaned?: () => void;
  /** Grace after the last socket closes, in ms (default 30 s: a reload reconnects well within it). */
  orphanGraceMs?: number;
}

/** Default grace before a server with no page left cancels its compares. */
export const ORPHAN_GRACE_MS = 30_000;

export interface Bridge {
  port: number;
  token: string;
  /** The URL to open: `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "worker-src 'self' blob:",
      "style-src 'self' 'unsafe-inline'",
      // 'self' covers ws: only under CSP level 3; say it outright for older engines.
      `connect-src 'self' ws://${HOST}:${port} ws://localhost:${port}`,
      "font-src 'self' data:",
      "img-src 'self' data:",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        // Stop keeping it, but let the socket live so the 413 can be sent (the caller closes it after).
        req.off('data', onData);
        req.resume();
        reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Runs one API call from an HTTP body; every outcome is a Result. */
async function callApi(api: WhittleApi, method: string, body: string): Promise<Result<unknown>> {
  if (!isApiMethod(method)) return fail('NOT_FOUND', `No API method named ${method}`);
  let args: unknown;
  try {
    args = body.trim() === '' ? [] : JSON.parse(body);
  } catch {
    return fail('INVALID_ARGUMENT', `${method}: body is not valid JSON`);
  }
  const checked = validateArgs(method, args);
  if (!checked.ok) return checked;
  try {
    const fn = api[method] as (...a: unknown[]) => Promise<Result<unknown>>;
    return await fn.apply(api, checked.value as unknown[]);
  } catch (err) {
    return { ok: false, error: toWhittleError(err) };
  }
}

/** Starts the bridge on 127.0.0.1 and resolves once it is listening. */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? createToken();
  const sockets = new Set<WebSocket>();
  let orphanTimer: ReturnType<typeof setTimeout> | undefined;
  const socketGone = (ws: WebSocket) => {
    if (!sockets.delete(ws) || sockets.size > 0 || !opts.onOrphaned) return;
    clearTimeout(orphanTimer);
    orphanTimer = setTimeout(() => {
      if (sockets.size === 0) opts.onOrphaned?.();
    }, opts.orphanGraceMs ?? ORPHAN_GRACE_MS);
  };
  let port = 0;
  let headers: Record<string, string> = {};

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req, port)) {
      sendJson(res, 403, fail('UNAUTHORIZED', 'Unexpected Host header'), headers);
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (!url.pathname.startsWith('/api/')) {
      if (opts.staticDir) await serveStatic(opts.staticDir, url.pathname, req, res, headers);
      else sendJson(res, 404, fail('NOT_FOUND', 'Not found'), headers);
      return;
    }
    if (!tokenMatches(tokenOf(req, url), token)) {
      sendJson(res, 401, fail('UNAUTHORIZED', 'Missing or wrong token'), headers);
      return;
    }
    const name = url.pathname.slice('/api/'.length);
    if (name === 'health' && req.method === 'GET') {
      sendJson(res, 200, { ok: true }, headers);
      return;
    }
    if (name === 'session' && req.method === 'GET') {
      sendJson(res, 200, ok({ initialProject: opts.initialProject ?? null }), headers);
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, fail('INVALID_ARGUMENT', 'Use POST'), { ...headers, Allow: 'POST' });
      return;
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch (err) {
      res.on('finish', () => req.destroy());
      sendJson(res, 413, fail('INVALID_ARGUMENT', toWhittleError(err).message), {
        ...headers,
        Connection: 'close',
      });
      return;
    }
    sendJson(res, 200, await callApi(opts.api, name, body), headers);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toWhittleError(err) }, headers);
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const authorised =
      hostAllowed(req, port) && originAllowed(req, port) && tokenMatches(tokenOf(req, url), token);
    if (url.pathname !== '/api/events' || !authorised) {
      socket.end(
        `HTTP/1.1 ${authorised ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      clearTimeout(orphanTimer);
      ws.on('close', () => socketGone(ws));
      ws.on('error', () => socketGone(ws));
    });
  });

  const unsubscribe = opts.api.onBuildProgress((event) => {
    const msg = JSON.stringify({ channel: 'buildProgress', event });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(port);

  return {
    port,
    token,
    url: `http://${HOST}:${port}/?token=${token}`,
    close: async () => {
      clearTimeout(orphanTimer);
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
