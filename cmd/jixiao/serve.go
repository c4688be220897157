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
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/eval"
	"jixiao/internal/service"
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
	secure := fs.Bool("secure-cookies", false, "会话 Cookie 一律标记 Secure（放在 HTTPS 反向代理之后时使用；代理送来 X-Forwarded-Proto: https 时自动标记）")
	config := fs.String("config", "", "评分配置 JSON 文件（缺省为财预〔2020〕10号的默认值，与 jixiao eval 的 --config 相同）")
	memMiB := fs.Int("memory-limit", int(defaultMemoryLimit()>>20), "内存软上限（MiB；接近时更频繁地回收内存；0 不设；设置了环境变量 GOMEMLIMIT 时以它为准）")
	minPeers := minPeersFlag(fs)
	cacheMiB := fs.Int("api-cache", api.DefaultCacheBytes>>20, "JSON 接口缓存匿名访问结果的内存上限（MiB；0 关闭缓存；任何写入后立即失效，多台服务器共用一个数据库也一样）")
	pageMiB := fs.Int("page-cache", web.DefaultPageCacheBytes>>20, "网页缓存未登录访客所见页面（总览、指标检索、表及其公开版、项目、对比、部门对比）的内存上限（MiB；0 关闭缓存；已登录的用户每次看到的都是最新页面；任何写入后立即失效，多台服务器共用一个数据库也一样）")
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
	setMemoryLimit(int64(*memMiB) << 20)
	if err := checkListenAddr(*addr, *public); err != nil {
		fmt.Fprintln(e.stderr, "jixiao serve:", err)
		return exitBadInput
	}
	scoring, err := loadScoring(*config)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao serve:", err)
		return exitBadInput
	}
	if !validMinPeers(e, "serve", *minPeers) {
		return exitBadInput
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, log, serveConfig{dsn: *dsn, addr: *addr, secureCookies: *secure, apiCacheBytes: cacheBytes(*cacheMiB),
		pageCacheBytes: cacheBytes(*pageMiB), scoring: scoring, minPeers: *minPeers}); err != nil {
		fmt.Fprintln(e.stderr, "jixiao serve:", err)
		return exitBadInput
	}
	return exitOK
}

// defaultMemoryLimit is the server's soft memory limit unless --memory-limit
// or GOMEMLIMIT says otherwise: 128 MiB for the server itself and 96 MiB
// for each import that may run at once (one per core, importer.Pool). An
// import's live memory is at most about 8 times its file (BENCHMARKS.md,
// "Import memory"); without a limit the collector lets the heap grow to
// twice what is live, which doubled the peak of imports running together.
func defaultMemoryLimit() int64 {
	return 128<<20 + 96<<20*int64(runtime.GOMAXPROCS(0))
}

// setMemoryLimit sets the runtime's soft memory limit to limit bytes (0:
// none) unless GOMEMLIMIT is set, which the runtime has applied already.
func setMemoryLimit(limit int64) {
	if os.Getenv("GOMEMLIMIT") != "" || limit <= 0 {
		return
	}
	debug.SetMemoryLimit(limit)
}

// serveConfig is what the serve command's flags decide.
type serveConfig struct {
	dsn, addr     string
	secureCookies bool
	apiCacheBytes int64 // server.Config.APICacheBytes
	// pageCacheBytes is server.Config.PageCacheBytes (cacheBytes of
	// --page-cache).
	pageCacheBytes int64
	scoring        eval.Config
	minPeers       int // service.Peers.MinCount
}

// cacheBytes turns --api-cache or --page-cache (MiB, 0 off) into
// server.Config.APICacheBytes or PageCacheBytes.
func cacheBytes(mib int) int64 {
	if mib <= 0 {
		return -1
	}
	return int64(mib) << 20
}

func serve(ctx context.Context, log *slog.Logger, cfg serveConfig) error {
	// The OpenAPI document is merged from two embedded files; a build whose
	// files do not merge must not serve a wrong description.
	if _, err := api.Document(); err != nil {
		return fmt.Errorf("OpenAPI 文档无法生成：%w", err)
	}
	st, err := openStore(ctx, cfg.dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w", cfg.addr, err)
	}
	srv, err := site{store: st, scoring: cfg.scoring, now: time.Now, log: log, secure: cfg.secureCookies,
		apiCache: cfg.apiCacheBytes, pageCache: cfg.pageCacheBytes, minPeers: cfg.minPeers}.server()
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	log.Info("jixiao 已启动", "url", "http://"+addr+"/", "api", "http://"+addr+"/api/v1/", "db", redactDSN(cfg.dsn))
	level, msg := accessNotice(ctx, st, cfg.dsn)
	log.Log(ctx, level, msg, "addr", addr)
	if cfg.secureCookies {
		log.Info("会话 Cookie 一律标记 Secure：浏览器只经 HTTPS 发送，请确认前面有 HTTPS 反向代理")
	} else {
		log.Warn("本服务只讲 HTTP：经网络访问时密码和会话不加密，请放在 HTTPS 反向代理之后并加 --secure-cookies")
	}
	err = srv.Serve(ctx, ln)
	log.Info("jixiao 已停止")
	return err
}

// accessNotice says at start-up, truthfully, who may change data: nobody
// while no account exists (with the command that creates an
// administrator); else the accounts by role, each within its role and
// scope.
func accessNotice(ctx context.Context, st service.Store, dsn string) (slog.Level, string) {
	addAdmin := "创建管理员：jixiao user add --db " + redactDSN(dsn) + " --username 用户名 --role admin（密码从标准输入读取）"
	counts, err := accountsByRole(ctx, st)
	if err != nil {
		return slog.LevelWarn, "上传、删除和修改需要账号，但无法统计现有账号（" + err.Error() + "）；" + addAdmin
	}
	total := 0
	var parts []string
	for _, r := range jixiao.Roles {
		total += counts[r]
		if counts[r] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 个", r.Label(), counts[r]))
		}
	}
	switch {
	case total == 0:
		return slog.LevelWarn, "还没有任何账号：现在谁都不能上传、删除或修改数据，访客只能查看已公开的表。" + addAdmin
	case counts[jixiao.RoleAdmin] == 0:
		return slog.LevelWarn, "只有登录的账号能按角色和范围修改数据（" + strings.Join(parts, "、") +
			"）；还没有管理员，无人能删除文件。" + addAdmin
	}
	return slog.LevelInfo, "只有登录的账号能按角色和范围修改数据（" + strings.Join(parts, "、") + "）；访客只能查看已公开的表"
}

// accountsByRole counts the accounts of each role.
func accountsByRole(ctx context.Context, st service.Store) (map[jixiao.Role]int, error) {
	return st.Workflow().CountUsers(ctx)
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
