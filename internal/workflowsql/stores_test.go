package workflowsql_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"jixiao/internal/postgres"
	"jixiao/internal/sqlite"
)

// openers are the engines the tests run on: SQLite always; PostgreSQL is
// added by postgres_test.go when JIXIAO_TEST_POSTGRES is set.
var openers = []struct {
	name string
	open func(t *testing.T) store
}{
	{"sqlite", openSQLite},
}

func openSQLite(t *testing.T) store {
	st, err := sqlite.Open(ctx(), "sqlite:"+filepath.Join(t.TempDir(), "wf.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func dbOf(t *testing.T, st store) interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
} {
	switch s := st.(type) {
	case *sqlite.Store:
		return s.DB
	case *postgres.Store:
		return s.DB
	}
	t.Fatalf("no database handle for %T", st)
	return nil
}
