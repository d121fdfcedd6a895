import os

HERE = os.path.dirname(os.path.abspath(__file__))
STORAGE_DIR = os.path.join(HERE, "storage")
MIGRATIONS_DIR = os.path.join(HERE, "migrations")


class BaseConfig:
    DEBUG = False
    TESTING = False
    DATABASE = os.environ.get("BUDDY_DATABASE", os.path.join(STORAGE_DIR, "buddies.sqlite3"))
    MAX_RECOMMENDATIONS = 20
    # weight of shared interests vs. shared languages in a buddy score
    INTEREST_WEIGHT = 0.8


class DevelopmentConfig(BaseConfig):
    DEBUG = True


class TestingConfig(BaseConfig):
    TESTING = True
    DATABASE = ":memory:"


class ProductionConfig(BaseConfig):
    pass


_BY_NAME = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name):
    cls = _BY_NAME.get(name)
    if cls is None:
        raise ValueError("unknown environment %r (one of %s)" % (name, ", ".join(_BY_NAME)))
    return {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
