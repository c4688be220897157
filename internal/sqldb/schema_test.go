package sqldb_test

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// TestSchemasMatch compares the two engines' schemas after every migration,
// read from their catalogs (sqlite_master and pragma_table_info; PostgreSQL's
// information_schema): the same tables, and in each the same columns with
// compatible types and the same nullability. The SQL of this package is
// written once for both, so a column that exists, or may be NULL, on one
// engine only is a bug waiting for the other. What each engine keeps for
// its own search or bookkeeping is listed below, with why.
func TestSchemasMatch(t *testing.T) {
	lite := columns(t, dbOf(t, openSQLite(t)), sqliteColumns)
	pg := columns(t, dbOf(t, openPostgres(t)), postgresColumns) // skips without JIXIAO_TEST_POSTGRES
	for _, only := range []struct {
		engine  string
		cols    map[column]columnType
		columns []column
	}{{"SQLite", lite, onlySQLite}, {"PostgreSQL", pg, onlyPostgres}} {
		for _, c := range only.columns {
			if _, ok := only.cols[c]; !ok {
				t.Errorf("%s is listed as %s's own but is not there", c, only.engine)
			}
			delete(only.cols, c)
		}
	}
	tables := map[string]bool{}
	for k := range lite {
		tables[k.table] = true
	}
	for k := range pg {
		tables[k.table] = true
	}
	if len(tables) < 15 {
		t.Fatalf("only %d tables: %v", len(tables), tables)
	}
	var problems []string
	for k, l := range lite {
		p, ok := pg[k]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: only in SQLite (%s)", k, l.typ))
		case !compatible(l.typ, p.typ):
			problems = append(problems, fmt.Sprintf("%s: SQLite %s, PostgreSQL %s", k, l.typ, p.typ))
		case l.notNull != p.notNull:
			problems = append(problems, fmt.Sprintf("%s: NOT NULL %t on SQLite, %t on PostgreSQL", k, l.notNull, p.notNull))
		}
	}
	for k, p := range pg {
		if _, ok := lite[k]; !ok {
			problems = append(problems, fmt.Sprintf("%s: only in PostgreSQL (%s)", k, p.typ))
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("%d tables, %d columns compared", len(tables), len(lite))
}

type column struct{ table, name string }

func (c column) String() string { return c.table + "." + c.name }

type columnType struct {
	typ     string
	notNull bool
}

// onlySQLite: the search_bulk switch of the FTS triggers (migration 0005).
// The FTS5 tables and their shadow tables, and sqlite_sequence, are left
// out by sqliteColumns.
var onlySQLite = []column{{"search_bulk", "loading"}}

// onlyPostgres: the gram arrays that PostgreSQL searches short keys in
// (migrations 0003-0004; SQLite has the project_grams and indicator_grams
// FTS5 tables instead), and the per-transaction note of the data
// generation's statement triggers (0041; SQLite's triggers are per row).
var onlyPostgres = []column{{"projects", "name_grams"}, {"indicators", "search_grams"}, {"data_generation_pending", "xact"}}

// sqliteColumns lists the ordinary tables' columns. A column is NOT NULL
// when declared so or when it is a rowid alias (the one INTEGER PRIMARY
// KEY), which can never hold NULL; any other PRIMARY KEY column may, in
// SQLite, unless it says NOT NULL.
const sqliteColumns = `SELECT m.name, p.name, p.type,
	p."notnull" <> 0 OR (p.pk = 1 AND upper(p.type) = 'INTEGER'
		AND (SELECT COUNT(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0) = 1)
	FROM sqlite_master m JOIN pragma_table_info(m.name) p
	WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
		AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
			AND m.name LIKE v.name || '\_%' ESCAPE '\')`

const postgresColumns = `SELECT table_name, column_name, data_type, is_nullable = 'NO'
	FROM information_schema.columns WHERE table_schema = current_schema()`

func columns(t *testing.T, db *sql.DB, query string) map[column]columnType {
	t.Helper()
	rows, err := db.QueryContext(ctx(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[column]columnType{}
	for rows.Next() {
		var c column
		var ct columnType
		if err := rows.Scan(&c.table, &c.name, &ct.typ, &ct.notNull); err != nil {
			t.Fatal(err)
		}
		out[c] = ct
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// compatible reports whether a column declared lite in SQLite and pg in
// PostgreSQL holds the same values as this package reads and writes them:
// integers of any width as INTEGER, text as TEXT, and times as TEXT in
// SQLite (TimeLayout, which sorts as time) and text or timestamptz in
// PostgreSQL (Time scans both).
func compatible(lite, pg string) bool {
	switch strings.ToUpper(lite) {
	case "INTEGER":
		return pg == "integer" || pg == "bigint" || pg == "smallint"
	case "TEXT":
		return pg == "text" || pg == "timestamp with time zone"
	case "REAL":
		return pg == "double precision" || pg == "real"
	case "BLOB":
		return pg == "bytea"
	}
	return false
}
