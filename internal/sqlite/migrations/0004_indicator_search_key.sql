-- Indicator search matches the indicator's name or its project's name.
-- Testing both through two indexes joined by OR made every search gather
-- and sort all matches (and defeated the planners' estimates), so each
-- indicator now carries search_key = name_key || char(31) || its project's
-- name_key, and the indicator indexes cover that one column. A query never
-- holds char(31) (sqldb.SearchKey drops control characters), so no match
-- straddles the two names; a key of 1-2 characters is among the grams of
-- search_key exactly when it is in one of the names.
ALTER TABLE indicators ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
UPDATE indicators SET search_key = name_key || char(31) || (SELECT p.name_key FROM projects p WHERE p.id = indicators.project_id);

DROP TRIGGER indicators_fts_insert;
DROP TRIGGER indicators_fts_delete;
DROP TRIGGER indicators_fts_update;
DROP TABLE indicator_fts;
DROP TRIGGER indicators_grams_insert;
DROP TRIGGER indicators_grams_delete;
DROP TRIGGER indicators_grams_update;
DROP TABLE indicator_grams;

CREATE VIRTUAL TABLE indicator_fts USING fts5(search_key, content = 'indicators', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO indicator_fts (indicator_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE indicator_grams USING fts5(grams, content = '', detail = 'none');
INSERT INTO indicator_grams (rowid, grams) SELECT id, jixiao_grams(search_key) FROM indicators;

-- A writer that leaves search_key empty (anything but SaveDocument) gets it
-- filled; the update triggers below then index it.
CREATE TRIGGER indicators_search_key_insert AFTER INSERT ON indicators WHEN new.search_key = '' BEGIN
    UPDATE indicators SET search_key = new.name_key || char(31) || (SELECT p.name_key FROM projects p WHERE p.id = new.project_id)
    WHERE id = new.id;
END;
CREATE TRIGGER indicators_search_key_rename AFTER UPDATE OF name_key, project_id ON indicators BEGIN
    UPDATE indicators SET search_key = new.name_key || char(31) || (SELECT p.name_key FROM projects p WHERE p.id = new.project_id)
    WHERE id = new.id;
END;
CREATE TRIGGER projects_search_key_rename AFTER UPDATE OF name_key ON projects BEGIN
    UPDATE indicators SET search_key = name_key || char(31) || new.name_key WHERE project_id = new.id;
END;

CREATE TRIGGER indicators_fts_insert AFTER INSERT ON indicators WHEN new.search_key <> '' BEGIN
    INSERT INTO indicator_fts (rowid, search_key) VALUES (new.id, new.search_key);
    INSERT INTO indicator_grams (rowid, grams) VALUES (new.id, jixiao_grams(new.search_key));
END;
CREATE TRIGGER indicators_fts_delete AFTER DELETE ON indicators WHEN old.search_key <> '' BEGIN
    INSERT INTO indicator_fts (indicator_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO indicator_grams (indicator_grams, rowid, grams) VALUES ('delete', old.id, jixiao_grams(old.search_key));
END;
CREATE TRIGGER indicators_fts_update AFTER UPDATE OF search_key ON indicators BEGIN
    INSERT INTO indicator_fts (indicator_fts, rowid, search_key) SELECT 'delete', old.id, old.search_key WHERE old.search_key <> '';
    INSERT INTO indicator_grams (indicator_grams, rowid, grams) SELECT 'delete', old.id, jixiao_grams(old.search_key) WHERE old.search_key <> '';
    INSERT INTO indicator_fts (rowid, search_key) SELECT new.id, new.search_key WHERE new.search_key <> '';
    INSERT INTO indicator_grams (rowid, grams) SELECT new.id, jixiao_grams(new.search_key) WHERE new.search_key <> '';
END;
