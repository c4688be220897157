package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/importer"
	"jixiao/internal/server"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

// The samples, as in testdata/ at the module root.
const (
	liwanFile = "liwan-hrss-bureau-2024.md"
	huaduFile = "huadu-employment-center-2024.txt"
)

func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixture is a real SQLite store behind the real server (middleware and
// all) with the pages mounted, holding the named samples.
type fixture struct {
	store   jixiao.Store
	handler http.Handler
	docs    map[string]*jixiao.Document // by sample file name
	// sessions holds a session token per role, once f.as logged one in.
	sessions map[jixiao.Role]string
	// opts are the pages' options in the browser tests' server.
	opts web.Options
}

func newFixture(t testing.TB, samples ...string) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{store: st, docs: map[string]*jixiao.Document{}}
	for _, name := range samples {
		doc, err := importer.Import(ctx, st, name, sample(t, name), importer.Options{})
		if err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
		f.docs[name] = doc
	}
	pages, err := web.New(st, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.handler = server.New(server.Config{Store: st, Pages: pages, Logger: log}).Handler()
	return f
}

// get requests path and returns the response with its body read.
func (f *fixture) get(t testing.TB, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return f.do(t, req)
}

func (f *fixture) do(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}
