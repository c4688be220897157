-- Kept so that both engines count the same versions: SQLite's 0005 makes
-- its imports index a document in bulk and rebuilds its gram tokens.
-- PostgreSQL needs neither: COPY fills name_grams and search_grams, and GIN
-- defers index work to its pending list by itself.
SELECT 1;
