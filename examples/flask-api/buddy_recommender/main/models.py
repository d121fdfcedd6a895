"""Plain functions over the SQLite schema (no ORM)."""

from buddy_recommender.main.db import get_db


def interest_catalog():
    return {row["name"]: row["id"] for row in get_db().execute("SELECT id, name FROM interests")}


def _user_dict(row, interests, languages):
    return {
        "id": row["id"],
        "name": row["name"],
        "city": row["city"],
        "created_at": row["created_at"],
        "interests": interests,
        "languages": languages,
    }


def list_users():
    db = get_db()
    users = db.execute("SELECT * FROM users ORDER BY id").fetchall()
    return [get_user(row["id"], row) for row in users]


def get_user(user_id, row=None):
    db = get_db()
    row = row or db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        return None
    interests = {
        r["name"]: r["rating"]
        for r in db.execute(
            "SELECT i.name, ui.rating FROM user_interests ui JOIN interests i ON i.id = ui.interest_id"
            " WHERE ui.user_id = ? ORDER BY i.id",
            (user_id,),
        )
    }
    languages = [
        r["language"]
        for r in db.execute("SELECT language FROM user_languages WHERE user_id = ? ORDER BY language", (user_id,))
    ]
    return _user_dict(row, interests, languages)


def create_user(name, city, interests, languages):
    db = get_db()
    catalog = interest_catalog()
    unknown = sorted(set(interests) - set(catalog))
    if unknown:
        raise ValueError("unknown interests: %s" % ", ".join(unknown))
    cur = db.execute("INSERT INTO users (name, city) VALUES (?, ?)", (name, city))
    user_id = cur.lastrowid
    db.executemany(
        "INSERT INTO user_interests (user_id, interest_id, rating) VALUES (?, ?, ?)",
        [(user_id, catalog[n], int(r)) for n, r in interests.items()],
    )
    db.executemany(
        "INSERT INTO user_languages (user_id, language) VALUES (?, ?)",
        [(user_id, lang) for lang in sorted(set(languages))],
    )
    db.commit()
    return get_user(user_id)


def delete_user(user_id):
    db = get_db()
    cur = db.execute("DELETE FROM users WHERE id = ?", (user_id,))
    db.commit()
    return cur.rowcount > 0


def save_recommendations(user_id, scored):
    db = get_db()
    db.execute("DELETE FROM recommendations WHERE user_id = ?", (user_id,))
    db.executemany(
        "INSERT INTO recommendations (user_id, buddy_id, score) VALUES (?, ?, ?)",
        [(user_id, buddy_id, score) for buddy_id, score in scored],
    )
    db.commit()


def touch_meta(key, value):
    db = get_db()
    db.execute(
        "INSERT INTO service_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
    db.commit()
