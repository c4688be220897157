package web_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"jixiao"
	"jixiao/internal/server"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

// downStore is a real store whose reads fail as when the database is
// down, or as when the disk is full.
type downStore struct {
	*sqlite.Store
	err error
}

func (d downStore) Documents(context.Context) ([]jixiao.DocumentSummary, error) { return nil, d.err }

// TestOutagePage: a database outage or a full disk was a bare 500 page;
// now it is a 503 in Chinese saying the service is temporarily
// unavailable and nothing was stored, with Retry-After, and the same from
// the API.
func TestOutagePage(t *testing.T) {
	st, err := sqlite.Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, cause := range []error{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED},
		errorString("failed to connect to `host=127.0.0.1 user=postgres`: dial error"), errorString("database or disk is full (13)")} {
		ds := downStore{st, cause}
		srv, err := siteServer(ds, web.Options{}, server.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		h := srv.Handler()
		for _, path := range []string{"/", "/api/v1/documents"} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			body := w.Body.String()
			if w.Code != 503 || w.Header().Get("Retry-After") == "" || !strings.Contains(body, "暂时不可用") || !strings.Contains(body, "没有保存") {
				t.Errorf("%v %s: %d %q (Retry-After %q)", cause, path, w.Code, body[:min(len(body), 200)], w.Header().Get("Retry-After"))
			}
		}
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
