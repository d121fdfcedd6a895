"""``wsgiserve [--ini FILE] [--http HOST:PORT] module:callable``"""

import argparse
import configparser
import importlib
import logging
import os
import signal
import sys

from wsgiserve.server import make_server


def load_app(spec, chdir=None):
    module_name, _, attr = spec.partition(":")
    if chdir:
        os.chdir(chdir)
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    module = importlib.import_module(module_name)
    return getattr(module, attr or "application")


def read_ini(path):
    parser = configparser.ConfigParser()
    if not parser.read(path):
        raise SystemExit("wsgiserve: cannot read %s" % path)
    return dict(parser["wsgiserve"]) if parser.has_section("wsgiserve") else {}


def _stop(signum, frame):
    raise KeyboardInterrupt  # leave serve_forever() and close the socket


def main(argv=None):
    ap = argparse.ArgumentParser(prog="wsgiserve", description=__doc__)
    ap.add_argument("ini", nargs="?", help="optional ini file with a [wsgiserve] section")
    ap.add_argument("-w", "--wsgi", dest="app", help="module:callable of the WSGI app")
    ap.add_argument("--http", help="HOST:PORT to listen on (default 127.0.0.1:8000)")
    ap.add_argument("--chdir", help="directory to import the app from")
    args = ap.parse_args(argv)

    conf = read_ini(args.ini) if args.ini else {}
    spec = args.app or conf.get("module")
    if not spec:
        ap.error("no application given (-w module:callable or module= in the ini)")
    bind = args.http or conf.get("http", "127.0.0.1:8000")
    host, _, port = bind.rpartition(":")

    logging.basicConfig(
        level=conf.get("log_level", "INFO").upper(),
        format="%(asctime)s wsgiserve[%(process)d] %(message)s",
    )
    app = load_app(spec, args.chdir or conf.get("chdir"))
    server = make_server(host or "0.0.0.0", int(port), app)
    signal.signal(signal.SIGTERM, _stop)
    logging.getLogger("wsgiserve").info("serving %s on http://%s", spec, bind)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
