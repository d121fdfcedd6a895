import os

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from buddy_recommender.main import db
from buddy_recommender.main.config import config_for


def create_app(env=None):
    app = Flask(__name__)
    app.config.update(config_for(env or os.environ.get("FLASK_ENV", "development")))
    db.init_app(app)

    @app.errorhandler(HTTPException)
    def json_error(err):
        # every error is JSON, as docs/api.md promises
        return jsonify({"error": err.description, "status": err.code}), err.code

    from buddy_recommender.main.routes import register

    register(app)
    return app
