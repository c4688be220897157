package api_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"jixiao"
	"jixiao/internal/sqlite"
)

// engine opens a fresh, empty store of one kind for a test.
type engine struct {
	name string
	open func(t *testing.T) jixiao.Store
}

// engines are the stores every API test runs against: SQLite always,
// PostgreSQL when JIXIAO_TEST_POSTGRES holds a DSN.
func engines(t *testing.T) []engine {
	es := []engine{{"sqlite", openSQLite}}
	if pgDSN() != "" {
		es = append(es, engine{"postgres", func(t *testing.T) jixiao.Store { return openPostgres(t, newPostgresDB(t)) }})
	} else {
		t.Log("PostgreSQL skipped: set JIXIAO_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run these tests on it too")
	}
	return es
}

// eachStore runs f once per engine, each with its own empty store.
func eachStore(t *testing.T, f func(t *testing.T, st jixiao.Store)) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) { f(t, e.open(t)) })
	}
}

// openPostgres opens the PostgreSQL store on dsn; postgres_test.go sets it
// once internal/postgres exists.
var openPostgres = func(t *testing.T, dsn string) jixiao.Store {
	t.Fatal("JIXIAO_TEST_POSTGRES is set but the PostgreSQL store is not built into these tests")
	return nil
}

func pgDSN() string { return os.Getenv("JIXIAO_TEST_POSTGRES") }

func openSQLite(t *testing.T) jixiao.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newPostgresDB creates a database of its own for the test (UTF-8 ctype
// from template0, which search needs), drops it after, and returns its DSN.
// A DSN that is set but unreachable fails the test rather than skipping.
func newPostgresDB(t *testing.T) string {
	t.Helper()
	admin, err := sql.Open("pgx", pgDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var b [6]byte
	rand.Read(b[:])
	name := "jixiao_api_" + hex.EncodeToString(b[:])
	_, err = admin.Exec(`CREATE DATABASE ` + name + ` ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`)
	if err != nil {
		t.Fatalf("create database (JIXIAO_TEST_POSTGRES=%s): %v", pgDSN(), err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", pgDSN())
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(pgDSN())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
