-- Accounts, sessions, the approval workflow and the append-only audit log
-- (issue 6, internal/workflowsql). Times are UTC text (sqldb.TimeLayout).
-- A document or project with no workflow row is an imported published table:
-- 已公开, its projects 财政已审 at version 1.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('filer', 'dept_reviewer', 'finance_reviewer', 'admin')),
    unit TEXT NOT NULL,
    department TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username)
);

-- Only the SHA-256 of a session token is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE document_workflow (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('草稿', '已公开')),
    source_id INTEGER,
    published_at TEXT
);

CREATE TABLE project_workflow (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('草稿', '已提交', '部门已审', '财政已审')),
    version INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX project_workflow_document ON project_workflow (document_id);

-- The project as saved at each version (JSON of jixiao.Project), for the
-- history and diff pages.
CREATE TABLE project_versions (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (project_id, version)
);

-- Append-only: the application only inserts (internal/workflowsql has no
-- UPDATE or DELETE on it, a test checks that) and the triggers refuse both.
-- No foreign keys, so the log outlives a deleted document or account.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    document_id INTEGER NOT NULL,
    project_id INTEGER NOT NULL,
    project_seq INTEGER NOT NULL,
    indicator_seq INTEGER NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    version INTEGER NOT NULL,
    changes TEXT NOT NULL,
    comment TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX audit_log_document ON audit_log (document_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
