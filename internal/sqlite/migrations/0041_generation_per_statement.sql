-- Kept so that both engines count the same versions: PostgreSQL's 0041
-- moves its data-generation triggers from rows to statements. SQLite has
-- row triggers only, and its imports skip them (0040).
SELECT 1;
