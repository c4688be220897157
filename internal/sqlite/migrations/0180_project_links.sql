-- Projects followed across budget years (issue 17 item 1): a link says
-- that project project_id continues prev_project_id, a project of an
-- earlier year's table (延续项目). jixiao proposes them when a table is
-- imported or a draft is made from last year's (internal/history): a
-- certain link (the same unit and name once the year is taken out, or a
-- draft's copy) is stored 已确认, an uncertain one 待确认 until a
-- department or finance reviewer confirms (已确认) or rejects (已否决) it.
-- basis says why in Chinese; similarity is in per mille. A project
-- continues at most one earlier project (a rejected link stays, so that
-- the same proposal is not made again), and an earlier project is
-- continued at most once in each later table. Seqs and years are read
-- from the projects and documents, so that renumbering a draft keeps its
-- links. Times are UTC text (sqldb.TimeLayout).
CREATE TABLE project_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    prev_document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    prev_project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL UNIQUE REFERENCES projects (id) ON DELETE CASCADE,
    basis TEXT NOT NULL,
    certain INTEGER NOT NULL,
    similarity INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('已确认', '待确认', '已否决')),
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (document_id, prev_project_id)
);
CREATE INDEX project_links_prev ON project_links (prev_project_id);
CREATE TRIGGER project_links_generation_insert AFTER INSERT ON project_links BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_links_generation_update AFTER UPDATE ON project_links BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_links_generation_delete AFTER DELETE ON project_links BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
