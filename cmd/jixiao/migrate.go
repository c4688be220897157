package main

import (
	"context"
	"fmt"
	"time"
)

func init() {
	register(command{name: "migrate", summary: "把数据库结构升级到最新版本（其他命令打开数据库时也会自动升级）", run: runMigrate})
}

// runMigrate applies the pending schema migrations and says which.
func runMigrate(e *env, args []string) int {
	fs := newFlags(e, "migrate")
	dsn := fs.String("db", defaultDSN(e), "数据库：sqlite:路径、文件路径或 postgres://… 连接串（默认 $JIXIAO_DB，否则 sqlite:jixiao.db）")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "jixiao migrate: 多余的参数 %q\n", pos)
		return exitBadInput
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	st, err := connectStore(ctx, *dsn)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao migrate:", err)
		return exitBadInput
	}
	defer st.Close()
	applied, err := st.MigrateReport(ctx)
	for _, name := range applied {
		fmt.Fprintf(e.stdout, "已应用 %s\n", name)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao migrate:", err)
		return exitBadInput
	}
	if len(applied) == 0 {
		fmt.Fprintln(e.stdout, "数据库结构已是最新，无需升级。")
	}
	return exitOK
}
