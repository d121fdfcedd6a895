/**
 * Serves the built renderer (`dist/renderer`) to the browser: GET/HEAD only, no directory
 * listings, no path escaping the root, the SPA's index.html for unknown paths.
 */
import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Resolves a URL path inside `root`, or null when it would escape it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return full === root || full.startsWith(root + path.sep) ? full : null;
}

async function fileAt(p: string | null): Promise<string | null> {
  if (!p) return null;
  const st = await fs.stat(p).catch(() => null);
  return st?.isFile() ? p : null;
}

/** Writes the static response; `headers` carries security headers shared with the API. */
export async function serveStatic(
  root: string,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const absRoot = path.resolve(root);
  const file =
    (await fileAt(resolveInside(absRoot, urlPath))) ??
    // Only extension-less paths fall back to the SPA shell; a missing asset is a real 404.
    (path.extname(urlPath) === '' ? await fileAt(path.join(absRoot, 'index.html')) : null);
  if (!file) {
    const missingBuild = !(await fileAt(path.join(absRoot, 'index.html')));
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      missingBuild
        ? `The UI is not built: run "npm run build:renderer" (looked in ${absRoot}).\n`
        : 'Not found\n',
    );
    return;
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed assets are immutable; the HTML shell must always be revalidated.
  const cache = file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': cache });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
