/**
 * The bridge's per-launch token: a random secret printed once in the UI URL and required on
 * every API request and socket. Loopback alone is not enough — any local process or any web
 * page the user visits could otherwise reach 127.0.0.1 and drive the Docker daemon.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes, URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token a request carries: `Authorization: Bearer <t>` first, else `?token=<t>`. */
export function tokenOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return url.searchParams.get('token');
}

/** Constant-time comparison, so response timing does not leak the token byte by byte. */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Rejects requests whose Host is not the loopback address we bound: a DNS-rebinding page
 * would send its own hostname here.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * Rejects a WebSocket handshake from another web origin (cross-site WebSocket hijacking):
 * browsers always send `Origin` on a handshake, so one that is present must be the bridge's own
 * page. A client that is not a browser sends none and still needs the token.
 */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return (
    origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
  );
}
