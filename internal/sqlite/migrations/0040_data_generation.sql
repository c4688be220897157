-- A data generation that every write of what the API and the pages show
-- bumps in its own transaction, so that a server may cache its answers
-- until the generation changes, whichever process (another server on the
-- same database, the CLI) made the change. The API reads it once per
-- request (coalesced: internal/api/cache.go) before reading any data; an
-- answer cached under generation n was computed from data at least as new
-- as n, and any later commit makes the next read see n+1.
--
-- Numbered 0040, after the workflow (0030-0031) and evaluation (0020)
-- tables it watches. Not watched: users and sessions (logins write them,
-- and the cache serves anonymous visitors only, whose answers never read
-- them). The audit log can only grow: its inserts bump it. A new table
-- whose rows change an answer must get the same triggers.
--
-- SQLite: row triggers (it has no others). While SaveDocument bulk-loads
-- a document (search_bulk.loading = 1, migration 0005) the child rows do
-- not bump it: the document row's own insert does, in the same transaction.
CREATE TABLE data_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO data_generation (id, n) VALUES (1, 0);
CREATE TRIGGER documents_generation_insert AFTER INSERT ON documents BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER documents_generation_update AFTER UPDATE ON documents BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER documents_generation_delete AFTER DELETE ON documents BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER units_generation_insert AFTER INSERT ON units WHEN (SELECT loading FROM search_bulk) = 0 BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER units_generation_update AFTER UPDATE ON units BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER units_generation_delete AFTER DELETE ON units BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER projects_generation_insert AFTER INSERT ON projects WHEN (SELECT loading FROM search_bulk) = 0 BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER projects_generation_update AFTER UPDATE ON projects BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER projects_generation_delete AFTER DELETE ON projects BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER indicators_generation_insert AFTER INSERT ON indicators WHEN (SELECT loading FROM search_bulk) = 0 BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER indicators_generation_update AFTER UPDATE ON indicators BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER indicators_generation_delete AFTER DELETE ON indicators BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER findings_generation_insert AFTER INSERT ON findings WHEN (SELECT loading FROM search_bulk) = 0 BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER findings_generation_update AFTER UPDATE ON findings BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER findings_generation_delete AFTER DELETE ON findings BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER document_workflow_generation_insert AFTER INSERT ON document_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER document_workflow_generation_update AFTER UPDATE ON document_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER document_workflow_generation_delete AFTER DELETE ON document_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_workflow_generation_insert AFTER INSERT ON project_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_workflow_generation_update AFTER UPDATE ON project_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_workflow_generation_delete AFTER DELETE ON project_workflow BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_versions_generation_insert AFTER INSERT ON project_versions BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_versions_generation_update AFTER UPDATE ON project_versions BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER project_versions_generation_delete AFTER DELETE ON project_versions BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER adjustments_generation_insert AFTER INSERT ON adjustments BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER adjustments_generation_update AFTER UPDATE ON adjustments BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER adjustments_generation_delete AFTER DELETE ON adjustments BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_rounds_generation_insert AFTER INSERT ON eval_rounds BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_rounds_generation_update AFTER UPDATE ON eval_rounds BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_rounds_generation_delete AFTER DELETE ON eval_rounds BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_project_actuals_generation_insert AFTER INSERT ON eval_project_actuals BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_project_actuals_generation_update AFTER UPDATE ON eval_project_actuals BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_project_actuals_generation_delete AFTER DELETE ON eval_project_actuals BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_indicator_actuals_generation_insert AFTER INSERT ON eval_indicator_actuals BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_indicator_actuals_generation_update AFTER UPDATE ON eval_indicator_actuals BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_indicator_actuals_generation_delete AFTER DELETE ON eval_indicator_actuals BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER audit_log_generation_insert AFTER INSERT ON audit_log BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
