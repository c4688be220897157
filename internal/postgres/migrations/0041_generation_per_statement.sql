-- The data generation's triggers per statement instead of per row: a
-- document's import COPYs its ~85,000 rows (a 10,000-project table) in a
-- few statements, and 0040's row triggers queued one deferred call per row.
-- Now each watched statement notes, once per transaction, a row in
-- data_generation_pending; that row's deferred constraint trigger bumps
-- the generation at commit (still the last lock a writer takes) and
-- removes it. A statement rolled back to a savepoint takes its note and
-- the transaction-local setting with it.
CREATE TABLE data_generation_pending (xact BIGINT PRIMARY KEY);

CREATE FUNCTION jixiao_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('jixiao.generation_xact', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('jixiao.generation_xact', txid_current()::text, true);
        INSERT INTO data_generation_pending (xact) VALUES (txid_current());
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION jixiao_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
    DELETE FROM data_generation_pending WHERE xact = NEW.xact;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER data_generation_pending_bump AFTER INSERT ON data_generation_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jixiao_bump_generation();
DROP TRIGGER documents_generation ON documents;
CREATE TRIGGER documents_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER units_generation ON units;
CREATE TRIGGER units_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER projects_generation ON projects;
CREATE TRIGGER projects_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER indicators_generation ON indicators;
CREATE TRIGGER indicators_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER findings_generation ON findings;
CREATE TRIGGER findings_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON findings
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER document_workflow_generation ON document_workflow;
CREATE TRIGGER document_workflow_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON document_workflow
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER project_workflow_generation ON project_workflow;
CREATE TRIGGER project_workflow_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_workflow
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER project_versions_generation ON project_versions;
CREATE TRIGGER project_versions_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_versions
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER adjustments_generation ON adjustments;
CREATE TRIGGER adjustments_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON adjustments
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER eval_rounds_generation ON eval_rounds;
CREATE TRIGGER eval_rounds_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON eval_rounds
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER eval_project_actuals_generation ON eval_project_actuals;
CREATE TRIGGER eval_project_actuals_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON eval_project_actuals
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER eval_indicator_actuals_generation ON eval_indicator_actuals;
CREATE TRIGGER eval_indicator_actuals_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON eval_indicator_actuals
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
DROP TRIGGER audit_log_generation ON audit_log;
CREATE TRIGGER audit_log_generation AFTER INSERT ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
