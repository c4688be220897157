// Package pgtest gives tests a fresh PostgreSQL database of their own. The
// server comes from JIXIAO_TEST_POSTGRES; without it the test is skipped
// with a message saying how to run it, and a server that is named but does
// not answer fails the test.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvVar names the server the PostgreSQL tests use.
const EnvVar = "JIXIAO_TEST_POSTGRES"

// DSN creates a database named prefix_<random> (UTF-8 encoding and ctype,
// from template0, as jixiao requires), drops it when the test ends, and
// returns its DSN. Use a prefix of your package's name, e.g. "jixiao_st".
func DSN(t testing.TB, prefix string) string {
	t.Helper()
	server := strings.TrimSpace(os.Getenv(EnvVar))
	if server == "" {
		t.Skipf("PostgreSQL tests skipped: set %s, e.g. %s='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./...", EnvVar, EnvVar)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("%s=%q: %v", EnvVar, server, err)
	}
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		t.Fatalf("%s is set but PostgreSQL does not answer: %v", EnvVar, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := prefix + "_" + hex.EncodeToString(b)
	_, err = admin.ExecContext(ctx, `CREATE DATABASE `+name+
		` ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`)
	if err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return WithDatabase(t, server, name)
}

// WithDatabase returns dsn pointing at database name instead.
func WithDatabase(t testing.TB, dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s must be a postgres:// URL, got %q", EnvVar, dsn)
	}
	u.Path = "/" + name
	return u.String()
}

// Admin opens the server of JIXIAO_TEST_POSTGRES itself (skipping like
// DSN), for tests that create databases with other settings.
func Admin(t testing.TB) (*sql.DB, string) {
	t.Helper()
	server := strings.TrimSpace(os.Getenv(EnvVar))
	if server == "" {
		t.Skipf("PostgreSQL tests skipped: set %s (see pgtest.DSN)", EnvVar)
	}
	db, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatalf("%s is set but PostgreSQL does not answer: %v", EnvVar, err)
	}
	return db, server
}
