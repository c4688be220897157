package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"jixiao/internal/service"
)

// openExistingStore opens the store a DSN names, as openStore does, but
// refuses a SQLite file that does not exist instead of creating an empty
// one: the read-only commands (export, check --db, eval score, …) would
// otherwise answer "no documents" from a store made by a mistyped --db.
func openExistingStore(ctx context.Context, dsn string) (service.Store, error) {
	if engine(dsn) == "sqlite" {
		if err := sqliteFileExists(dsn); err != nil {
			return nil, err
		}
	}
	return openStore(ctx, dsn)
}

// sqliteFileExists says, in Chinese, when the file of a SQLite DSN is not
// there, naming the path and how to make a store.
func sqliteFileExists(dsn string) error {
	path := sqlitePath(dsn)
	if path == "" || path == ":memory:" {
		return nil // openStore says what is wrong with an empty path
	}
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("数据库文件 %s 不存在（--db %s）。请检查路径；新建数据库请用 jixiao import --db %s 文件… 导入表格，或 jixiao migrate --db %s 建一个空库",
			path, dsn, dsn, dsn)
	}
	if err != nil {
		return fmt.Errorf("无法访问数据库文件 %s：%w", path, err)
	}
	return nil
}

// sqlitePath is the file a SQLite DSN names.
func sqlitePath(dsn string) string { return strings.TrimPrefix(dsn, "sqlite:") }
