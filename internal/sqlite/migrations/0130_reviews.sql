-- The 审核 of 财预〔2015〕88号 第三章 (issue 15): each review of a project
-- by the department or finance, with the four criteria (JSON of
-- []jixiao.CriterionReview: 完整性, 相关性, 适当性, 可行性, each a mark and
-- an opinion), the result, the overall opinion, the fixes agreed for a 良,
-- the reviewer, the version judged and the move it made. A 差 leads to
-- 不予安排, which project_workflow's state now admits (SQLite changes a
-- CHECK only by rebuilding the table).
CREATE TABLE project_workflow_new (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('草稿', '已提交', '部门已审', '财政已审', '不予安排')),
    version INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO project_workflow_new (project_id, document_id, state, version, updated_by, updated_at)
    SELECT project_id, document_id, state, version, updated_by, updated_at FROM project_workflow;
DROP TABLE project_workflow;
ALTER TABLE project_workflow_new RENAME TO project_workflow;
CREATE INDEX project_workflow_document ON project_workflow (document_id);
CREATE TRIGGER project_workflow_generation_insert AFTER INSERT ON project_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_workflow_generation_update AFTER UPDATE ON project_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_workflow_generation_delete AFTER DELETE ON project_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TABLE project_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('dept_reviewer', 'finance_reviewer')),
    criteria TEXT NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('优', '良', '中', '差')),
    opinion TEXT NOT NULL,
    fixes TEXT NOT NULL,
    reviewer_id INTEGER NOT NULL,
    reviewer TEXT NOT NULL,
    role TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX project_reviews_project ON project_reviews (project_id, id);
CREATE INDEX project_reviews_document ON project_reviews (document_id, id);
CREATE TRIGGER project_reviews_generation_insert AFTER INSERT ON project_reviews BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_reviews_generation_delete AFTER DELETE ON project_reviews BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
