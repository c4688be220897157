-- Documents with their units, projects, indicators and findings. Money is
-- INTEGER 分 (fen); times are UTC text (sqldb.TimeLayout) so that they sort.
-- Children cascade on delete (foreign_keys is on in every connection).
-- Ids are AUTOINCREMENT: a deleted row's id is never given again, because
-- the audit log (no foreign keys, it outlives what it names) and URLs refer
-- to documents, projects and the rest by id; a plain INTEGER PRIMARY KEY
-- reuses the highest id after a delete, and a new table then showed the
-- deleted draft's history. sqldb.SaveTx numbers rows from sqlite_sequence.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    agency TEXT NOT NULL,
    agency_kind TEXT NOT NULL,
    money_unit TEXT NOT NULL,
    year INTEGER NOT NULL,
    source_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    layout TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    has_stated INTEGER NOT NULL,
    stated_total INTEGER NOT NULL,
    stated_fiscal INTEGER NOT NULL,
    stated_special_account INTEGER NOT NULL,
    stated_other INTEGER NOT NULL,
    stated_line INTEGER NOT NULL,
    CONSTRAINT documents_sha256_key UNIQUE (sha256)
);
CREATE INDEX documents_imported_at ON documents (imported_at, id);

CREATE TABLE units (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    has_stated INTEGER NOT NULL,
    stated_total INTEGER NOT NULL,
    stated_fiscal INTEGER NOT NULL,
    stated_special_account INTEGER NOT NULL,
    stated_other INTEGER NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq)
);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    unit TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL, -- sqldb.SearchKey(name): what search compares
    total INTEGER NOT NULL,
    fiscal INTEGER NOT NULL,
    special_account INTEGER NOT NULL,
    other INTEGER NOT NULL,
    goal TEXT NOT NULL,
    line INTEGER NOT NULL,
    raw TEXT NOT NULL,
    CONSTRAINT projects_document_seq UNIQUE (document_id, seq)
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    -- document_id and project_seq repeat the project's, for the listing order
    -- (document, project, seq) and its keyset cursor without a join.
    document_id INTEGER NOT NULL,
    project_seq INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    level1_code TEXT NOT NULL,
    level1 TEXT NOT NULL,
    level2_code TEXT NOT NULL,
    level2 TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    period_text TEXT NOT NULL,
    period_op TEXT NOT NULL,
    period_value TEXT NOT NULL,
    period_unit TEXT NOT NULL,
    annual_text TEXT NOT NULL,
    annual_op TEXT NOT NULL,
    annual_value TEXT NOT NULL,
    annual_unit TEXT NOT NULL,
    line INTEGER NOT NULL,
    raw TEXT NOT NULL,
    CONSTRAINT indicators_order UNIQUE (document_id, project_seq, seq)
);
CREATE INDEX indicators_project ON indicators (project_id);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    unit TEXT NOT NULL,
    project_seq INTEGER NOT NULL,
    project TEXT NOT NULL,
    indicator_seq INTEGER NOT NULL,
    line INTEGER NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX findings_document ON findings (document_id, id);
CREATE INDEX findings_rule ON findings (rule);
