-- Monitoring by 财预〔2019〕136号 (issue 16 item 4). An indicator's kind
-- for monitoring: 'cumulative' (累计型: what it reaches to date adds up
-- through the year), 'point' (时点型: a state that should hold at any time)
-- or '' when nobody set it and its unit decides (jixiao.DefaultAccrual).
ALTER TABLE indicators ADD COLUMN accrual TEXT NOT NULL DEFAULT '' CHECK (accrual IN ('', 'cumulative', 'point'));

-- The 纠偏 of a project in a monitoring round: the unit's measures, then
-- finance's decision (jixiao.Decisions; '' before it), with the indicator
-- a 调整绩效目标 names (0 for none), the amount in 分 a 调减预算 or 暂缓拨款
-- names, finance's opinion, and the 目标调整 filed on it (0 for none). Times
-- are UTC text (sqldb.TimeLayout) or '' before the step.
CREATE TABLE eval_corrections (
    round_id BIGINT NOT NULL REFERENCES eval_rounds (id) ON DELETE CASCADE,
    project_seq INTEGER NOT NULL,
    measures TEXT NOT NULL,
    measures_by TEXT NOT NULL,
    measures_at TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('', '继续执行', '调整绩效目标', '调减预算', '暂缓拨款', '停止实施')),
    indicator_seq INTEGER NOT NULL,
    amount BIGINT NOT NULL,
    opinion TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    adjustment_id BIGINT NOT NULL,
    PRIMARY KEY (round_id, project_seq),
    CHECK (decision = '' OR measures <> '')
);
CREATE TRIGGER eval_corrections_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON eval_corrections
    FOR EACH STATEMENT EXECUTE FUNCTION jixiao_note_change();
