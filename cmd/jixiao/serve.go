package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/server"
	"jixiao/internal/web"
)

func init() {
	register(command{name: "serve", summary: "启动网页与 JSON 接口服务（默认只监听本机 127.0.0.1:8080）", run: runServe})
}

// runServe serves the API (and the pages) until SIGINT or SIGTERM, then
// finishes the requests in flight and exits 0.
func runServe(e *env, args []string) int {
	fs := newFlags(e, "serve")
	dsn := fs.String("db", defaultDSN(e), "数据库：SQLite 文件路径或 sqlite:路径，或 postgres://… 连接串（默认 $JIXIAO_DB）")
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址 host:port")
	public := fs.Bool("public", false, "允许监听本机以外的地址（本服务只讲 HTTP：对外请放在 HTTPS 反向代理之后）")
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case err != nil:
		return exitBadInput
	case len(pos) > 0:
		fmt.Fprintf(e.stderr, "jixiao serve: 不接受参数 %q（用 --db 指定数据库）\n", pos[0])
		return exitBadInput
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	if err := checkListenAddr(*addr, *public); err != nil {
		fmt.Fprintln(e.stderr, "jixiao serve:", err)
		return exitBadInput
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, log, *dsn, *addr); err != nil {
		fmt.Fprintln(e.stderr, "jixiao serve:", err)
		return exitBadInput
	}
	return exitOK
}

func serve(ctx context.Context, log *slog.Logger, dsn, addr string) error {
	// The OpenAPI document is merged from two embedded files; a build whose
	// files do not merge must not serve a wrong description.
	if _, err := api.Document(); err != nil {
		return fmt.Errorf("OpenAPI 文档无法生成：%w", err)
	}
	st, err := openStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w", addr, err)
	}
	pages, err := web.New(st, web.Options{Logger: log})
	if err != nil {
		return err
	}
	srv := server.New(server.Config{Store: st, Logger: log, Pages: pages})
	log.Info("jixiao 已启动", "url", "http://"+ln.Addr().String()+"/", "api", "http://"+ln.Addr().String()+"/api/v1/", "db", redactDSN(dsn))
	warnAccess(log, st, ln.Addr().String())
	err = srv.Serve(ctx, ln)
	log.Info("jixiao 已停止")
	return err
}

// warnAccess says at start-up who may change data: with a store that keeps
// no accounts, anyone who reaches the server.
func warnAccess(log *slog.Logger, st jixiao.Store, addr string) {
	if _, ok := st.(jixiao.WorkflowProvider); !ok {
		log.Warn("该数据库不支持账号：任何能访问此地址的人都可以上传、删除和修改数据", "addr", addr)
		return
	}
	log.Warn("上传、删除和修改需要账号（用 jixiao user add 创建）；本服务只讲 HTTP，密码和会话在网络上不加密", "addr", addr)
}

// checkListenAddr refuses an address other than loopback unless public is
// set: the server speaks plain HTTP, so passwords and session tokens (and,
// on a store without accounts, every change) are open to the network.
func checkListenAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("监听地址 %q 无效，应为 host:port，如 127.0.0.1:8080", addr)
	}
	if public || isLoopback(host) {
		return nil
	}
	return errors.New("拒绝监听 " + addr + "：本服务只讲 HTTP，密码和会话会以明文经过网络。" +
		"如确需对外提供服务，请加 --public，并放在 HTTPS 反向代理之后")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redactDSN hides a password in a postgres:// DSN before it is logged.
func redactDSN(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	at := strings.LastIndex(rest, "@")
	user, _, hasPass := strings.Cut(rest[:max(at, 0)], ":")
	if at < 0 || !hasPass {
		return dsn
	}
	return scheme + "://" + user + ":***" + rest[at:]
}
