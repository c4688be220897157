-- Which money cells the source left blank (jixiao.Amounts.Blank, a bit set:
-- 1 总计, 2 财政拨款, 4 财政专户拨款, 8 其他资金), so that a blank cell shows
-- blank and not 0.00; its amount column holds 0. For a project's amounts,
-- a unit's stated row and the document's 合计 row. Rows stored before this
-- migration have none blank.
ALTER TABLE projects ADD COLUMN blank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE units ADD COLUMN stated_blank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN stated_blank INTEGER NOT NULL DEFAULT 0;
