-- Queries of one or two characters (培训, 满意), which the trigram indexes
-- cannot answer: contentless FTS5 indexes of every 1- and 2-character
-- substring of each name_key, hex-spelled by jixiao_grams() (a Go function
-- the store registers with the driver: see sqldb.GramText). detail=none:
-- only membership matters. A key of 1-2 characters is a substring exactly
-- when it is one of the grams, so a lookup needs no recheck.
-- Contentless tables delete by the 'delete' command with the old grams,
-- recomputed from old.name_key (not contentless_delete=1, which SQLite
-- before 3.43, e.g. Debian 12's sqlite3 shell, cannot even parse: it would
-- lock those tools out of the whole file). Other programs can read the
-- file; writing projects or indicators needs jixiao_grams, i.e. jixiao.
CREATE VIRTUAL TABLE project_grams USING fts5(grams, content = '', detail = 'none');
CREATE VIRTUAL TABLE indicator_grams USING fts5(grams, content = '', detail = 'none');

INSERT INTO project_grams (rowid, grams) SELECT id, jixiao_grams(name_key) FROM projects;
INSERT INTO indicator_grams (rowid, grams) SELECT id, jixiao_grams(name_key) FROM indicators;

CREATE TRIGGER projects_grams_insert AFTER INSERT ON projects BEGIN
    INSERT INTO project_grams (rowid, grams) VALUES (new.id, jixiao_grams(new.name_key));
END;
CREATE TRIGGER projects_grams_delete AFTER DELETE ON projects BEGIN
    INSERT INTO project_grams (project_grams, rowid, grams) VALUES ('delete', old.id, jixiao_grams(old.name_key));
END;
CREATE TRIGGER projects_grams_update AFTER UPDATE OF name_key ON projects BEGIN
    INSERT INTO project_grams (project_grams, rowid, grams) VALUES ('delete', old.id, jixiao_grams(old.name_key));
    INSERT INTO project_grams (rowid, grams) VALUES (new.id, jixiao_grams(new.name_key));
END;

CREATE TRIGGER indicators_grams_insert AFTER INSERT ON indicators BEGIN
    INSERT INTO indicator_grams (rowid, grams) VALUES (new.id, jixiao_grams(new.name_key));
END;
CREATE TRIGGER indicators_grams_delete AFTER DELETE ON indicators BEGIN
    INSERT INTO indicator_grams (indicator_grams, rowid, grams) VALUES ('delete', old.id, jixiao_grams(old.name_key));
END;
CREATE TRIGGER indicators_grams_update AFTER UPDATE OF name_key ON indicators BEGIN
    INSERT INTO indicator_grams (indicator_grams, rowid, grams) VALUES ('delete', old.id, jixiao_grams(old.name_key));
    INSERT INTO indicator_grams (rowid, grams) VALUES (new.id, jixiao_grams(new.name_key));
END;
