-- Substring search over project and indicator names (their folded
-- name_key): pg_trgm GIN indexes answer LIKE '%q%' for 3 characters or
-- more. pg_trgm and GIN are PostgreSQL extensions (openGauss and KingbaseES
-- ship both); they only see Chinese in a database whose LC_CTYPE is UTF-8,
-- which Open checks. Shorter queries are answered as the store's matcher
-- says (see postgres.go).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX projects_name_trgm ON projects USING gin (name_key gin_trgm_ops);
CREATE INDEX indicators_name_trgm ON indicators USING gin (name_key gin_trgm_ops);
