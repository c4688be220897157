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
-- PostgreSQL: deferred constraint triggers, so that the bump runs at
-- commit, the last lock a writer takes (writers queue on the one row only
-- for the instant of their commit, and cannot deadlock on it), once per
-- transaction (the transaction-local setting remembers it); a COPY of a
-- document's rows costs one function call per row and one UPDATE.
CREATE TABLE data_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO data_generation (id, n) VALUES (1, 0);

CREATE FUNCTION jixiao_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('jixiao.generation_xact', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('jixiao.generation_xact', txid_current()::text, true);
        UPDATE data_generation SET n = n + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER documents_generation AFTER INSERT OR UPDATE OR DELETE ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER units_generation AFTER INSERT OR UPDATE OR DELETE ON units
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER projects_generation AFTER INSERT OR UPDATE OR DELETE ON projects
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER indicators_generation AFTER INSERT OR UPDATE OR DELETE ON indicators
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER findings_generation AFTER INSERT OR UPDATE OR DELETE ON findings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER document_workflow_generation AFTER INSERT OR UPDATE OR DELETE ON document_workflow
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER project_workflow_generation AFTER INSERT OR UPDATE OR DELETE ON project_workflow
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER project_versions_generation AFTER INSERT OR UPDATE OR DELETE ON project_versions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER adjustments_generation AFTER INSERT OR UPDATE OR DELETE ON adjustments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER eval_rounds_generation AFTER INSERT OR UPDATE OR DELETE ON eval_rounds
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER eval_project_actuals_generation AFTER INSERT OR UPDATE OR DELETE ON eval_project_actuals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER eval_indicator_actuals_generation AFTER INSERT OR UPDATE OR DELETE ON eval_indicator_actuals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
CREATE CONSTRAINT TRIGGER audit_log_generation AFTER INSERT ON audit_log
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
