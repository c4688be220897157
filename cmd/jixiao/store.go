package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"jixiao/internal/postgres"
	"jixiao/internal/service"
	"jixiao/internal/sqlite"
)

// openStore opens the store a DSN names, migrated to the newest schema:
// "postgres://…" or "postgresql://…" is PostgreSQL; "sqlite:PATH" or a bare
// file path is SQLite.
func openStore(ctx context.Context, dsn string) (service.Store, error) {
	switch engine(dsn) {
	case "postgres":
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("无法打开数据库 %s：%w", hidePassword(dsn), err)
		}
		return st, nil
	case "sqlite":
		st, err := sqlite.Open(ctx, sqliteDSN(dsn))
		if err != nil {
			return nil, fmt.Errorf("无法打开数据库 %s：%w", dsn, err)
		}
		return st, nil
	}
	return nil, fmt.Errorf("不认识的数据库连接串 %q：应为 sqlite:文件路径、文件路径或 postgres://…", hidePassword(dsn))
}

// engine tells which store a DSN names, "" for none known.
func engine(dsn string) string {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "postgres"
	case strings.HasPrefix(dsn, "sqlite:"):
		return "sqlite"
	case strings.Contains(dsn, "://") || strings.TrimSpace(dsn) == "":
		return ""
	}
	return "sqlite"
}

func sqliteDSN(dsn string) string {
	if strings.HasPrefix(dsn, "sqlite:") {
		return dsn
	}
	return "sqlite:" + dsn
}

// migrator is what both stores offer "jixiao migrate".
type migrator interface {
	MigrateReport(ctx context.Context) ([]string, error)
	Close() error
}

// connectStore opens a store without migrating it.
func connectStore(ctx context.Context, dsn string) (migrator, error) {
	switch engine(dsn) {
	case "postgres":
		st, err := postgres.Connect(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("无法打开数据库 %s：%w", hidePassword(dsn), err)
		}
		return st, nil
	case "sqlite":
		st, err := sqlite.Connect(ctx, sqliteDSN(dsn))
		if err != nil {
			return nil, fmt.Errorf("无法打开数据库 %s：%w", dsn, err)
		}
		return st, nil
	}
	return nil, fmt.Errorf("不认识的数据库连接串 %q：应为 sqlite:文件路径、文件路径或 postgres://…", hidePassword(dsn))
}

// hidePassword keeps a password in a postgres:// DSN out of messages.
func hidePassword(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}
