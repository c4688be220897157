-- Faster imports (pprof of a 10,000-project save: FTS5 flushed and merged
-- its pending terms at the end of every INSERT statement the per-row
-- triggers touched, a third of the time, and the gram tokens were long hex
-- strings for the unicode61 tokenizer).
--
-- 1. search_bulk.loading = 1 while SaveDocument runs: the insert triggers
--    stand aside and SaveDocument indexes the document's rows with one
--    INSERT … SELECT per index at the end of its transaction. Any other
--    writer sees 0 (the flag is set and reset inside the writer's own
--    transaction, which holds SQLite's one write lock), so its rows are
--    indexed row by row as before.
-- 2. The gram indexes use the "ascii" tokenizer, with grams spelled as
--    themselves where they can be (sqldb.GramToken): rebuilt here.
CREATE TABLE search_bulk (loading INTEGER NOT NULL);
INSERT INTO search_bulk (loading) VALUES (0);

DROP TABLE project_grams;
DROP TABLE indicator_grams;
CREATE VIRTUAL TABLE project_grams USING fts5(grams, content = '', detail = 'none', tokenize = 'ascii');
CREATE VIRTUAL TABLE indicator_grams USING fts5(grams, content = '', detail = 'none', tokenize = 'ascii');
INSERT INTO project_grams (rowid, grams) SELECT id, jixiao_grams(name_key) FROM projects;
INSERT INTO indicator_grams (rowid, grams) SELECT id, jixiao_grams(search_key) FROM indicators WHERE search_key <> '';

DROP TRIGGER projects_fts_insert;
CREATE TRIGGER projects_fts_insert AFTER INSERT ON projects WHEN (SELECT loading FROM search_bulk) = 0 BEGIN
    INSERT INTO project_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;
DROP TRIGGER projects_grams_insert;
CREATE TRIGGER projects_grams_insert AFTER INSERT ON projects WHEN (SELECT loading FROM search_bulk) = 0 BEGIN
    INSERT INTO project_grams (rowid, grams) VALUES (new.id, jixiao_grams(new.name_key));
END;
DROP TRIGGER indicators_fts_insert;
CREATE TRIGGER indicators_fts_insert AFTER INSERT ON indicators
WHEN new.search_key <> '' AND (SELECT loading FROM search_bulk) = 0 BEGIN
    INSERT INTO indicator_fts (rowid, search_key) VALUES (new.id, new.search_key);
    INSERT INTO indicator_grams (rowid, grams) VALUES (new.id, jixiao_grams(new.search_key));
END;
