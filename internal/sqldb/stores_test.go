package sqldb_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/sqldb"
	"jixiao/internal/sqlite"
)

// store is what the tests need: an engine's document store with its
// workflow and evaluation stores.
type store interface {
	jixiao.Store
	jixiao.WorkflowProvider
	jixiao.EvalProvider
}

func ctx() context.Context { return context.Background() }

// openers are the engines the tests run on: SQLite always, PostgreSQL when
// JIXIAO_TEST_POSTGRES is set (each test gets its own database, jixiao_sq_…,
// UTF-8 ctype, from template0, dropped after); without the variable the
// PostgreSQL subtests are skipped with a message saying how to run them.
var openers = []struct {
	name string
	open func(t *testing.T) store
}{
	{"sqlite", openSQLite},
	{"postgres", openPostgres},
}

// forEachStore runs f on each engine in a subtest.
func forEachStore(t *testing.T, f func(t *testing.T, st store)) {
	for _, o := range openers {
		t.Run(o.name, func(t *testing.T) { f(t, o.open(t)) })
	}
}

func openSQLite(t *testing.T) store {
	st, err := sqlite.Open(ctx(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgres(t *testing.T) store {
	st, err := postgres.Open(ctx(), pgtest.DSN(t, "jixiao_sq"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// sqlStore is the engine's embedded sqldb.Store.
func sqlStore(t *testing.T, st store) *sqldb.Store {
	switch s := st.(type) {
	case *sqlite.Store:
		return &s.Store
	case *postgres.Store:
		return &s.Store
	}
	t.Fatalf("no sqldb.Store in %T", st)
	return nil
}

func dbOf(t *testing.T, st store) *sql.DB { return sqlStore(t, st).DB }
