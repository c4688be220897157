package sqlite

import (
	"context"
	"fmt"
)

// BackupTo writes a consistent copy of the database to path (VACUUM INTO),
// while other connections keep reading and writing. It fails if path
// exists.
func (s *Store) BackupTo(ctx context.Context, path string) error {
	if _, err := s.DB.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Verify checks that the file is a sound jixiao database: SQLite's
// quick_check passes and the schema_migrations table is there. It returns
// the number of migrations recorded.
func (s *Store) Verify(ctx context.Context) (int, error) {
	var res string
	if err := s.DB.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return 0, fmt.Errorf("quick_check: %w", err)
	}
	if res != "ok" {
		return 0, fmt.Errorf("quick_check: %s", res)
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		return 0, fmt.Errorf("not a jixiao database: %w", err)
	}
	return n, nil
}
