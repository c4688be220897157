-- The review of what units report in a round (issue 16 item 5): per round
-- and project, the report's state (填报中 → 已提交 → 部门已审 → 财政已复核),
-- the department's opinion, why it was last returned, finance's 复核 score
-- (points, two decimals; '' before the 复核, and for a project finance
-- passed without sampling it) and opinion, and who made the last step. A
-- project without a row is 填报中. Times are UTC text (sqldb.TimeLayout),
-- as in eval_rounds.
CREATE TABLE eval_reviews (
    round_id INTEGER NOT NULL REFERENCES eval_rounds (id) ON DELETE CASCADE,
    project_seq INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('填报中', '已提交', '部门已审', '财政已复核')),
    dept_opinion TEXT NOT NULL,
    return_reason TEXT NOT NULL,
    recheck_score TEXT NOT NULL,
    recheck_opinion TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (round_id, project_seq),
    CHECK (recheck_score = '' OR state = '财政已复核')
);
CREATE TRIGGER eval_reviews_generation_insert AFTER INSERT ON eval_reviews BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_reviews_generation_update AFTER UPDATE ON eval_reviews BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER eval_reviews_generation_delete AFTER DELETE ON eval_reviews BEGIN
    UPDATE data_generation SET n = n + 1 WHERE id = 1;
END;
