package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"jixiao/internal/sqlite"
)

func init() {
	register(command{name: "backup", summary: "把 SQLite 数据库备份到一个文件（服务运行时也可备份；PostgreSQL 请用 pg_dump）", run: runBackup})
	register(command{name: "restore", summary: "用备份文件恢复 SQLite 数据库（先停止 jixiao serve）", run: runRestore})
}

// pgBackupHint is what backup and restore say for a PostgreSQL store.
const pgBackupHint = "PostgreSQL 数据库请用 PostgreSQL 自带的工具：备份 pg_dump -Fc -f jixiao.dump DSN，恢复 pg_restore --clean --if-exists -d DSN jixiao.dump（见 README“部署”一节）"

// runBackup copies a SQLite store, consistent even while serve writes, to
// the file -o names. The store is not migrated: a backup is what one takes
// before an upgrade.
func runBackup(e *env, args []string) int {
	fs := newFlags(e, "backup")
	dsn := fs.String("db", defaultDSN(e), "数据库：sqlite:路径 或 文件路径")
	out := fs.String("o", "", "备份文件路径（不得已存在），如 jixiao-20240801.db")
	setSynopsis(e, fs, "jixiao backup --db DSN -o 备份文件")
	if pos, err := parseInterspersed(fs, args); err != nil || len(pos) > 0 || *out == "" {
		if err == nil {
			fmt.Fprintln(e.stderr, "jixiao backup: 需要 -o 备份文件，且不接受其他参数")
		}
		return exitBadInput
	}
	if err := backupSQLite(context.Background(), *dsn, *out); err != nil {
		fmt.Fprintln(e.stderr, "jixiao backup:", err)
		return exitBadInput
	}
	fmt.Fprintf(e.stdout, "已备份 %s 到 %s\n", *dsn, *out)
	return exitOK
}

func backupSQLite(ctx context.Context, dsn, out string) error {
	if engine(dsn) != "sqlite" {
		return errors.New(pgBackupHint)
	}
	if err := sqliteFileExists(dsn); err != nil {
		return err
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("备份文件 %s 已存在；请换一个文件名", out)
	}
	st, err := sqlite.Connect(ctx, sqliteDSN(dsn))
	if err != nil {
		return fmt.Errorf("无法打开数据库 %s：%w", dsn, err)
	}
	defer st.Close()
	if _, err := st.Verify(ctx); err != nil {
		return fmt.Errorf("%s 不是完好的 jixiao 数据库：%w", dsn, err)
	}
	return st.BackupTo(ctx, out)
}

// runRestore replaces a SQLite store by a backup, after checking that the
// backup is a sound jixiao database. The server must be stopped first.
func runRestore(e *env, args []string) int {
	fs := newFlags(e, "restore")
	dsn := fs.String("db", defaultDSN(e), "要恢复的数据库：sqlite:路径 或 文件路径")
	replace := fs.Bool("replace", false, "数据库文件已存在时覆盖它（先停止 jixiao serve）")
	setSynopsis(e, fs, "jixiao restore --db DSN [--replace] 备份文件")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "jixiao restore: 需要且只需要一个备份文件\n用法: jixiao restore --db DSN [--replace] 备份文件")
		return exitBadInput
	}
	n, err := restoreSQLite(context.Background(), *dsn, pos[0], *replace)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao restore:", err)
		return exitBadInput
	}
	fmt.Fprintf(e.stdout, "已用 %s 恢复 %s（备份时的数据库结构版本：%d 个迁移；下次打开时自动升级到最新）\n", pos[0], *dsn, n)
	return exitOK
}

func restoreSQLite(ctx context.Context, dsn, backup string, replace bool) (int, error) {
	if engine(dsn) != "sqlite" {
		return 0, errors.New(pgBackupHint)
	}
	target := sqlitePath(dsn)
	if _, err := os.Stat(target); err == nil && !replace {
		return 0, fmt.Errorf("数据库文件 %s 已存在；确认已停止 jixiao serve 后加 --replace 覆盖", target)
	}
	if _, err := os.Stat(backup); errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("备份文件 %s 不存在", backup)
	}
	src, err := sqlite.Connect(ctx, "sqlite:"+backup)
	if err != nil {
		return 0, fmt.Errorf("%s 不是可用的 SQLite 数据库文件（%v）", backup, err)
	}
	defer src.Close()
	n, err := src.Verify(ctx)
	if err != nil {
		return 0, fmt.Errorf("%s 不是完好的 jixiao 备份：%w", backup, err)
	}
	return n, replaceFile(ctx, src, target)
}

// replaceFile writes src next to target and renames it over target,
// removing target's write-ahead log so that no stale page is replayed.
func replaceFile(ctx context.Context, src *sqlite.Store, target string) error {
	tmp := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".restore")
	os.Remove(tmp)
	if err := src.BackupTo(ctx, tmp); err != nil {
		return err
	}
	for _, f := range []string{target + "-wal", target + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("无法删除 %s：%w", f, err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("无法写入 %s：%w", target, err)
	}
	return nil
}
