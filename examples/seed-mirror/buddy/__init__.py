"""Buddy Recommender (seed mirror): users rate interests; buddies are their nearest neighbours."""

import os

from flask import Flask
from flask_cors import CORS
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

HERE = os.path.dirname(os.path.abspath(__file__))
db = SQLAlchemy()
migrate = Migrate()

CONFIGS = {
    "development": {"DEBUG": True},
    "testing": {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"},
    "production": {},
}


def create_app(env="production"):
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=os.environ.get(
            "BUDDY_DATABASE_URL", "sqlite:///" + os.path.join(HERE, "storage", "buddies.sqlite3")
        ),
        SQLALCHEMY_TRACK_MODIFICATIONS=False,
        RESTX_MASK_SWAGGER=False,
    )
    app.config.update(CONFIGS[env])
    db.init_app(app)
    migrate.init_app(app, db)
    CORS(app)

    from buddy.api import blueprint

    app.register_blueprint(blueprint)
    return app
