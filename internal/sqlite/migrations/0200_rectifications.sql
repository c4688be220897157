-- 结果应用's 整改台账 (issue 17 item 3): an item per problem found by a
-- review (review_id names the opinion), a monitoring round, a
-- self-evaluation or an audit finding typed in (document_id and
-- project_id 0 when it is about the department as a whole); the unit's
-- measures and result, the opening reviewer's verdict, the state
-- (待整改 → 整改中 → 已整改 → 已核实). No foreign key to the documents:
-- the ledger outlives a deleted table, as the audit log does. Deadlines are
-- dates (YYYY-MM-DD, Beijing), times UTC text (sqldb.TimeLayout). Not
-- watched by data_generation: items are never public, and every change
-- also inserts an audit entry, which bumps it.
CREATE TABLE rectifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL CHECK (source IN ('review', 'monitoring', 'self_eval', 'audit')),
    source_ref TEXT NOT NULL,
    review_id INTEGER NOT NULL,
    document_id INTEGER NOT NULL,
    project_id INTEGER NOT NULL,
    project TEXT NOT NULL,
    year INTEGER NOT NULL,
    department TEXT NOT NULL,
    unit TEXT NOT NULL,
    problem TEXT NOT NULL,
    requirement TEXT NOT NULL,
    deadline TEXT NOT NULL,
    measures TEXT NOT NULL,
    result TEXT NOT NULL,
    verdict TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('待整改', '整改中', '已整改', '已核实')),
    opened_by_id INTEGER NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX rectifications_department ON rectifications (department, state);
CREATE INDEX rectifications_project ON rectifications (project_id);

-- 佐证材料: the files themselves, each at most 5 MiB (jixiao.MaxEvidenceBytes,
-- checked before the insert), their content type sniffed from the bytes.
CREATE TABLE rectification_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rectification_id INTEGER NOT NULL REFERENCES rectifications (id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size > 0 AND size <= 5242880),
    data BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX rectification_files_item ON rectification_files (rectification_id, id);

-- An item's history, append-only like the audit log.
CREATE TABLE rectification_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rectification_id INTEGER NOT NULL REFERENCES rectifications (id),
    at TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    comment TEXT NOT NULL
);
CREATE INDEX rectification_events_item ON rectification_events (rectification_id, id);
CREATE TRIGGER rectification_events_no_update BEFORE UPDATE ON rectification_events BEGIN
    SELECT RAISE(ABORT, 'rectification_events is append-only');
END;
CREATE TRIGGER rectification_events_no_delete BEFORE DELETE ON rectification_events BEGIN
    SELECT RAISE(ABORT, 'rectification_events is append-only');
END;
