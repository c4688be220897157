-- The 全年预算数 (the budget as adjusted during the year) of a project in a
-- round, and the parts of it and of the 全年执行数 from 上年结转 and from
-- 其他资金, the rest being 当年财政拨款 (issue 16, internal/evalsql). Money
-- is INTEGER 分; has_budget and has_split are flags 0/1: without has_budget the
-- published total stands, without has_split the execution is not split.
ALTER TABLE eval_project_actuals ADD COLUMN has_budget INTEGER NOT NULL DEFAULT 0;
ALTER TABLE eval_project_actuals ADD COLUMN budget INTEGER NOT NULL DEFAULT 0;
ALTER TABLE eval_project_actuals ADD COLUMN carried_budget INTEGER NOT NULL DEFAULT 0;
ALTER TABLE eval_project_actuals ADD COLUMN other_budget INTEGER NOT NULL DEFAULT 0;
ALTER TABLE eval_project_actuals ADD COLUMN has_split INTEGER NOT NULL DEFAULT 0;
ALTER TABLE eval_project_actuals ADD COLUMN carried_executed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE eval_project_actuals ADD COLUMN other_executed INTEGER NOT NULL DEFAULT 0;
