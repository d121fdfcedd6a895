"""microflask: a tiny WSGI micro-framework with a Flask-like surface.

Enough of Flask's shape for a small JSON API: ``@app.route`` with typed URL
variables, a thread-local ``request``, ``jsonify``, ``abort`` and error
handlers, ``app.config`` and a ``test_client()`` for unit tests.
"""

import io
import json
import re
import sys
import threading
from http import HTTPStatus
from urllib.parse import parse_qs

__all__ = ["Microflask", "Response", "HTTPError", "request", "jsonify", "abort"]
__version__ = "0.4.1"

_CONVERTERS = {
    "int": (r"\d+", int),
    "string": (r"[^/]+", str),
    "path": (r".+", str),
}
_VAR = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>[a-zA-Z_][a-zA-Z0-9_]*)>")


class HTTPError(Exception):
    """Raised by :func:`abort`; turned into a JSON error response."""

    def __init__(self, status, description=None):
        super().__init__(description or HTTPStatus(status).phrase)
        self.status = status
        self.description = description or HTTPStatus(status).phrase


def abort(status, description=None):
    raise HTTPError(status, description)


class Response:
    def __init__(self, body=b"", status=200, headers=None, mimetype="text/plain"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.body = body
        self.status = status
        self.headers = dict(headers or {})
        self.headers.setdefault("Content-Type", mimetype + "; charset=utf-8")

    @property
    def status_line(self):
        return "%d %s" % (self.status, HTTPStatus(self.status).phrase)

    def get_json(self):
        return json.loads(self.body.decode("utf-8"))


def jsonify(*args, **kwargs):
    data = args[0] if len(args) == 1 else (list(args) if args else kwargs)
    return Response(json.dumps(data, indent=None, sort_keys=True), mimetype="application/json")


class Request:
    """The part of a WSGI environ a JSON API needs."""

    def __init__(self, environ):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.path = environ.get("PATH_INFO", "/") or "/"
        self.args = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self._body = None

    @property
    def data(self):
        if self._body is None:
            try:
                length = int(self.environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            stream = self.environ.get("wsgi.input")
            self._body = stream.read(length) if (stream and length) else b""
        return self._body

    def get_json(self, silent=False):
        try:
            return json.loads(self.data.decode("utf-8") or "null")
        except ValueError:
            if silent:
                return None
            abort(400, "request body is not valid JSON")


class _RequestProxy(threading.local):
    """``request`` as a thread-local, like Flask's context-local proxy."""

    current = None

    def __getattr__(self, name):
        if self.current is None:
            raise RuntimeError("working outside of a request")
        return getattr(self.current, name)


request = _RequestProxy()


class _Rule:
    def __init__(self, pattern, endpoint, func, methods):
        self.pattern = pattern
        self.endpoint = endpoint
        self.func = func
        self.methods = set(methods)
        self.casts = {}
        regex, pos = "^", 0
        for match in _VAR.finditer(pattern):
            regex += re.escape(pattern[pos:match.start()])
            conv = match.group("conv") or "string"
            part, cast = _CONVERTERS[conv]
            regex += "(?P<%s>%s)" % (match.group("name"), part)
            self.casts[match.group("name")] = cast
            pos = match.end()
        self.regex = re.compile(regex + re.escape(pattern[pos:]) + "$")

    def match(self, path):
        m = self.regex.match(path)
        if not m:
            return None
        return {k: self.casts[k](v) for k, v in m.groupdict().items()}


class Microflask:
    def __init__(self, import_name):
        self.import_name = import_name
        self.config = {"DEBUG": False, "JSON_ERRORS": True}
        self.rules = []
        self.error_handlers = {}
        self.before_request_funcs = []
        self.teardown_funcs = []

    # -- registration -----------------------------------------------------
    def route(self, pattern, methods=("GET",)):
        def decorator(func):
            self.rules.append(_Rule(pattern, func.__name__, func, methods))
            return func

        return decorator

    def errorhandler(self, status):
        def decorator(func):
            self.error_handlers[status] = func
            return func

        return decorator

    def before_request(self, func):
        self.before_request_funcs.append(func)
        return func

    def teardown_request(self, func):
        self.teardown_funcs.append(func)
        return func

    # -- dispatch ---------------------------------------------------------
    def _dispatch(self, req):
        allowed = set()
        for rule in self.rules:
            kwargs = rule.match(req.path)
            if kwargs is None:
                continue
            if req.method not in rule.methods:
                allowed |= rule.methods
                continue
            for func in self.before_request_funcs:
                func()
            return rule.func(**kwargs)
        if allowed:
            abort(405)
        abort(404)

    def _make_response(self, rv):
        status = None
        if isinstance(rv, tuple):
            rv, status = rv
        if isinstance(rv, (dict, list)):
            rv = jsonify(rv)
        elif isinstance(rv, (str, bytes)):
            rv = Response(rv)
        if status is not None:
            rv.status = status
        return rv

    def _handle_error(self, err):
        handler = self.error_handlers.get(err.status)
        if handler is not None:
            return self._make_response(handler(err))
        resp = jsonify({"error": err.description, "status": err.status})
        resp.status = err.status
        return resp

    def handle(self, environ):
        req = Request(environ)
        request.current = req
        try:
            try:
                resp = self._make_response(self._dispatch(req))
            except HTTPError as err:
                resp = self._handle_error(err)
            except Exception:  # pragma: no cover - logged, turned into a 500
                import traceback

                traceback.print_exc(file=environ.get("wsgi.errors", sys.stderr))
                resp = self._handle_error(HTTPError(500))
        finally:
            for func in self.teardown_funcs:
                func(None)
            request.current = None
        return resp

    def __call__(self, environ, start_response):
        resp = self.handle(environ)
        headers = list(resp.headers.items()) + [("Content-Length", str(len(resp.body)))]
        start_response(resp.status_line, headers)
        return [resp.body]

    # -- testing ----------------------------------------------------------
    def test_client(self):
        return _TestClient(self)


class _TestClient:
    def __init__(self, app):
        self.app = app

    def open(self, path, method="GET", json_body=None):
        path, _, query = path.partition("?")
        body = json.dumps(json_body).encode() if json_body is not None else b""
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/json",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
        }
        return self.app.handle(environ)

    def get(self, path):
        return self.open(path)

    def post(self, path, json=None):
        return self.open(path, "POST", json)

    def delete(self, path):
        return self.open(path, "DELETE")
