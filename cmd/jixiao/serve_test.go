package main

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
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

// TestServeRunsUntilSignal starts the real command on a free loopback port,
// reads through it, and stops it with SIGINT as a terminal would.
func TestServeRunsUntilSignal(t *testing.T) {
	logs := &lockedBuffer{}
	db := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	done := make(chan int, 1)
	go func() { done <- run([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, serveEnv(logs)) }()

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
	if !strings.Contains(logs.String(), "需要账号") {
		t.Errorf("start-up log does not say who may change data:\n%s", logs)
	}
	for _, path := range []string{"/healthz", "/api/v1/documents", "/"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}
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
