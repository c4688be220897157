package web_test

import (
	"context"
	"io"
	"jixiao/internal/auth"
	jeval "jixiao/internal/eval"
	"jixiao/internal/service"
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
	store   service.Store
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
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := siteServer(st, web.Options{}, server.Config{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	f.handler = srv.Handler()
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

// siteServer is the server with the pages over st, as cmd/jixiao builds
// it: the services with the default scoring and one session manager.
func siteServer(st service.Store, opts web.Options, cfg server.Config) (*server.Server, error) {
	cfg.Store, cfg.Services, cfg.Auth = st, service.New(st, jeval.Default()), auth.NewManager(st.Workflow())
	pages, err := web.New(cfg.Services, cfg.Auth, opts)
	if err != nil {
		return nil, err
	}
	cfg.Pages = pages
	return server.New(cfg), nil
}
