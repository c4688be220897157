//go:build stress

// Package stress is the reliability suite of issue 14: mixed reads and
// writes from 64 connections against a real server over each engine, with
// no error allowed and a ceiling on the process's memory. It runs only with
// the stress build tag and is bounded in time:
//
//	go test -tags=stress -count=1 -v ./internal/stress/
//	STRESS_DURATION=60s STRESS_CONNS=64 STRESS_MAX_RSS_MB=1024 scripts/stress.sh
//
// PostgreSQL is included when JIXIAO_TEST_POSTGRES names a server.
package stress

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"jixiao/internal/eval"
	"jixiao/internal/service"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/importer"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/server"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

// store is what the suite needs of a store: what the services need.
type store = service.Store

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}

func TestMixedLoad(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "stress.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		mixedLoad(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), pgtest.DSN(t, "jixiao_stress"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		mixedLoad(t, st)
	})
}

const password = "压力测试用的足够长的密码"

// mixedLoad serves st on a loopback port and runs STRESS_CONNS workers for
// STRESS_DURATION: anonymous API and page reads, a filer saving a draft
// project (409 on a stale version is an answer, not an error), a finance
// reviewer reading drafts, and wrong-password logins (401/429/503 are
// answers). An error is a transport failure, a 500, or any other status
// an operation does not expect.
func mixedLoad(t *testing.T, st store) {
	l := newLoad(t, st)
	total, failed, firstErrors := l.run(envDuration("STRESS_DURATION", 10*time.Second), nil)
	rss := peakRSSMB(t)
	t.Logf("%d requests from %d connections, %d errors, peak RSS %d MB", total, l.conns, failed, rss)
	if failed != 0 {
		t.Errorf("%d errors: %v", failed, firstErrors)
	}
	if ceiling := envInt("STRESS_MAX_RSS_MB", 1024); rss > ceiling {
		t.Errorf("peak RSS %d MB over the ceiling of %d MB", rss, ceiling)
	}
	l.checkConsistent()
}

// load is a server over a store with the samples, a draft and two
// accounts, and the mix of operations the workers run.
type load struct {
	t     *testing.T
	st    store
	conns int
	ops   []op
	pid   int64
	login func() (int, error)
}

type op struct {
	name string
	run  func(i int) (status int, ok []int, err error)
}

