/**
 * Probes one TCP port the way a client would: a TCP connect (retried while the server comes up),
 * then `GET /` over HTTP/1.1, reduced to its status class. Node's own net/http; loopback only.
 */
import http from 'node:http';
import net from 'node:net';

/** What a port answered: `connected` false = nothing listened; `http` = status class or `not-http`. */
export interface PortAnswer {
  /** `8080/tcp` as EXPOSEd. */
  port: string;
  /** Where it was probed, `127.0.0.1:8080`. */
  address: string;
  connected: boolean;
  /** `2xx`…`5xx`, `not-http` (connected, but no HTTP answer), or null when it did not connect. */
  http: string | null;
  /** Set when the port was not probed (e.g. already taken on the host before the container started). */
  skipped?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One TCP connect attempt; resolves true when the handshake completes within `timeoutMs`. */
export function tcpConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** `GET /` → `2xx`…`5xx`, or `not-http` when the server answers something else or nothing in time. */
export function httpStatusClass(host: string, port: number, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(
      { host, port, path: '/', timeout: timeoutMs, headers: { Connection: 'close' } },
      (res) => {
        res.resume();
        resolve(`${String(res.statusCode ?? 0)[0]}xx`);
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve('not-http');
    });
    req.on('error', () => resolve('not-http'));
  });
}

/**
 * Connects (retrying every 300 ms for up to `waitMs`), then asks `GET /` (answer within 20 s).
 * Both waits are generous on purpose: they end as soon as the server answers, and a slow start on
 * a loaded machine must not read as a regression of one image against the other.
 */
export async function probePort(
  port: string,
  host: string,
  hostPort: number,
  waitMs = 30_000,
): Promise<PortAnswer> {
  const address = `${host}:${hostPort}`;
  const until = Date.now() + waitMs;
  let connected = false;
  for (;;) {
    connected = await tcpConnect(host, hostPort);
    if (connected || Date.now() >= until) break;
    await sleep(300);
  }
  if (!connected) return { port, address, connected, http: null };
  return { port, address, connected, http: await httpStatusClass(host, hostPort) };
}

/**
 * Why the optimized image's answer is worse than the original's, or null when it is as good:
 * it must connect where the original connected and give the same HTTP status class.
 */
export function answerRegression(original: PortAnswer, optimized: PortAnswer | undefined): string | null {
  if (original.skipped || !original.connected) return null;
  if (!optimized || optimized.skipped) return null;
  if (!optimized.connected)
    return `${original.port}: the original accepted a TCP connection, the optimized image did not`;
  if (original.http !== optimized.http)
    return `${original.port}: GET / answered ${original.http} on the original, ${optimized.http} on the optimized image`;
  return null;
}
