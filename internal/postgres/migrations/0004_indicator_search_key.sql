-- Indicator search matches the indicator's name or its project's name.
-- Testing both through two indexes joined by OR made the planner misjudge
-- every search (a key with no match walked all 250,000 rows: 168 ms), so
-- each indicator now carries search_key = name_key || chr(31) || its
-- project's name_key and search_grams, the grams of that, with one trigram
-- and one gram index. A query never holds chr(31) (sqldb.SearchKey drops
-- control characters), so no match straddles the two names; a key of 1-2
-- characters is among the grams of search_key exactly when it is in one of
-- the names. Imports fill both columns from Go; the triggers serve any
-- other writer and renames.
DROP TRIGGER indicators_fill_grams ON indicators;
DROP INDEX indicators_name_trgm;
DROP INDEX indicators_name_grams;
ALTER TABLE indicators DROP COLUMN name_grams;
ALTER TABLE indicators ADD COLUMN search_key TEXT;
ALTER TABLE indicators ADD COLUMN search_grams TEXT[];
UPDATE indicators i SET search_key = i.name_key || chr(31) || p.name_key FROM projects p WHERE p.id = i.project_id;
UPDATE indicators SET search_grams = jixiao_grams(search_key);
ALTER TABLE indicators ALTER COLUMN search_key SET NOT NULL;
ALTER TABLE indicators ALTER COLUMN search_grams SET NOT NULL;

CREATE FUNCTION jixiao_fill_indicator_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR NEW.search_key IS NULL OR NEW.search_grams IS NULL THEN
        SELECT NEW.name_key || chr(31) || p.name_key INTO NEW.search_key FROM projects p WHERE p.id = NEW.project_id;
        NEW.search_grams := jixiao_grams(NEW.search_key);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER indicators_fill_search BEFORE INSERT OR UPDATE OF name_key, project_id ON indicators
    FOR EACH ROW EXECUTE FUNCTION jixiao_fill_indicator_search();

CREATE FUNCTION jixiao_project_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE indicators SET search_key = name_key || chr(31) || NEW.name_key,
        search_grams = jixiao_grams(name_key || chr(31) || NEW.name_key)
    WHERE project_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER projects_renamed AFTER UPDATE OF name_key ON projects
    FOR EACH ROW EXECUTE FUNCTION jixiao_project_renamed();

CREATE INDEX indicators_search_trgm ON indicators USING gin (search_key gin_trgm_ops);
CREATE INDEX indicators_search_grams ON indicators USING gin (search_grams);
