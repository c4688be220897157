-- Published 自评表 imported as year-end self-evaluations (issue 16 item 7):
-- per round and project, the form as read (JSON of jixiao.SelfEvaluationForm,
-- whose printed 分值 / 得分 / 总分 / 自评等级 are kept beside jixiao's own
-- computed score), which of the project's indicators each of its rows was
-- matched to (JSON list of seqs, 0 for none), what the import could not carry
-- over (JSON list of findings), the printed total and grade as text for a
-- reader of the database, the file's name and SHA-256, and who imported it
-- when (UTC text, sqldb.TimeLayout). The actuals themselves are in
-- eval_project_actuals and eval_indicator_actuals.
CREATE TABLE eval_printed (
    round_id BIGINT NOT NULL REFERENCES eval_rounds (id) ON DELETE CASCADE,
    project_seq INTEGER NOT NULL,
    source_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    total_score TEXT NOT NULL,
    grade TEXT NOT NULL,
    form TEXT NOT NULL,
    indicator_seqs TEXT NOT NULL,
    findings TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (round_id, project_seq)
);
CREATE TRIGGER eval_printed_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON eval_printed
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
