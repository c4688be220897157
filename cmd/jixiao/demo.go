package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"text/tabwriter"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/eval"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

func init() {
	register(command{name: "demo", summary: "把两份示例绩效目标表导入临时数据库，建好每个角色的演示账号，启动网页", run: runDemo})
}

// runDemo imports the embedded samples into a temporary SQLite store and
// serves the pages and the API until SIGINT or SIGTERM; the store is deleted
// on exit.
func runDemo(e *env, args []string) int {
	fs := newFlags(e, "demo")
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址 host:port")
	if _, err := parseInterspersed(fs, args); err != nil {
		return exitBadInput
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := serveDemo(ctx, e.stdout, log, *addr); err != nil {
		fmt.Fprintln(e.stderr, "jixiao demo:", err)
		return exitBadInput
	}
	return exitOK
}

// serveDemo does the work of runDemo until ctx is done. It prints the URL
// once the samples are stored and the server listens.
func serveDemo(ctx context.Context, out io.Writer, log *slog.Logger, addr string) error {
	dir, err := os.MkdirTemp("", "jixiao-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(ctx, "sqlite:"+filepath.Join(dir, "demo.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	docs, err := demo.Load(ctx, st)
	if err != nil {
		return err
	}
	if err := demo.Seed(ctx, st, docs); err != nil {
		return err
	}
	srv, err := site{store: st, scoring: eval.Default(), now: time.Now, log: log, demo: demoAccounts()}.server()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w", addr, err)
	}
	for _, d := range docs {
		fmt.Fprintf(out, "已导入示例：%s（%d 个项目，%d 条审核发现）\n", d.Agency, len(d.Projects), len(d.Findings))
	}
	printAccounts(out)
	fmt.Fprintf(out, "jixiao 演示已启动：http://%s/ （演示指引：http://%s/demo）\n按 Ctrl+C 停止（临时数据库随之删除）。\n", ln.Addr(), ln.Addr())
	return srv.Serve(ctx, ln)
}

// demoAccounts are demo.Accounts as 演示指引 lists them.
func demoAccounts() []web.DemoAccount {
	var out []web.DemoAccount
	for _, a := range demo.Accounts() {
		out = append(out, web.DemoAccount{Username: a.Username, Password: a.Password, Role: a.Role.Label(),
			Scope: a.Unit + a.Department, Try: a.Try})
	}
	return out
}

// printAccounts lists the demo accounts with their passwords.
func printAccounts(out io.Writer) {
	fmt.Fprintln(out, "演示账号（每个角色一个；仅供演示）：")
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, a := range demoAccounts() {
		scope := a.Scope
		if scope == "" {
			scope = "全部"
		}
		fmt.Fprintf(tw, "  %s\t密码 %s\t%s\t%s\n", a.Username, a.Password, a.Role, scope)
	}
	tw.Flush()
}
