package sqldb

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// A small runner instead of pressly/goose: goose is not in go.mod, its go.mod
// drags in a dozen database drivers, and what we need is forty lines: apply
// every NNNN_name.sql file of a folder, in number order, each in its own
// transaction, recording the version in schema_migrations. Any file in the
// folder is picked up, so other engineers add 0020_eval.sql, 0030_workflow.sql
// next to ours without touching this code.

// Migration is one numbered SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads the NNNN_name.sql files of dir in fsys, sorted by
// version. Two files with one number, or a name without a number, are errors.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", e.Name())
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, e.Name(), v)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// migrate applies the migrations not yet recorded in schema_migrations.
// lock, when not empty, is run first in each migration's transaction so that
// two processes starting at once do not apply the same file twice (SQLite's
// BEGIN IMMEDIATE already serialises writers; PostgreSQL locks the table).
// It returns the migrations it applied.
func (s *Store) migrate(ctx context.Context, ms []Migration, lock string) ([]Migration, error) {
	db := s.DB
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`
	if _, err := db.ExecContext(ctx, create); err != nil {
		// Another process starting at the same moment may have created it
		// between our existence check and our CREATE (PostgreSQL then says
		// the type already exists): go on if the table is there now.
		if _, again := db.ExecContext(ctx, `SELECT version FROM schema_migrations WHERE version < 0`); again != nil {
			return nil, fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	var done []Migration
	for _, m := range ms {
		applied, err := s.applyOne(ctx, m, lock)
		if err != nil {
			return done, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if applied {
			done = append(done, m)
		}
	}
	return done, nil
}

func (s *Store) applyOne(ctx context.Context, m Migration, lock string) (bool, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return false, err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.Version, m.Name, TimeText(s.now())); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// Migrate applies the engine's pending migrations (Store.Migrations, in
// number order).
func (s *Store) Migrate(ctx context.Context) error {
	_, err := s.MigrateReport(ctx)
	return err
}

// MigrateReport is Migrate that also returns the names of the files applied.
func (s *Store) MigrateReport(ctx context.Context) ([]string, error) {
	names, err := s.MigrateDir(ctx, s.Migrations, "migrations", s.MigrationLock)
	if err != nil {
		return names, fmt.Errorf("migrate %s: %w", s.Engine, err)
	}
	return names, nil
}

// MigrateDir loads the migrations of dir in fsys, applies the pending ones
// and returns the names of the files applied.
func (s *Store) MigrateDir(ctx context.Context, fsys fs.FS, dir, lock string) ([]string, error) {
	ms, err := LoadMigrations(fsys, dir)
	if err != nil {
		return nil, err
	}
	done, err := s.migrate(ctx, ms, lock)
	names := make([]string, len(done))
	for i, m := range done {
		names[i] = m.Name
	}
	return names, err
}
