-- Queries of one or two characters (培训, 满意), for which pg_trgm extracts
-- no trigram and scans every row: a GIN index over name_grams, the set of
-- 1- and 2-character substrings of name_key. A key of 1-2 characters is a
-- substring exactly when it is one of them, so name_grams @> ARRAY[key]
-- needs no other check. The grams are a stored column, not an expression
-- index: computing them in SQL costs ~35 µs a row, which made the planner's
-- rechecks slow (240 ms for one query over 5,500 projects); imports fill the
-- column from Go (sqldb.Grams) through COPY, and the trigger fills it for
-- any other writer. Arrays, GIN, PL/pgSQL triggers are PostgreSQL features
-- that openGauss and KingbaseES share.
CREATE FUNCTION jixiao_grams(s TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT COALESCE(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(s, i, 1) AS g FROM generate_series(1, char_length(s)) AS i
        UNION ALL
        SELECT substr(s, i, 2) FROM generate_series(1, char_length(s) - 1) AS i
    ) AS grams
$$;

CREATE FUNCTION jixiao_fill_grams() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR NEW.name_grams IS NULL THEN
        NEW.name_grams := jixiao_grams(NEW.name_key);
    END IF;
    RETURN NEW;
END
$$;

ALTER TABLE projects ADD COLUMN name_grams TEXT[];
ALTER TABLE indicators ADD COLUMN name_grams TEXT[];
UPDATE projects SET name_grams = jixiao_grams(name_key);
UPDATE indicators SET name_grams = jixiao_grams(name_key);
ALTER TABLE projects ALTER COLUMN name_grams SET NOT NULL;
ALTER TABLE indicators ALTER COLUMN name_grams SET NOT NULL;

CREATE TRIGGER projects_fill_grams BEFORE INSERT OR UPDATE OF name_key ON projects
    FOR EACH ROW EXECUTE FUNCTION jixiao_fill_grams();
CREATE TRIGGER indicators_fill_grams BEFORE INSERT OR UPDATE OF name_key ON indicators
    FOR EACH ROW EXECUTE FUNCTION jixiao_fill_grams();

CREATE INDEX projects_name_grams ON projects USING gin (name_grams);
CREATE INDEX indicators_name_grams ON indicators USING gin (name_grams);
