package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao/internal/sqlite"
)

// These tests put handlers of their own behind CachePages, over a real
// store's data generation, for what no page of the site does to a
// visitor today: set a cookie, print a CSRF token, take long.

func generations(t *testing.T) Generations {
	t.Helper()
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "gen.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// counting is a page at every path that counts its renderings and lets
// write shape the answer.
type counting struct {
	n     atomic.Int64
	write func(w http.ResponseWriter, r *http.Request)
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := c.n.Add(1)
	if c.write != nil {
		c.write(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<p>rendering %d of %s</p>", n, r.URL.Path)
}

func visit(h http.Handler, path string) (*http.Response, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// TestPageCacheKeepsNothingPersonal: a page that sets a cookie, carries
// a CSRF token (as a form field or htmx's header name), says no-store or
// private, or varies by a header the key does not hold, is rendered for
// every visitor, and each gets that page as it was rendered.
func TestPageCacheKeepsNothingPersonal(t *testing.T) {
	gens := generations(t)
	cases := map[string]func(w http.ResponseWriter, r *http.Request){
		"Set-Cookie": func(w http.ResponseWriter, r *http.Request) {
			http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"})
			io.WriteString(w, "<p>cookie</p>")
		},
		"CSRF field": func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `<form><input type="hidden" name="csrf_token" value="abc"></form>`)
		},
		"CSRF header": func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `<body hx-headers='{"X-CSRF-Token":"abc"}'></body>`)
		},
		"CSRF gzipped": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gzipped([]byte(`<input name="csrf_token" value="abc">`), 1))
		},
		"no-store": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			io.WriteString(w, "<p>secret</p>")
		},
		"private": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "private, max-age=0")
			io.WriteString(w, "<p>mine</p>")
		},
		"Vary: Cookie": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Vary", "Cookie")
			io.WriteString(w, "<p>by cookie</p>")
		},
		"404": func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "未找到", http.StatusNotFound)
		},
	}
	for name, write := range cases {
		t.Run(name, func(t *testing.T) {
			page := &counting{write: write}
			h := CachePages(page, gens, 0)
			for i := range 3 {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/documents/1", nil))
				want := httptest.NewRecorder()
				write(want, httptest.NewRequest(http.MethodGet, "/documents/1", nil))
				if rec.Code != want.Code || rec.Body.String() != want.Body.String() {
					t.Errorf("visit %d: %d %q, want the page as rendered: %d %q", i+1, rec.Code, rec.Body, want.Code, want.Body)
				}
				if rec.Header().Get("ETag") != "" {
					t.Errorf("visit %d: ETag %s on a page not kept", i+1, rec.Header().Get("ETag"))
				}
			}
			if n := page.n.Load(); n != 3 {
				t.Errorf("3 visits rendered the page %d times, want 3", n)
			}
		})
	}
}

// TestPageCacheColdVisitsCoalesced: visitors who arrive together at a
// cold page wait for one rendering, and each gets it.
func TestPageCacheColdVisitsCoalesced(t *testing.T) {
	release := make(chan struct{})
	page := &counting{}
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		page.ServeHTTP(w, r)
	})
	h := CachePages(slow, generations(t), 0)
	const visitors = 16
	var wg sync.WaitGroup
	bodies := make([]string, visitors)
	for i := range visitors {
		wg.Go(func() { _, bodies[i] = visit(h, "/search?q=就业") })
	}
	time.Sleep(200 * time.Millisecond) // let them all arrive
	close(release)
	wg.Wait()
	if n := page.n.Load(); n != 1 {
		t.Errorf("%d visitors at once rendered the page %d times, want 1", visitors, n)
	}
	for i, b := range bodies {
		if !strings.Contains(b, "rendering 1 of /search") {
			t.Errorf("visitor %d got %q", i, b)
		}
	}
}

// TestPageCacheCancelledFill: a visitor who leaves while the page is
// rendered still leaves it in the cache for the next.
func TestPageCacheCancelledFill(t *testing.T) {
	rendering, finished := make(chan struct{}), make(chan struct{})
	page := &counting{}
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(rendering)
		<-finished
		if r.Context().Err() != nil {
			http.Error(w, "cancelled", http.StatusServiceUnavailable)
			return
		}
		page.ServeHTTP(w, r)
	})
	h := CachePages(slow, generations(t), 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx))
		close(done)
	}()
	<-rendering
	cancel()
	close(finished)
	<-done
	res, body := visit(h, "/")
	if res.StatusCode != http.StatusOK || body != "<p>rendering 1 of /</p>" {
		t.Errorf("the visit after a cancelled one: %d %q, want the page it rendered", res.StatusCode, body)
	}
	if n := page.n.Load(); n != 1 {
		t.Errorf("rendered %d times, want 1", n)
	}
}

// TestPageCacheBounded: the cache holds no more than its bytes, dropping
// the least recently used page first.
func TestPageCacheBounded(t *testing.T) {
	page := &counting{write: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(make([]byte, 10<<10))
	}}
	// Room for three 10 KiB pages: maxEntry is an eighth of the bytes.
	h := CachePages(page, generations(t), 36<<10+3*pageEntryOverhead+100).(*pageCache)
	h.maxEntry = 16 << 10
	for _, p := range []string{"/projects/1", "/projects/2", "/projects/3", "/projects/1", "/projects/4"} {
		visit(h, p)
	}
	if n := page.n.Load(); n != 4 {
		t.Fatalf("4 pages and one again rendered %d times, want 4", n)
	}
	visit(h, "/projects/1") // used most recently but one: still kept
	if n := page.n.Load(); n != 4 {
		t.Errorf("the page used before the last was dropped (renderings %d, want 4)", n)
	}
	visit(h, "/projects/2") // the least recently used: dropped for 4
	if n := page.n.Load(); n != 5 {
		t.Errorf("the least recently used page was kept (renderings %d, want 5)", n)
	}
	if h.size > h.maxBytes {
		t.Errorf("cache holds %d bytes, over its %d", h.size, h.maxBytes)
	}
}

// TestPageCacheReplaysHeaders: an answer from the cache carries the
// headers the page set, and the middleware's own (a request id) as set
// for this request, not the one that filled it.
func TestPageCacheReplaysHeaders(t *testing.T) {
	page := &counting{write: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Language", "zh-CN")
		w.Header().Set("Vary", "HX-Request, Accept-Encoding")
		io.WriteString(w, "<p>页面</p>")
	}}
	cached := CachePages(page, generations(t), 0)
	var id atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", fmt.Sprint(id.Add(1)))
		cached.ServeHTTP(w, r)
	})
	visit(h, "/compare")
	res, body := visit(h, "/compare")
	if page.n.Load() != 1 {
		t.Fatalf("two visits rendered %d times, want 1", page.n.Load())
	}
	for k, want := range map[string]string{"Content-Language": "zh-CN", "Content-Type": "text/html; charset=utf-8",
		"Vary": "HX-Request, Accept-Encoding", "X-Request-Id": "2", "Content-Length": fmt.Sprint(len(body))} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("from the cache: %s %q, want %q", k, got, want)
		}
	}
}
