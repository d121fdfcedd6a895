"""Entry point for the application server: ``wsgiserve /app/wsgi.ini -w wsgi:app``."""

import os

from buddy_recommender import create_app

app = create_app(os.environ.get("MICROFLASK_ENV", "production"))
