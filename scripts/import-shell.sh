#!/bin/sh
# import-shell.sh loads the rows that `jixiao import` stored in a SQLite
# file into a fresh file of the same schema with the sqlite3 shell, and
# prints the shell's time: the yardstick of issue 18's import goal (an
# import within 1.5× the shell's load of the same rows and indexes).
#
#   scripts/import-shell.sh STORED.db
#
# Not timed: exporting the documents, units, projects, indicators and
# findings of STORED.db to CSV. Timed (/usr/bin/time, one sqlite3
# process): in one transaction, .import of the five CSV files into empty
# tables with every b-tree index of the schema, then filling the two FTS5
# trigram indexes with one INSERT … SELECT each, as jixiao does. Left out,
# which favours the shell: the 1–2-character gram indexes (their tokens come
# from jixiao_grams, a function the shell lacks) and the triggers.
# Environment: DIR (/tmp/jixiao-import-shell) keeps the CSV and the copy.
set -eu
src=$1
DIR=${DIR:-/tmp/jixiao-import-shell}
mkdir -p "$DIR"
rm -f "$DIR"/shell.db* "$DIR"/*.csv
tables="documents units projects indicators findings"
for t in $tables; do
	sqlite3 -csv -header "$src" "SELECT * FROM $t" >"$DIR/$t.csv"
done
{
	echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	sqlite3 "$src" "SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('table', 'index')
		AND name <> 'sqlite_sequence' AND name NOT GLOB '*_fts_*' AND name NOT GLOB '*_grams_*' ORDER BY type = 'index', rowid"
} >"$DIR/schema.sql"
sqlite3 "$DIR/shell.db" <"$DIR/schema.sql" >/dev/null
{
	echo "BEGIN;"
	for t in $tables; do echo ".import --csv --skip 1 $DIR/$t.csv $t"; done
	echo "INSERT INTO project_fts (rowid, name_key) SELECT id, name_key FROM projects;"
	echo "INSERT INTO indicator_fts (rowid, search_key) SELECT id, search_key FROM indicators;"
	echo "COMMIT;"
} >"$DIR/load.sql"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "sqlite3 shell load: %e s wall, %U s user, %S s sys, peak RSS %M KB" sqlite3 "$DIR/shell.db" <"$DIR/load.sql"
for t in projects indicators findings; do
	echo "$t: $(sqlite3 "$src" "SELECT COUNT(*) FROM $t") stored by jixiao, $(sqlite3 "$DIR/shell.db" "SELECT COUNT(*) FROM $t") loaded by the shell"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
