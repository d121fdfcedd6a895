#!/usr/bin/env python
"""Management commands.

    python manage.py db upgrade      create the tables and the demo users (idempotent)
    python manage.py test            run the unit tests
"""

import os
import sys
import unittest

from buddy import create_app, db
from buddy.models import User

DEMO = [
    ("Ana", "Lisbon", "5,1,4,0,2,5,3,0"),
    ("Ben", "Berlin", "0,5,1,2,0,1,0,4"),
    ("Chiara", "Milan", "4,0,5,1,3,4,2,0"),
    ("Deniz", "Istanbul", "1,4,0,5,0,0,1,3"),
    ("Emil", "Berlin", "0,3,2,4,1,0,0,5"),
    ("Fatou", "Paris", "5,2,4,0,1,5,4,1"),
]


def cmd_db(args):
    if args[:1] != ["upgrade"]:
        raise SystemExit("usage: manage.py db upgrade")
    app = create_app(os.environ.get("FLASK_ENV", "development"))
    with app.app_context():
        db.create_all()
        if User.query.count() == 0:
            db.session.add_all(User(name=n, city=c, ratings=r) for n, c, r in DEMO)
            db.session.commit()
        print("database ready: %d users" % User.query.count())


def cmd_test(_args):
    result = unittest.TextTestRunner(verbosity=2).run(unittest.defaultTestLoader.discover("tests"))
    raise SystemExit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    commands = {"db": cmd_db, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        raise SystemExit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])
