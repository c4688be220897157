-- Monitoring rounds and self-evaluations with the actuals recorded in them
-- (issue 8, internal/evalsql). Actuals are keyed by project and indicator
-- seq, which a stored document never changes. Money is INTEGER 分; times
-- are UTC text (sqldb.TimeLayout); cut_off is a date 'YYYY-MM-DD' or ''.
CREATE TABLE eval_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('monitoring', 'self')),
    cut_off TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT eval_rounds_document_name UNIQUE (document_id, name)
);

CREATE TABLE eval_project_actuals (
    round_id INTEGER NOT NULL REFERENCES eval_rounds (id) ON DELETE CASCADE,
    project_seq INTEGER NOT NULL,
    has_executed INTEGER NOT NULL,
    executed INTEGER NOT NULL,
    has_forecast INTEGER NOT NULL,
    forecast INTEGER NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (round_id, project_seq)
);

CREATE TABLE eval_indicator_actuals (
    round_id INTEGER NOT NULL REFERENCES eval_rounds (id) ON DELETE CASCADE,
    project_seq INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    actual_text TEXT NOT NULL,
    value TEXT NOT NULL,
    grade TEXT NOT NULL CHECK (grade IN ('', '达成', '部分达成', '未达成')),
    target_text TEXT NOT NULL,
    score TEXT NOT NULL,
    weight TEXT NOT NULL,
    forecast TEXT NOT NULL,
    reasons TEXT NOT NULL, -- jixiao.JoinDeviationReasons
    note TEXT NOT NULL,
    likelihood TEXT NOT NULL CHECK (likelihood IN ('', '确定能', '有可能', '完全不可能')),
    PRIMARY KEY (round_id, project_seq, seq)
);
