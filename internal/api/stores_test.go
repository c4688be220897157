package api_test

import (
	"context"
	"io"
	"jixiao/internal/api"
	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/server"
	"jixiao/internal/service"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/sqlite"
)

// engine opens a fresh, empty store of one kind for a test.
type engine struct {
	name string
	open func(t *testing.T) service.Store
}

// engines are the stores every API test runs against: SQLite always,
// PostgreSQL when JIXIAO_TEST_POSTGRES names a server (each test in a
// database of its own, dropped after; a server that does not answer fails).
func engines(t *testing.T) []engine {
	es := []engine{{"sqlite", openSQLite}}
	if os.Getenv(pgtest.EnvVar) != "" {
		es = append(es, engine{"postgres", func(t *testing.T) service.Store { return openPostgres(t, pgtest.DSN(t, "jixiao_api")) }})
	} else {
		t.Logf("PostgreSQL skipped: set %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run these tests on it too", pgtest.EnvVar)
	}
	return es
}

// eachStore runs f once per engine, each with its own empty store.
func eachStore(t *testing.T, f func(t *testing.T, st service.Store)) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) { f(t, e.open(t)) })
	}
}

func openSQLite(t *testing.T) service.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgres(t *testing.T, dsn string) service.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// serve is the server over st as cmd/jixiao builds it: the services with
// the default scoring and one session manager.
func serve(st service.Store, cfg server.Config) *server.Server {
	cfg.Store, cfg.Services, cfg.Auth = st, service.New(st, eval.Default()), auth.NewManager(st.Workflow())
	if cfg.Logger == nil {
		cfg.Logger = discardLogger()
	}
	return server.New(cfg)
}

// newAPI is the API over st alone.
func newAPI(st service.Store, opt api.Options) *api.API {
	return api.New(service.New(st, eval.Default()), auth.NewManager(st.Workflow()), opt)
}
