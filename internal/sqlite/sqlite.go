// Package sqlite is the jixiao stores (internal/sqldb) on an embedded SQLite
// database through modernc.org/sqlite, a pure-Go driver: no cgo, so one
// static binary runs on Windows and on Linux for ARM64 or LoongArch. What is
// SQLite's own: the migrations, the FTS5 search, the batched import and
// the driver's error codes.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"jixiao"
	"jixiao/internal/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is jixiao.Store on SQLite, with the workflow and evaluation stores
// of sqldb.Store on the same database.
type Store struct {
	sqldb.Store
}

var (
	_ jixiao.Store            = (*Store)(nil)
	_ jixiao.WorkflowProvider = (*Store)(nil)
	_ jixiao.EvalProvider     = (*Store)(nil)
)

// Pragmas set on every connection: WAL lets readers run beside the one
// writer; busy_timeout makes a second writer wait instead of failing;
// synchronous NORMAL is durable across process crashes in WAL mode and
// much faster than FULL; _txlock=immediate takes the write lock at BEGIN,
// so a write transaction never fails half-way on a lock upgrade (read-only
// transactions still begin deferred).
const pragmas = "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)&_txlock=immediate"

// Open opens (creating it if needed) the database named by dsn and applies
// the pending migrations. dsn is "sqlite:PATH", a bare PATH, or
// "sqlite::memory:" for a private in-memory database.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Connect is Open without migrating, for "jixiao migrate" which reports
// what it applies.
func Connect(ctx context.Context, dsn string) (*Store, error) {
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		return nil, fmt.Errorf("sqlite DSN %q names no file: %w", dsn, jixiao.ErrInvalid)
	}
	memory := path == ":memory:"
	db, err := sql.Open("sqlite", path+"?"+pragmas)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dsn, err)
	}
	if memory {
		// database/sql would give every pooled connection its own empty
		// in-memory database; one connection keeps one database.
		db.SetMaxOpenConns(1)
	}
	// Write transactions begin IMMEDIATE (see pragmas): they exclude each
	// other, so the workflow needs no row locks (ForUpdate stays empty).
	s := &Store{sqldb.Store{DB: db, Engine: "sqlite", Migrations: migrations, Match: matcher{}, IsUnique: isUnique}}
	s.WriteDocument = s.saveTx
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", dsn, err)
	}
	return s, nil
}

// SaveDocument stores doc in one immediate transaction with batched
// prepared INSERTs and logs the import as done by by; on any error nothing
// is stored and doc's ids are reset.
func (s *Store) SaveDocument(ctx context.Context, doc *jixiao.Document, by jixiao.AuditEntry) error {
	doc.ContentSHA256 = doc.ContentHash()
	err := s.save(ctx, doc, by)
	if err != nil {
		doc.ID = 0
	}
	return err
}

// indexDocument fills the search indexes for one document's rows, which
// the insert triggers leave alone while search_bulk.loading is set
// (migration 0005): one statement per index, so FTS5 writes each index
// once per import instead of once per INSERT batch. The last statement
// resets the flag.
var indexDocument = []string{
	`INSERT INTO project_fts (rowid, name_key) SELECT id, name_key FROM projects WHERE document_id = $1`,
	`INSERT INTO project_grams (rowid, grams) SELECT id, jixiao_grams(name_key) FROM projects WHERE document_id = $1`,
	`INSERT INTO indicator_fts (rowid, search_key) SELECT id, search_key FROM indicators WHERE document_id = $1`,
	`INSERT INTO indicator_grams (rowid, grams) SELECT id, jixiao_grams(search_key) FROM indicators WHERE document_id = $1`,
	`UPDATE search_bulk SET loading = 0 WHERE $1 = $1`,
}

func (s *Store) save(ctx context.Context, doc *jixiao.Document, by jixiao.AuditEntry) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE search_bulk SET loading = 1`); err != nil {
		return fmt.Errorf("begin bulk load: %w", err)
	}
	if err := s.saveTx(ctx, tx, doc); err != nil {
		return err
	}
	for _, q := range indexDocument {
		if _, err := tx.ExecContext(ctx, q, doc.ID); err != nil {
			return fmt.Errorf("index document: %w", err)
		}
	}
	args, err := s.AuditArgs(sqldb.ImportEntry(by, doc))
	if err == nil {
		_, err = tx.ExecContext(ctx, sqldb.AuditInsert, args...)
	}
	if err != nil {
		return fmt.Errorf("log import: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// isUnique recognises a UNIQUE or PRIMARY KEY constraint failure by
// SQLite's extended result code (modernc turns extended codes on).
func isUnique(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && (e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

func init() {
	// jixiao_grams(name_key) feeds the gram indexes of migration 0003.
	sqlite.MustRegisterDeterministicScalarFunction("jixiao_grams", 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			s, _ := args[0].(string)
			return sqldb.GramText(s), nil
		})
}

// matcher searches with the FTS5 trigram indexes for 3 characters or more
// and with the gram indexes for 1 or 2 (see sqldb.ShortQuery). Measured on
// 100 generated documents (25,000 indicators), the first page of indicators
// matching 培训 took 83 ms with LIKE on name_key and a facet count 580 ms;
// with the gram index 11 ms and 57 ms.
type matcher struct{}

// Projects and Indicators, asked to walk (a key with many matches, see
// sqldb.frequentMatches), test each row's key with instr(): no index to
// tempt the planner away from the listing's order, and nothing to gather
// first (an IN list of 48,000 matches cost more than the page).
func (matcher) Projects(key string, walk bool, arg func(any) string) string {
	if walk {
		return "instr(p.name_key, " + arg(key) + ") > 0"
	}
	return "p.id IN (" + search("project", key, arg) + ")"
}

func (matcher) Indicators(key string, walk bool, arg func(any) string) string {
	if walk {
		return "instr(i.search_key, " + arg(key) + ") > 0"
	}
	return "i.id IN (" + search("indicator", key, arg) + ")"
}

// CountMatches counts the projects or indicators whose names contain key,
// up to limit, from the search indexes alone, so that listings can pick
// their plan (sqldb.Counter).
func (matcher) CountMatches(ctx context.Context, db *sql.DB, key string, indicators bool, limit int) (int, error) {
	kind := "project"
	if indicators {
		kind = "indicator"
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	var n int
	err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+search(kind, key, arg)+" LIMIT "+strconv.Itoa(limit)+")",
		args...).Scan(&n)
	return n, err
}

// DriveIndicators reads key's matches from the index in rowid order, each
// joined to its indicator, for a read that stops early (sqldb.Driver).
func (matcher) DriveIndicators(key string, arg func(any) string) (from, cond, order string) {
	t, m := "indicator_fts", `"`+strings.ReplaceAll(key, `"`, `""`)+`"`
	if sqldb.ShortQuery(key) {
		t, m = "indicator_grams", `"`+sqldb.GramToken(key)+`"`
	}
	return t + " CROSS JOIN indicators i ON i.id = " + t + ".rowid", t + " MATCH " + arg(m), t + ".rowid"
}

func search(kind, key string, arg func(any) string) string {
	if sqldb.ShortQuery(key) {
		return "SELECT rowid FROM " + kind + "_grams WHERE " + kind + "_grams MATCH " + arg(`"`+sqldb.GramToken(key)+`"`)
	}
	phrase := `"` + strings.ReplaceAll(key, `"`, `""`) + `"`
	return "SELECT rowid FROM " + kind + "_fts WHERE " + kind + "_fts MATCH " + arg(phrase)
}
