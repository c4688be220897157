package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	jeval "jixiao/internal/eval"
	"jixiao/internal/importer"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/server"
	"jixiao/internal/service"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

// cachedSite is the server as cmd/jixiao builds it, page cache and all,
// with the pages' handler counting the requests that reach it: a request
// the cache answers never does.
type cachedSite struct {
	store    service.Store
	handler  http.Handler
	rendered atomic.Int64
}

func newCachedSite(t *testing.T, st service.Store, cacheBytes int64) *cachedSite {
	t.Helper()
	cs := &cachedSite{store: st}
	svc, m := service.New(st, jeval.Default()), auth.NewManager(st.Workflow())
	pages, err := web.New(svc, m, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.rendered.Add(1)
		pages.ServeHTTP(w, r)
	})
	cs.handler = server.New(server.Config{Store: st, Services: svc, Auth: m, Pages: counted,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PageCacheBytes: cacheBytes}).Handler()
	return cs
}

// get answers a GET of path with the header pairs given.
func (cs *cachedSite) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	cs.handler.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// wantRendered checks how many requests reached the pages so far.
func (cs *cachedSite) wantRendered(t *testing.T, want int64, after string) {
	t.Helper()
	if got := cs.rendered.Load(); got != want {
		t.Errorf("after %s the pages rendered %d times, want %d", after, got, want)
	}
}

// eachPageStore runs f on a fresh store of each engine: SQLite always,
// PostgreSQL when JIXIAO_TEST_POSTGRES names a server.
func eachPageStore(t *testing.T, f func(t *testing.T, st service.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "web.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(pgtest.EnvVar) == "" {
			t.Skipf("set %s to run this on PostgreSQL too", pgtest.EnvVar)
		}
		st, err := postgres.Open(context.Background(), pgtest.DSN(t, "jixiao_pagecache"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f(t, st)
	})
}

func importSample(t *testing.T, st service.Store, name string) *jixiao.Document {
	t.Helper()
	doc, err := importer.Import(t.Context(), st, name, sample(t, name), importer.Options{})
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return doc
}

// TestPageCacheVisitor: a visitor's second GET of a page is answered
// from the cache, byte for byte the first; an import elsewhere (the CLI,
// straight into the store) shows on the next GET, and so does a delete;
// If-None-Match with the ETag answers 304 without rendering.
func TestPageCacheVisitor(t *testing.T) {
	eachPageStore(t, func(t *testing.T, st service.Store) {
		liwan := importSample(t, st, liwanFile)
		cs := newCachedSite(t, st, 0)
		paths := []string{"/", "/search?q=" + "就业", fmt.Sprintf("/documents/%d", liwan.ID),
			fmt.Sprintf("/projects/%d", liwan.Projects[0].ID)}
		first := map[string]string{}
		for _, p := range paths {
			res, body := cs.get(t, p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", p, res.StatusCode)
			}
			first[p] = body
		}
		cs.wantRendered(t, int64(len(paths)), "the first visit of each page")
		etags := map[string]string{}
		for _, p := range paths {
			res, body := cs.get(t, p)
			if res.StatusCode != http.StatusOK || body != first[p] {
				t.Errorf("second GET %s: %d, same page %v", p, res.StatusCode, body == first[p])
			}
			if etags[p] = res.Header.Get("ETag"); etags[p] == "" {
				t.Errorf("second GET %s: no ETag", p)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("second GET %s: Content-Type %q", p, ct)
			}
		}
		cs.wantRendered(t, int64(len(paths)), "the second visit of each page")
		for _, p := range paths {
			res, body := cs.get(t, p, "If-None-Match", etags[p])
			if res.StatusCode != http.StatusNotModified || body != "" {
				t.Errorf("GET %s with its ETag: %d with %d bytes, want 304 and none", p, res.StatusCode, len(body))
			}
		}
		cs.wantRendered(t, int64(len(paths)), "the visits with the ETag")

		const huaduAgency = "广州市花都区劳动就业服务管理中心"
		if strings.Contains(first["/"], huaduAgency) {
			t.Fatalf("home page names %s before it is imported", huaduAgency)
		}
		importSample(t, st, huaduFile)
		res, body := cs.get(t, "/", "If-None-Match", etags["/"])
		if res.StatusCode != http.StatusOK || !strings.Contains(body, huaduAgency) {
			t.Errorf("home page after an import: %d, names the new table %v", res.StatusCode, strings.Contains(body, huaduAgency))
		}
		if res.Header.Get("ETag") == etags["/"] {
			t.Errorf("home page after an import keeps its ETag %s", etags["/"])
		}
		cs.wantRendered(t, int64(len(paths))+1, "the home page after an import")
		if _, again := cs.get(t, "/"); again != body {
			t.Error("home page after an import: the second visit differs from the first")
		}
		cs.wantRendered(t, int64(len(paths))+1, "the home page again after the import")

		// A table deleted is gone for the next visitor, whatever the cache held.
		doc := fmt.Sprintf("/documents/%d", liwan.ID)
		if err := st.DeleteDocument(t.Context(), liwan.ID, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		if res, _ := cs.get(t, doc, "If-None-Match", etags[doc]); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s after its table is deleted: %d, want 404", doc, res.StatusCode)
		}
	})
}

