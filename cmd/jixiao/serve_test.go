package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"jixiao/internal/postgres/pgtest"
)

// lockedBuffer collects the serve command's log while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func serveEnv(stderr io.Writer) *env {
	return &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr, getenv: func(string) string { return "" }}
}

func TestServeRefusesNonLoopbackWithoutPublic(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":8080", "192.0.2.1:80"} {
		var stderr bytes.Buffer
		db := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
		if code := run([]string{"serve", "--db", db, "--addr", addr}, serveEnv(&stderr)); code != exitBadInput {
			t.Errorf("serve --addr %s: exit %d", addr, code)
		}
		if !strings.Contains(stderr.String(), "--public") {
			t.Errorf("serve --addr %s says %q, not how to allow it", addr, stderr.String())
		}
	}
	if err := checkListenAddr("[::1]:8080", false); err != nil {
		t.Errorf("[::1] is loopback: %v", err)
	}
	if err := checkListenAddr("0.0.0.0:8080", true); err != nil {
		t.Errorf("--public allows any address: %v", err)
	}
}

// startServe runs the real serve command on a free loopback port and
// returns its base URL, its log, and a stop function that sends SIGINT as
// a terminal would and checks that it exits 0.
func startServe(t *testing.T, args ...string) (string, *lockedBuffer, func()) {
	t.Helper()
	logs := &lockedBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), serveEnv(logs)) }()
	url := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := url.FindStringSubmatch(logs.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve did not start:\n%s", logs)
	}
	stop := func() {
		t.Helper()
		syscall.Kill(syscall.Getpid(), syscall.SIGINT)
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("serve exited %d after SIGINT:\n%s", code, logs)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop on SIGINT")
		}
	}
	return base, logs, stop
}

// TestServeRunsUntilSignal starts the real command on a fresh database,
// reads through it, and stops it with SIGINT. With no account yet, its log
// says nobody may change data and how to create an administrator.
func TestServeRunsUntilSignal(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	base, logs, stop := startServe(t, "--db", db)
	for _, want := range []string{"还没有任何账号", "谁都不能上传、删除或修改数据", "jixiao user add --db " + db + " --username 用户名 --role admin", "只讲 HTTP"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("start-up log does not say %q:\n%s", want, logs)
		}
	}
	for _, path := range []string{"/healthz", "/api/v1/documents", "/api/v1/openapi.json", "/"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}
	stop()
}

// TestServeAccessNotice: once accounts exist the log names them by role,
// and says when there is still no administrator; on both engines (the
// count reads the users table).
func TestServeAccessNotice(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testAccessNotice(t, "sqlite:"+filepath.Join(t.TempDir(), "j.db")) })
	t.Run("postgres", func(t *testing.T) { testAccessNotice(t, pgtest.DSN(t, "jixiao_serve")) })
}

func testAccessNotice(t *testing.T, db string) {
	level, msg := accessNoticeOf(t, db)
	if level != slog.LevelWarn || !strings.Contains(msg, "还没有任何账号") {
		t.Errorf("without accounts: %v %q", level, msg)
	}
	add := func(args ...string) {
		t.Helper()
		if code, _, errs := runUserCmd(t, "足够长的测试密码一二三四\n", append([]string{"add", "--db", db, "--force"}, args...)...); code != exitOK {
			t.Fatalf("user add %v: %d %s", args, code, errs)
		}
	}
	notice := func() (slog.Level, string) { return accessNoticeOf(t, db) }
	add("--username", "填报", "--role", "filer", "--unit", "广州市荔湾区人力资源和社会保障局")
	add("--username", "财政", "--role", "finance_reviewer")
	level, msg = notice()
	if level != slog.LevelWarn || !strings.Contains(msg, "填报人 1 个、财政审核人 1 个") || !strings.Contains(msg, "还没有管理员") ||
		!strings.Contains(msg, "--role admin") {
		t.Errorf("without an administrator: %v %q", level, msg)
	}
	add("--username", "管理", "--role", "admin")
	level, msg = notice()
	if level != slog.LevelInfo || !strings.Contains(msg, "管理员 1 个") || strings.Contains(msg, "user add") {
		t.Errorf("with an administrator: %v %q", level, msg)
	}
}

func accessNoticeOf(t *testing.T, db string) (slog.Level, string) {
	t.Helper()
	st, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return accessNotice(t.Context(), st, db)
}

// TestServeSecureCookies: with --secure-cookies the session cookie of a
// login over plain HTTP (a TLS proxy in front) is Secure; without, not.
func TestServeSecureCookies(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	if code, _, errs := runUserCmd(t, "足够长的测试密码一二三四\n", "add", "--db", db, "--username", "管理", "--role", "admin"); code != exitOK {
		t.Fatalf("user add: %d %s", code, errs)
	}
	for _, secure := range []bool{false, true} {
		args := []string{"--db", db}
		if secure {
			args = append(args, "--secure-cookies")
		}
		base, logs, stop := startServe(t, args...)
		resp, err := http.Post(base+"/api/v1/session", "application/json",
			strings.NewReader(`{"username":"管理","password":"足够长的测试密码一二三四"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cookies := resp.Cookies()
		if resp.StatusCode != http.StatusOK || len(cookies) != 1 || cookies[0].Secure != secure || !cookies[0].HttpOnly {
			t.Errorf("--secure-cookies=%v: login %d, cookies %q", secure, resp.StatusCode, resp.Header["Set-Cookie"])
		}
		if secure != strings.Contains(logs.String(), "一律标记 Secure") {
			t.Errorf("--secure-cookies=%v: log\n%s", secure, logs)
		}
		stop()
	}
}

func TestRedactDSN(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://app:s3cret@db:5432/jixiao": "postgres://app:***@db:5432/jixiao",
		"postgres://postgres@127.0.0.1/test":   "postgres://postgres@127.0.0.1/test",
		"sqlite:jixiao.db":                     "sqlite:jixiao.db",
	} {
		if got := redactDSN(in); got != want {
			t.Errorf("redactDSN(%q) = %q, want %q", in, got, want)
		}
	}
}
