"""SQLite access: one connection per thread, and a tiny migration runner."""

import os
import sqlite3
import threading

from buddy_recommender.main.config import MIGRATIONS_DIR

_local = threading.local()
_app_config = {}
_shared_memory_conn = None


def init_app(app):
    _app_config.clear()
    _app_config.update(app.config)

    @app.teardown_request
    def _close(_exc):
        close()


def connect(path=None):
    global _shared_memory_conn
    path = path or _app_config["DATABASE"]
    if path == ":memory:":
        # tests: one in-memory database shared by every thread
        if _shared_memory_conn is None:
            _shared_memory_conn = sqlite3.connect(path, check_same_thread=False)
            _shared_memory_conn.row_factory = sqlite3.Row
        return _shared_memory_conn
    conn = sqlite3.connect(path, timeout=5)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def get_db():
    if _app_config.get("DATABASE") == ":memory:":
        return connect()
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = connect()
    return conn


def close():
    conn = getattr(_local, "conn", None)
    if conn is not None:
        conn.close()
        _local.conn = None


def reset_memory():
    global _shared_memory_conn
    if _shared_memory_conn is not None:
        _shared_memory_conn.close()
    _shared_memory_conn = None


def _migrations():
    names = sorted(n for n in os.listdir(MIGRATIONS_DIR) if n.endswith(".sql"))
    return [(n.split("_", 1)[0], os.path.join(MIGRATIONS_DIR, n)) for n in names]


def current_revision(conn):
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (revision TEXT PRIMARY KEY)")
    row = conn.execute("SELECT MAX(revision) FROM schema_version").fetchone()
    return row[0]


def upgrade(conn, log=print):
    """Apply every migration newer than the database's revision."""
    have = current_revision(conn) or ""
    applied = 0
    for revision, path in _migrations():
        if revision <= have:
            continue
        with open(path, encoding="utf-8") as fh:
            conn.executescript(fh.read())
        conn.execute("INSERT INTO schema_version (revision) VALUES (?)", (revision,))
        conn.commit()
        log("applied migration %s" % os.path.basename(path))
        applied += 1
    return applied
