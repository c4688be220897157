package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"jixiao/internal/postgres"
	"jixiao/internal/server"
	"jixiao/internal/service"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

// BenchmarkStorePath serves each path of JIXIAO_BENCH_PATHS (comma
// separated) through the whole server, API cache off, from the store
// JIXIAO_BENCH_DB (sqlite:FILE or postgres://…), such as the one
// scripts/bench-scale.sh leaves: one request at a time, no network, so
// that a build's cost per request shows apart from the machine's load.
//
//	JIXIAO_BENCH_DB=sqlite:/tmp/jixiao-scale/scale.db JIXIAO_BENCH_PATHS='/search?q=%E5%B0%B1%E4%B8%9A' \
//	    go test ./internal/web -run '^$' -bench StorePath -benchtime 100x
func BenchmarkStorePath(b *testing.B) {
	dsn := os.Getenv("JIXIAO_BENCH_DB")
	if dsn == "" {
		b.Skip("JIXIAO_BENCH_DB names no store")
	}
	var st service.Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") {
		st, err = postgres.Open(context.Background(), dsn)
	} else {
		st, err = sqlite.Open(context.Background(), dsn)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	srv, err := siteServer(st, web.Options{}, server.Config{APICacheBytes: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	for _, path := range strings.Split(os.Getenv("JIXIAO_BENCH_PATHS"), ",") {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d", path, rec.Code)
				}
			}
		})
	}
}
