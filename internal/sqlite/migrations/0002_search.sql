-- Substring search over project and indicator names (their folded name_key).
-- FTS5 trigram indexes answer queries of 3 characters or more; external
-- content tables kept in step by triggers, so any writer (imports, edits by
-- the workflow) keeps them right. Shorter queries (培训, 满意) are answered
-- by the store with LIKE on name_key; see sqlite.matcher.
CREATE VIRTUAL TABLE project_fts USING fts5(name_key, content = 'projects', content_rowid = 'id', tokenize = 'trigram');
CREATE VIRTUAL TABLE indicator_fts USING fts5(name_key, content = 'indicators', content_rowid = 'id', tokenize = 'trigram');

CREATE TRIGGER projects_fts_insert AFTER INSERT ON projects BEGIN
    INSERT INTO project_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER projects_fts_delete AFTER DELETE ON projects BEGIN
    INSERT INTO project_fts (project_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER projects_fts_update AFTER UPDATE OF name_key ON projects BEGIN
    INSERT INTO project_fts (project_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
    INSERT INTO project_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;

CREATE TRIGGER indicators_fts_insert AFTER INSERT ON indicators BEGIN
    INSERT INTO indicator_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER indicators_fts_delete AFTER DELETE ON indicators BEGIN
    INSERT INTO indicator_fts (indicator_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER indicators_fts_update AFTER UPDATE OF name_key ON indicators BEGIN
    INSERT INTO indicator_fts (indicator_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
    INSERT INTO indicator_fts (rowid, name_key) VALUES (new.id, new.name_key);
END;
