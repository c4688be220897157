package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/server"
	"jixiao/internal/sqlite"
)

// visitor reads a server anonymously, as the response cache serves it.
type visitor struct {
	t    *testing.T
	base string
}

// get returns the status, body and ETag of an anonymous GET (checked
// against the OpenAPI document); etag, when not empty, is sent as
// If-None-Match.
func (v visitor) get(path, etag string) (int, string, string) {
	v.t.Helper()
	var h http.Header
	if etag != "" {
		h = http.Header{"If-None-Match": {etag}}
	}
	a := (&client{t: v.t, base: v.base}).doWith(http.MethodGet, path, "", nil, h)
	return a.status, string(a.body), a.header.Get("ETag")
}

// want checks an anonymous GET's status and, when not empty, that the body
// contains (or, with a leading "!", lacks) a string.
func (v visitor) want(path string, status int, contains string) string {
	v.t.Helper()
	s, body, _ := v.get(path, "")
	if s != status {
		v.t.Errorf("anonymous GET %s: %d, want %d (%.200s)", path, s, status, body)
	}
	if lacks, ok := strings.CutPrefix(contains, "!"); ok && strings.Contains(body, lacks) {
		v.t.Errorf("anonymous GET %s shows %q", path, lacks)
	} else if !ok && contains != "" && !strings.Contains(body, contains) {
		v.t.Errorf("anonymous GET %s lacks %q: %.300s", path, contains, body)
	}
	return body
}

// TestCacheFollowsWrites: every kind of write — a project saved and its
// document published, a delete, an upload — shows on the next anonymous
// read through the same server, and a draft never reaches a visitor
// through an answer cached for someone who may see it.
func TestCacheFollowsWrites(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		cacheFollowsWrites(t, f, visitor{t, f.base})
	})
}

// TestCacheTwoServers: the same with the writes through one server and
// the reads through another on the same PostgreSQL database.
func TestCacheTwoServers(t *testing.T) {
	dsn := pgtest.DSN(t, "jixiao_cache")
	a, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	b, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	f := newWFFixture(t, a)
	other := httptest.NewServer(serve(b, server.Config{Logger: discardLogger()}).Handler())
	t.Cleanup(other.Close)
	cacheFollowsWrites(t, f, visitor{t, other.URL})
}

func cacheFollowsWrites(t *testing.T, f *wfFixture, v visitor) {
	tok := f.tokens
	src := f.source.Projects[0]
	srcPath := fmt.Sprintf("/api/v1/projects/%d", src.ID)

	// A cached answer: the same bytes and ETag again, 304 for that ETag.
	_, first, etag := v.get(srcPath, "")
	s, again, etag2 := v.get(srcPath, "")
	if s != 200 || etag == "" || etag2 != etag || again != first {
		t.Fatalf("second read: %d, ETag %q then %q, same body %v", s, etag, etag2, again == first)
	}
	if s, body, _ := v.get(srcPath, etag); s != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match with the ETag: %d %q, want 304", s, body)
	}

	// A draft, read first by its reviewer (answers that are never cached)
	// and then by a visitor, who must not see it.
	s, body := f.call("POST", fmt.Sprintf("/api/v1/documents/%d/drafts", f.source.ID), tok["dept"], map[string]any{"year": 2025})
	if s != 201 {
		t.Fatalf("draft: %d %s", s, body)
	}
	d := decodeTo[jixiao.Document](t, body)
	p := d.Projects[0]
	path := fmt.Sprintf("/api/v1/projects/%d", p.ID)
	listed := fmt.Sprintf(`"id":%d,`, d.ID)
	for _, who := range []string{"dept", "finance"} {
		if a := (&client{t: t, base: v.base, token: tok[who]}).get("/api/v1/documents"); !strings.Contains(string(a.body), listed) {
			t.Fatalf("%s does not see the draft: %s", who, a.body)
		}
	}
	v.want("/api/v1/documents", 200, "!"+listed)
	v.want(path, 404, "")
	v.want(fmt.Sprintf("/api/v1/projects?document=%d", d.ID), 404, "没有编号为")

	// A project saved, then the document published: the visitor sees both.
	in := f.projectJSON(p.ID, 1)
	in["goal"] = "缓存测试：保存后的新目标"
	if s, body := f.call("PUT", path, tok["filer"], in); s != 200 {
		t.Fatalf("save: %d %s", s, body)
	}
	v.want(path, 404, "")
	for _, q := range d.Projects {
		f.walk(q.ID, jixiao.ActionSubmit, jixiao.ActionDeptApprove, jixiao.ActionFinanceApprove)
	}
	if s, body := f.call("POST", fmt.Sprintf("/api/v1/documents/%d/transitions", d.ID), tok["finance"], map[string]any{"action": "publish"}); s != 200 {
		t.Fatalf("publish: %d %s", s, body)
	}
	v.want(path, 200, "缓存测试：保存后的新目标")
	v.want("/api/v1/documents", 200, listed)

	// A delete.
	v.want(srcPath, 200, "")
	if s, body := f.call("DELETE", fmt.Sprintf("/api/v1/documents/%d", f.source.ID), tok["admin"], nil); s != 204 {
		t.Fatalf("delete: %d %s", s, body)
	}
	v.want(srcPath, 404, "")
	v.want("/api/v1/projects?q="+urlq("就业"), 200, "")

	// An upload.
	v.want("/api/v1/documents", 200, "!"+samples[0])
	admin := &client{t: t, base: f.base, token: tok["admin"]}
	up := importSample(t, admin, samples[0])
	v.want("/api/v1/documents", 200, fmt.Sprintf(`"id":%d,`, up.ID))
	v.want(fmt.Sprintf("/api/v1/projects/%d", up.Projects[0].ID), 200, up.Projects[0].Name)
}

// TestCacheOff: with the cache off (and for signed-in users) answers
// carry no ETag and come from the handlers; with it on, anonymous ones do.
func TestCacheOff(t *testing.T) {
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "off.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, c := range []struct {
		name  string
		bytes int64
		etag  bool
	}{{"off", -1, false}, {"default", 0, true}} {
		srv := httptest.NewServer(serve(st, server.Config{APICacheBytes: c.bytes, Logger: discardLogger()}).Handler())
		defer srv.Close()
		_, _, etag := visitor{t, srv.URL}.get("/api/v1/documents", "")
		if (etag != "") != c.etag {
			t.Errorf("cache %s: ETag %q", c.name, etag)
		}
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/documents", nil)
		req.Header.Set("Authorization", "Bearer not-a-session")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("ETag") != "" {
			t.Errorf("cache %s: a request with a token got a cached answer (%d)", c.name, resp.StatusCode)
		}
	}
}
