"""Entry point for the application server: ``uwsgi /app/wsgi.ini -w wsgi:app``."""

import os

from buddy import create_app

app = create_app(os.environ.get("FLASK_ENV", "production"))