func newLoad(t *testing.T, st store) *load {
	ctx := context.Background()
	for _, name := range []string{"liwan-hrss-bureau-2024.md", "huadu-employment-center-2024.txt"} {
		data, err := os.ReadFile("../../testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := importer.Import(ctx, st, name, data, importer.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := st.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wf := st.Workflow()
	var liwan *jixiao.Document
	for _, d := range docs {
		if strings.Contains(d.Agency, "荔湾") {
			liwan, _ = st.Document(ctx, d.ID)
		}
	}
	draft, err := wf.CreateDraft(ctx, liwan.ID, 2025, jixiao.AuditEntry{Username: "压力测试"})
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword(password)
	filer := &jixiao.User{Username: "压力填报", Role: jixiao.RoleFiler, Unit: draft.Projects[0].Unit}
	finance := &jixiao.User{Username: "压力财政", Role: jixiao.RoleFinanceReviewer}
	for _, u := range []*jixiao.User{filer, finance} {
		if err := wf.CreateUser(ctx, u, hash, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	svc, m := service.New(st, eval.Default()), auth.NewManager(st.Workflow())
	pages, err := web.New(svc, m, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var logTo io.Writer = io.Discard
	if os.Getenv("STRESS_LOG") != "" {
		logTo = os.Stderr // STRESS_LOG=1 shows the server's log, e.g. the causes of 5xx
	}
	log := slog.New(slog.NewTextHandler(logTo, &slog.HandlerOptions{Level: slog.LevelError}))
	srv := httptest.NewServer(server.New(server.Config{Store: st, Services: svc, Auth: m, Pages: pages, Logger: log}).Handler())
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: 30 * time.Second}
	// The guesser knocks from another loopback address, as an attacker
	// does from theirs: its throttling must not be what the real users of
	// 127.0.0.1 run into.
	guesser := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256,
		DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	tokens := map[string]string{}
	for _, u := range []*jixiao.User{filer, finance} {
		b, _ := json.Marshal(map[string]string{"username": u.Username, "password": password})
		resp, err := client.Post(srv.URL+"/api/v1/session", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		var s struct{ Token string }
		json.NewDecoder(resp.Body).Decode(&s)
		resp.Body.Close()
		tokens[u.Username] = s.Token
	}
	pid := draft.Projects[0].ID
	doWith := func(client *http.Client, method, path, token string, body any) (int, []byte, error) {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, srv.URL+path, rd)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	do := func(method, path, token string, body any) (int, []byte, error) {
		return doWith(client, method, path, token, body)
	}
	ops := []op{
		{"search", func(int) (int, []int, error) {
			s, _, err := do("GET", "/api/v1/projects?q=%E5%B0%B1%E4%B8%9A&limit=20", "", nil)
			return s, []int{200}, err
		}},
		{"documents", func(int) (int, []int, error) {
			s, _, err := do("GET", "/api/v1/documents", "", nil)
			return s, []int{200}, err
		}},
		{"page", func(int) (int, []int, error) {
			s, _, err := do("GET", fmt.Sprintf("/documents/%d", liwan.ID), "", nil)
			return s, []int{200}, err
		}},
		{"draft read", func(int) (int, []int, error) {
			s, _, err := do("GET", fmt.Sprintf("/api/v1/documents/%d/workflow", draft.ID), tokens[finance.Username], nil)
			return s, []int{200}, err
		}},
		{"save", func(i int) (int, []int, error) {
			s, b, err := do("GET", fmt.Sprintf("/api/v1/projects/%d", pid), tokens[filer.Username], nil)
			if err != nil || s != 200 {
				return s, []int{200}, err
			}
			var in map[string]any
			json.Unmarshal(b, &in)
			in["goal"] = fmt.Sprintf("压力测试的绩效目标 %d", i)
			s, _, err = do("PUT", fmt.Sprintf("/api/v1/projects/%d", pid), tokens[filer.Username], in)
			return s, []int{200, 409}, err
		}},
		{"bad login", func(i int) (int, []int, error) {
			s, _, err := doWith(guesser, "POST", "/api/v1/session", "", map[string]string{"username": fmt.Sprintf("无此人%d", i), "password": "不对的密码不对的密码"})
			return s, []int{401, 429, 503}, err
		}},
	}
	login := func() (int, error) {
		s, _, err := do("POST", "/api/v1/session", "", map[string]string{"username": filer.Username, "password": password})
		return s, err
	}
	return &load{t: t, st: st, conns: envInt("STRESS_CONNS", 64), ops: ops, pid: pid, login: login}
}

// run runs the workers for d; a status in also counts as an answer (the
// 503 of an outage).
func (l *load) run(d time.Duration, also []int) (total, failed int64, firstErrors map[string]string) {
	deadline := time.Now().Add(d)
	var tot, bad atomic.Int64
	var mu sync.Mutex
	firstErrors = map[string]string{}
	var wg sync.WaitGroup
	for w := range l.conns {
		wg.Go(func() {
			for i := w; time.Now().Before(deadline); i += l.conns {
				o := l.ops[i%len(l.ops)]
				s, ok, err := o.run(i)
				tot.Add(1)
				if err != nil || !containsInt(ok, s) && !containsInt(also, s) {
					bad.Add(1)
					mu.Lock()
					if _, seen := firstErrors[o.name]; !seen {
						firstErrors[o.name] = fmt.Sprintf("status %d err %v", s, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return tot.Load(), bad.Load(), firstErrors
}

// checkConsistent: the draft project's current content is its last
// version, whatever the load did.
func (l *load) checkConsistent() {
	ctx := context.Background()
	wf := l.st.Workflow()
	ps, err := wf.ProjectStatus(ctx, l.pid)
	if err != nil {
		l.t.Fatal(err)
	}
	last, err := wf.ProjectVersion(ctx, l.pid, ps.Version)
	cur, err2 := l.st.Project(ctx, l.pid)
	if err != nil || err2 != nil || last.Goal != cur.Goal {
		l.t.Errorf("project %d: version %d %v, current %v: the last version is not the current content", l.pid, ps.Version, err, err2)
	}
}

// TestRestartUnderLoad (PostgreSQL): the database goes away under load
// (every connection cut, new ones refused) for STRESS_OUTAGE and comes
// back. During the outage every answer is an answer (503, never a hang or
// a 500); the moment it is back a login works, and the rest of the run
// has no error.
func TestRestartUnderLoad(t *testing.T) {
	proxy, dsn := pgtest.StartProxy(t, pgtest.DSN(t, "jixiao_restart"))
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	l := newLoad(t, st)
	d := envDuration("STRESS_DURATION", 10*time.Second)
	if n, bad, errs := l.run(d/3, nil); bad != 0 {
		t.Fatalf("before the outage: %d errors of %d: %v", bad, n, errs)
	}
	proxy.SetDown(true)
	n, bad, errs := l.run(envDuration("STRESS_OUTAGE", 3*time.Second), []int{503})
	t.Logf("during the outage: %d requests, %d not 503 or an expected answer: %v", n, bad, errs)
	if bad != 0 {
		t.Errorf("during the outage %d answers were neither expected nor 503: %v", bad, errs)
	}
	proxy.SetDown(false)
	if s, err := l.login(); s != 200 {
		t.Errorf("login the moment the database is back: %d %v", s, err)
	}
	if n, bad, errs := l.run(d/3, nil); bad != 0 {
		t.Errorf("after the outage: %d errors of %d: %v", bad, n, errs)
	}
	l.checkConsistent()
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// peakRSSMB is the process's VmHWM (Linux), 0 elsewhere.
func peakRSSMB(t *testing.T) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if kb, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")))
			return n >> 10
		}
	}
	return 0
}
