-- Kept so that both engines count the same versions: SQLite's 0100 makes
-- sessions.token_hash NOT NULL, which PostgreSQL's PRIMARY KEY already is.
SELECT 1;
