"""HTTP front end: GET /search?q=stainles hexbolt&max=2, GET /health."""

import json
import os
import signal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from fuzzyfind import __version__
from fuzzyfind.index import Catalog

CATALOG = Catalog.load(os.environ.get("CATALOG_PATH", os.path.join(os.path.dirname(__file__), "data", "catalog.txt")))


class Handler(BaseHTTPRequestHandler):
    server_version = "fuzzyfind/" + __version__

    def _send(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        args = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path == "/health":
            # exercises the C extension, not just the socket
            ok = CATALOG.search("stainles hex bolt", max_dist=1, limit=1) != []
            self._send(200 if ok else 500, {"status": "ok" if ok else "degraded", "items": len(CATALOG.items)})
        elif url.path == "/search":
            try:
                max_dist = min(int(args.get("max", 1)), 3)
                limit = min(int(args.get("limit", 10)), 50)
            except ValueError:
                return self._send(400, {"error": "max and limit must be integers"})
            self._send(200, {"query": args.get("q", ""), "hits": CATALOG.search(args.get("q", ""), max_dist, limit)})
        else:
            self._send(404, {"error": "not found"})


def _stop(signum, frame):
    # PID 1 in a container ignores SIGTERM unless it installs a handler
    raise KeyboardInterrupt


def main():
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    print("fuzzyfind %s: %d catalog items on :%d" % (__version__, len(CATALOG.items), port), flush=True)
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
