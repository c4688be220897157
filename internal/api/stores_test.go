package api_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/sqlite"
)

// engine opens a fresh, empty store of one kind for a test.
type engine struct {
	name string
	open func(t *testing.T) jixiao.Store
}

// engines are the stores every API test runs against: SQLite always,
// PostgreSQL when JIXIAO_TEST_POSTGRES names a server (each test in a
// database of its own, dropped after; a server that does not answer fails).
func engines(t *testing.T) []engine {
	es := []engine{{"sqlite", openSQLite}}
	if os.Getenv(pgtest.EnvVar) != "" {
		es = append(es, engine{"postgres", func(t *testing.T) jixiao.Store { return openPostgres(t, pgtest.DSN(t, "jixiao_api")) }})
	} else {
		t.Logf("PostgreSQL skipped: set %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run these tests on it too", pgtest.EnvVar)
	}
	return es
}

// eachStore runs f once per engine, each with its own empty store.
func eachStore(t *testing.T, f func(t *testing.T, st jixiao.Store)) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) { f(t, e.open(t)) })
	}
}

func openSQLite(t *testing.T) jixiao.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgres(t *testing.T, dsn string) jixiao.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
