package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/service"
	"jixiao/internal/web"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/internal/server"
	"jixiao/internal/sqlite"
)

func openStore(t *testing.T) service.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// logLines decodes the JSON log lines written so far.
func (s *syncBuffer) logLines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

func newServer(t *testing.T, st service.Store, pages http.Handler) (*httptest.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	s := serve(st, server.Config{Pages: pages, Logger: slog.New(slog.NewJSONHandler(logs, nil)), MaxBody: 1 << 20})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, logs
}

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	return send(t, http.MethodGet, url, "", header...)
}

func send(t *testing.T, method, url, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHealthz(t *testing.T) {
	st := openStore(t)
	ts, _ := newServer(t, st, nil)
	if resp, body := get(t, ts.URL+"/healthz"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
	st.Close() // a store that no longer answers
	if resp, body := get(t, ts.URL+"/healthz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("healthz with a closed store: %d %s", resp.StatusCode, body)
	}
}

// TestLogsAndHeaders checks one log line per request with its fields, the
// request id in the answer and the security headers on API and pages.
func TestLogsAndHeaders(t *testing.T) {
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<p>页面</p>") })
	ts, logs := newServer(t, openStore(t), pages)
	for _, path := range []string{"/api/v1/documents", "/", "/api/v1/documents/404"} {
		resp, _ := get(t, ts.URL+path)
		h := resp.Header
		if h.Get("X-Request-Id") == "" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" ||
			h.Get("Referrer-Policy") == "" || !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self';") ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	resp, _ := get(t, ts.URL+"/api/v1/documents", "X-Request-Id", "proxy-42")
	if resp.Header.Get("X-Request-Id") != "proxy-42" {
		t.Errorf("incoming request id not kept: %q", resp.Header.Get("X-Request-Id"))
	}
	lines := logs.logLines(t)
	if len(lines) != 4 {
		t.Fatalf("%d log lines for 4 requests:\n%s", len(lines), logs)
	}
	last := lines[3]
	for _, k := range []string{"request_id", "method", "path", "status", "duration"} {
		if last[k] == nil {
			t.Errorf("log line without %s: %v", k, last)
		}
	}
	if lines[2]["status"] != float64(404) || last["request_id"] != "proxy-42" {
		t.Errorf("log lines %v / %v", lines[2], last)
	}
}

// TestRecover: a panicking handler answers 500 with the request id, the
// panic is logged with it, and the server keeps serving.
func TestRecover(t *testing.T) {
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/boom" {
			panic("boom")
		}
		io.WriteString(w, "ok")
	})
	ts, logs := newServer(t, openStore(t), pages)
	resp, body := get(t, ts.URL+"/boom")
	id := resp.Header.Get("X-Request-Id")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, id) {
		t.Errorf("panic answered %d %q (request id %s)", resp.StatusCode, body, id)
	}
	found := false
	for _, l := range logs.logLines(t) {
		if l["msg"] == "panic" && l["request_id"] == id && l["panic"] == "boom" && l["stack"] != nil {
			found = true
		}
	}
	if !found {
		t.Errorf("panic not logged with request id %s:\n%s", id, logs)
	}
	if resp, _ := get(t, ts.URL+"/fine"); resp.StatusCode != http.StatusOK {
		t.Errorf("after a panic: %d", resp.StatusCode)
	}
}

// TestCrossOriginAndBodyLimit: a state-changing request from another site
// is refused before it reaches the API; a body over the limit is refused
// with 413.
func TestCrossOriginAndBodyLimit(t *testing.T) {
	ts, _ := newServer(t, openStore(t), nil)
	resp, body := send(t, http.MethodDelete, ts.URL+"/api/v1/documents/1", "", "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, `"cross_origin"`) {
		t.Errorf("cross-site DELETE: %d %s", resp.StatusCode, body)
	}
	resp, body = send(t, http.MethodDelete, ts.URL+"/api/v1/documents/1", "", "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("same-origin DELETE of a missing document: %d %s", resp.StatusCode, body)
	}
	resp, body = send(t, http.MethodPost, ts.URL+"/api/v1/documents", strings.Repeat("x", 2<<20), "Content-Type", "multipart/form-data; boundary=x")
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `"too_large"`) {
		t.Errorf("2 MiB body over a 1 MiB limit: %d %s", resp.StatusCode, body)
	}
}

// TestGracefulShutdown: cancelling Serve's context lets a request in flight
// finish with its full answer, refuses new connections, and Serve returns
// nil.
func TestGracefulShutdown(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "finished")
	})
	s := serve(openStore(t), server.Config{Pages: pages, Logger: slog.New(slog.DiscardHandler)})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- result{resp.StatusCode, string(b), err}
	}()
	<-started
	cancel()
	time.Sleep(100 * time.Millisecond) // let Shutdown close the listener
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("new connections still accepted during shutdown")
	}
	close(release)
	r := <-got
	if r.err != nil || r.status != http.StatusOK || r.body != "finished" {
		t.Errorf("request in flight: %+v", r)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
}

// TestTimeouts: a client that never finishes its headers (slowloris) is
// cut off after ReadHeaderTimeout, so it cannot hold a connection forever.
func TestTimeouts(t *testing.T) {
	s := serve(openStore(t), server.Config{Logger: slog.New(slog.DiscardHandler), ReadHeaderTimeout: 200 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Serve(ctx, ln)

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n") // headers never end
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn)
	if err != nil || time.Since(start) > 3*time.Second {
		t.Errorf("half-sent request still open after %s (err %v)", time.Since(start).Round(time.Millisecond), err)
	}
}

// serve is the server over st as cmd/jixiao builds it (the services with
// the default scoring and one session manager), with cfg's pages.
func serve(st service.Store, cfg server.Config) *server.Server {
	cfg.Store, cfg.Services, cfg.Auth = st, service.New(st, eval.Default()), auth.NewManager(st.Workflow())
	return server.New(cfg)
}

// siteServer is serve with the real pages.
func siteServer(st service.Store, cfg server.Config) (*server.Server, error) {
	cfg.Store, cfg.Services, cfg.Auth = st, service.New(st, eval.Default()), auth.NewManager(st.Workflow())
	pages, err := web.New(cfg.Services, cfg.Auth, web.Options{})
	cfg.Pages = pages
	return server.New(cfg), err
}
