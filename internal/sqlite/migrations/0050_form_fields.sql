-- The one-project forms (项目支出绩效目标表, 申报表) print more than a row of
-- the Guangzhou table: a project's form fields (主管部门 and its code,
-- 项目属性, 项目期, the period goal and total, the money lines as printed,
-- notes) are kept as JSON (sqldb.FormJSON; '' for none), and an
-- indicator's category labels as printed and its extra columns (绩效标准,
-- 备注 …) beside the scheme's names the rules judge.
ALTER TABLE projects ADD COLUMN form TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN level1_printed TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN level2_printed TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN notes TEXT NOT NULL DEFAULT '';
