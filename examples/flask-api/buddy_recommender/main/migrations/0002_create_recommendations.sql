-- Computed buddy suggestions, kept so a user sees a stable list until a refresh.
CREATE TABLE recommendations (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    buddy_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    score       REAL NOT NULL,
    computed_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (user_id, buddy_id)
);

CREATE INDEX recommendations_by_score ON recommendations (user_id, score DESC);

CREATE TABLE service_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
