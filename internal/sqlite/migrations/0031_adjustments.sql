-- Target adjustments (目标调整) of published projects, reviewed like the
-- original; the audit log names the adjustment an entry is about.
CREATE TABLE adjustments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    indicator_seq INTEGER NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('goal', 'annual_target', 'period_target')),
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('草稿', '已提交', '部门已审', '财政已审')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX adjustments_document ON adjustments (document_id, id);

ALTER TABLE audit_log ADD COLUMN adjustment_id INTEGER NOT NULL DEFAULT 0;