// TestPageCacheSignedIn: a signed-in user's page is rendered every time,
// never served from what a visitor left in the cache nor kept for one;
// a stale session cookie too is answered fresh.
func TestPageCacheSignedIn(t *testing.T) {
	eachPageStore(t, func(t *testing.T, st service.Store) {
		liwan := importSample(t, st, liwanFile)
		cs := newCachedSite(t, st, 0)
		token := loginPageUser(t, cs, st)
		cookie := auth.CookieName + "=" + token
		cs.rendered.Store(0) // not the login page's POST
		page := fmt.Sprintf("/documents/%d", liwan.ID)
		cs.get(t, page)
		cs.get(t, page)
		cs.wantRendered(t, 1, "two visits")
		for i := range 2 {
			res, body := cs.get(t, page, "Cookie", cookie)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, liwan.Agency) {
				t.Fatalf("signed-in GET %s: %d", page, res.StatusCode)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("signed-in GET %s: Cache-Control %q, want no-store", page, cc)
			}
			cs.wantRendered(t, int64(2+i), fmt.Sprintf("signed-in visit %d", i+1))
		}
		res, _ := cs.get(t, page, "Cookie", auth.CookieName+"=stale-token")
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s with a stale cookie: %d", page, res.StatusCode)
		}
		cs.wantRendered(t, 4, "a visit with a stale session cookie")
		cs.get(t, page)
		cs.wantRendered(t, 4, "a visitor after the signed-in visits")
	})
}

// loginPageUser creates a finance reviewer and logs in through POST
// /login; it returns the session token.
func loginPageUser(t *testing.T, cs *cachedSite, st service.Store) string {
	t.Helper()
	u := &jixiao.User{Username: "缓存测试", Role: jixiao.RoleFinanceReviewer}
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Workflow().CreateUser(t.Context(), u, hash, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/login",
		strings.NewReader(url.Values{"username": {u.Username}, "password": {wfPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	cs.handler.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName && c.Value != "" {
			return c.Value
		}
	}
	t.Fatalf("login: %d, no session cookie", rec.Code)
	return ""
}

// TestPageCacheLeavesOut: a missing page (404), a page with a banner,
// a page not for visitors and a page of another encoding are rendered
// each time or kept apart; with the cache off every visit renders.
func TestPageCacheLeavesOut(t *testing.T) {
	eachPageStore(t, func(t *testing.T, st service.Store) {
		liwan := importSample(t, st, liwanFile)
		cs := newCachedSite(t, st, 0)
		doc := fmt.Sprintf("/documents/%d", liwan.ID)
		n := int64(0)
		for _, p := range []string{"/documents/999999", doc + "?msg=published", "/login", "/static/app.css"} {
			for range 2 {
				cs.get(t, p)
			}
			n += 2 // the assets are the pages' handler's too, and not this cache's
			cs.wantRendered(t, n, "two visits of "+p)
		}
		plain, _ := cs.get(t, doc)
		zipped, _ := cs.get(t, doc, "Accept-Encoding", "gzip")
		if plain.Header.Get("Content-Encoding") != "" || zipped.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("plain and gzip visits: Content-Encoding %q and %q", plain.Header.Get("Content-Encoding"), zipped.Header.Get("Content-Encoding"))
		}
		cs.wantRendered(t, n+2, "a plain and a gzip visit")

		off := newCachedSite(t, st, -1)
		for range 2 {
			off.get(t, doc)
		}
		off.wantRendered(t, 2, "two visits with the cache off")
	})
}

// TestPageCacheHTMXTarget: the search page answers the search box
// (HX-Target: results) with its results block and any other htmx request
// whole; a visitor asking the one way first must not poison the other's
// answer, in either order (both engines).
func TestPageCacheHTMXTarget(t *testing.T) {
	eachPageStore(t, func(t *testing.T, st service.Store) {
		importSample(t, st, liwanFile)
		for _, order := range [][2]string{{"", "results"}, {"results", ""}} {
			cs := newCachedSite(t, st, 0)
			path := "/search?q=" + url.QueryEscape("就业")
			bodies := map[string]string{}
			for _, target := range order {
				h := []string{"HX-Request", "true"}
				if target != "" {
					h = append(h, "HX-Target", target)
				}
				_, bodies[target] = cs.get(t, path, h...)
			}
			if whole, block := bodies[""], bodies["results"]; !strings.Contains(whole, "<html") || strings.Contains(block, "<html") || block == "" {
				t.Errorf("asked %q first: the whole page has <html> %v, the results block %v (%d bytes)",
					order[0], strings.Contains(whole, "<html"), strings.Contains(block, "<html"), len(block))
			}
		}
	})
}
