-- sessions.token_hash NOT NULL, as on PostgreSQL, where a PRIMARY KEY is
-- never NULL. SQLite lets a PRIMARY KEY column that is not the INTEGER
-- rowid hold NULL unless it says NOT NULL (found by internal/sqldb's
-- TestSchemasMatch). SQLite cannot add NOT NULL to a column, so the table
-- is rebuilt; a session without a token could never be found, so none is
-- kept. Nothing refers to sessions, and no trigger watches it.
CREATE TABLE sessions_0100 (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
INSERT INTO sessions_0100 (token_hash, user_id, created_at, last_seen, expires_at)
    SELECT token_hash, user_id, created_at, last_seen, expires_at FROM sessions WHERE token_hash IS NOT NULL;
DROP TABLE sessions;
ALTER TABLE sessions_0100 RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);
