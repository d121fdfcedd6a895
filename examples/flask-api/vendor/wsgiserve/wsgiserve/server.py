"""A thread-per-request HTTP server around the stdlib's wsgiref."""

import logging
import socketserver
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

log = logging.getLogger("wsgiserve")


class _QuietHandler(WSGIRequestHandler):
    """Access log through ``logging`` instead of raw stderr writes."""

    server_version = "wsgiserve/1.2"

    def log_message(self, fmt, *args):
        log.info("%s %s", self.address_string(), fmt % args)


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def make_server(host, port, app):
    server = ThreadingWSGIServer((host, port), _QuietHandler)
    server.set_app(app)
    return server
