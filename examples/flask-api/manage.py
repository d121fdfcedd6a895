#!/usr/bin/env python
"""Management commands.

    python manage.py db upgrade      apply pending migrations to the SQLite database
    python manage.py db current      print the database's schema revision
    python manage.py run [PORT]      development server (single process, debug config)
    python manage.py test            run the unit tests
"""

import os
import sys
import unittest

from buddy_recommender import create_app
from buddy_recommender.main import db

app = create_app(os.environ.get("FLASK_ENV", "development"))


def cmd_db(args):
    conn = db.connect(app.config["DATABASE"])
    try:
        if args[:1] == ["upgrade"]:
            n = db.upgrade(conn)
            print("database %s at revision %s (%d applied)" % (app.config["DATABASE"], db.current_revision(conn), n))
        elif args[:1] == ["current"]:
            print(db.current_revision(conn) or "empty")
        else:
            raise SystemExit("usage: manage.py db upgrade|current")
    finally:
        conn.close()


def cmd_run(args):
    from wsgiref.simple_server import make_server

    port = int(args[0]) if args else 5000
    print("development server on http://127.0.0.1:%d (use an app server in production)" % port)
    make_server("127.0.0.1", port, app).serve_forever()


def cmd_test(_args):
    suite = unittest.defaultTestLoader.discover("tests")
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    raise SystemExit(0 if result.wasSuccessful() else 1)


COMMANDS = {"db": cmd_db, "run": cmd_run, "test": cmd_test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        raise SystemExit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
