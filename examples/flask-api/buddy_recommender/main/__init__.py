import os

from microflask import Microflask

from buddy_recommender.main import db
from buddy_recommender.main.config import config_for


def create_app(env=None):
    app = Microflask(__name__)
    app.config.update(config_for(env or os.environ.get("MICROFLASK_ENV", "development")))
    db.init_app(app)

    from buddy_recommender.main.routes import register

    register(app)
    return app
