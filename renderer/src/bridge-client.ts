/**
 * The browser-side half of the bridge: a WhittleApi over `POST /api/<method>` and the
 * `/api/events` WebSocket. Only `api.ts` imports this.
 */
import {
  API_METHODS,
  type BuildProgressEvent,
  type WhittleApi,
  type WhittleMethod,
} from '../../shared/api/contract';
import { fail, type Result } from '../../shared/api/result';

const TOKEN_KEY = 'whittle.token';

/**
 * Reads the token from the URL once, keeps it for this tab (sessionStorage survives reloads but
 * not other tabs) and strips it from the address bar so it does not end up in history or
 * screenshots.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function post(token: string | null, method: WhittleMethod, args: unknown[]): Promise<Result<unknown>> {
  let res: Response;
  try {
    res = await fetch(`./api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    });
  } catch (err) {
    return fail(
      'INTERNAL',
      `Whittle's local server is not answering (${(err as Error).message}). Is "whittle serve" still running?`,
    );
  }
  if (res.status === 401) {
    return fail(
      'UNAUTHORIZED',
      'This page has no valid access token. Open the exact URL that "whittle serve" printed.',
    );
  }
  try {
    return (await res.json()) as Result<unknown>;
  } catch {
    return fail('INTERNAL', `Unexpected response from the local server (HTTP ${res.status})`);
  }
}

/** One socket shared by all subscribers, reconnecting with backoff while anyone listens. */
function createEvents(token: string | null) {
  const listeners = new Set<(e: BuildProgressEvent) => void>();
  let socket: WebSocket | null = null;
  let retry = 250;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const q = token ? `?token=${encodeURIComponent(token)}` : '';
    const ws = new WebSocket(`${proto}://${window.location.host}/api/events${q}`);
    socket = ws;
    ws.onopen = () => (retry = 250);
    ws.onmessage = (m) => {
      try {
        const msg = JSON.parse(String(m.data)) as { channel?: string; event?: BuildProgressEvent };
        if (msg.channel === 'buildProgress' && msg.event)
          listeners.forEach((l) => l(msg.event as BuildProgressEvent));
      } catch {
        // ignore malformed frames
      }
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.size > 0) {
        timer = setTimeout(connect, retry);
        retry = Math.min(retry * 2, 5000);
      }
    };
  };

  return {
    /** Resolves once the socket is open, so a build started right after cannot miss its first events. */
    ready(): Promise<void> {
      if (!socket) connect();
      const ws = socket as WebSocket;
      if (ws.readyState === WebSocket.OPEN) return Promise.resolve();
      return new Promise((resolve) => {
        ws.addEventListener('open', () => resolve(), { once: true });
        ws.addEventListener('close', () => resolve(), { once: true });
      });
    },
    subscribe(cb: (e: BuildProgressEvent) => void): () => void {
      listeners.add(cb);
      if (!socket) connect();
      return () => {
        listeners.delete(cb);
        if (listeners.size === 0) {
          clearTimeout(timer);
          socket?.close();
          socket = null;
        }
      };
    },
  };
}

/** A WhittleApi talking to the bridge this page was served from. */
export function createBridgeApi(token: string | null): WhittleApi {
  const events = createEvents(token);
  const api: Record<string, unknown> = {
    onBuildProgress: events.subscribe,
  };
  for (const m of API_METHODS) {
    api[m] = async (...args: unknown[]) => {
      // Builds push progress over the socket: make sure it is listening before the build starts
      // (or, reattaching after a reload, before the progress so far is read).
      if (m === 'build' || m === 'compare' || m === 'projectSession') await events.ready();
      return post(token, m, args);
    };
  }
  return api as unknown as WhittleApi;
}

/** The folder `whittle serve DIR` was started on, if any. */
export async function bridgeInitialProject(token: string | null): Promise<string | null> {
  try {
    const res = await fetch('./api/session', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!res.ok) return null;
    const body = (await res.json()) as Result<{ initialProject: string | null }>;
    return body.ok ? body.value.initialProject : null;
  } catch {
    return null;
  }
}
