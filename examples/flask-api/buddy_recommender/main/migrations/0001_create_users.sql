-- Users and the interests they rate from 0 (not at all) to 5 (love it).
CREATE TABLE users (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    city       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE interests (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE user_interests (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    interest_id INTEGER NOT NULL REFERENCES interests(id),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 5),
    PRIMARY KEY (user_id, interest_id)
);

CREATE TABLE user_languages (
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (user_id, language)
);

INSERT INTO interests (id, name) VALUES
    (1, 'hiking'), (2, 'climbing'), (3, 'cycling'), (4, 'running'),
    (5, 'board games'), (6, 'cooking'), (7, 'photography'), (8, 'live music'),
    (9, 'chess'), (10, 'swimming'), (11, 'language exchange'), (12, 'museums');
