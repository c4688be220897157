-- Which money cells the reader could not read (jixiao.Amounts.Unread, a bit
-- set like blank: 1 总计, 2 财政拨款, 4 财政专户拨款, 8 其他资金), so that
-- they print 未读出 and never 0.00, and a table with one cannot be published
-- until a person types the amounts. For a project's amounts and the
-- document's 合计 row. A project stored before this migration with its row
-- kept raw (its amounts could not be read) has every cell unread that was
-- not blank.
ALTER TABLE projects ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN stated_unread INTEGER NOT NULL DEFAULT 0;
UPDATE projects SET unread = 15 & ~blank WHERE raw <> '';
