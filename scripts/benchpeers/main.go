// Command benchpeers measures the peer groups (标杆值, issue 17 item 2) on
// a store of about -indicators indicators: it fills the store (once; an
// existing fill is kept) with generated published tables (internal/gen:
// the six planted districts of gen.Peers, then departments of -projects
// projects each), then times one build of the groups from the store
// (service.Peers, streamed from PeerProjects) with the heap it holds,
// and the 指标库 pages served from the built groups (the pages' handler,
// no network) over -repeat requests each.
//
//	go run ./scripts/benchpeers -db 'postgres://postgres@127.0.0.1:5432/jixiao_peers?sslmode=disable' -indicators 1000000
//
// It is a measurement, not a test: BENCHMARKS.md keeps its figures.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/gen"
	"jixiao/internal/postgres"
	"jixiao/internal/service"
	"jixiao/internal/sqlite"
	"jixiao/internal/web"
)

func main() {
	log.SetFlags(0)
	dsn := flag.String("db", "", "store: postgres://… or sqlite:PATH")
	target := flag.Int("indicators", 1_000_000, "indicators to have in the store")
	projects := flag.Int("projects", 2000, "projects per generated department")
	repeat := flag.Int("repeat", 200, "requests per page")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	st, err := open(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	n, err := fill(ctx, st, *target, *projects)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("store: %d indicators\n", n)

	svc := service.New(st, eval.Default())
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	peers, err := svc.Peers.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	took := time.Since(start)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	values := 0
	for _, g := range peers.Targets {
		values += len(g.Values)
	}
	fmt.Printf("peer grouping: %v for %d target groups (%d values), %d cost groups; heap held %.0f MiB\n",
		took.Round(time.Millisecond), len(peers.Targets), values, len(peers.Costs),
		float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
	runtime.KeepAlive(peers)

	pages, err := web.New(svc, auth.NewManager(st.Workflow()), web.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, path := range []string{
		"/library/group?" + url.Values{"name": {"满意度"}, "unit": {"%"}}.Encode(),
		"/library/group?" + url.Values{"name": {"职业技能培训人数"}, "unit": {"人"}}.Encode(),
		"/library?q=" + url.QueryEscape("满意"),
		"/library",
	} {
		if err := measure(pages, path, *repeat); err != nil {
			log.Fatal(err)
		}
	}
}

func open(ctx context.Context, dsn string) (service.Store, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"):
		return postgres.Open(ctx, dsn)
	case strings.HasPrefix(dsn, "sqlite:"):
		return sqlite.Open(ctx, dsn)
	}
	return nil, fmt.Errorf("benchpeers: -db must be postgres://… or sqlite:PATH")
}

// fill saves generated published tables until the store holds target
// indicators, and returns how many it holds.
func fill(ctx context.Context, st service.Store, target, projects int) (int, error) {
	n, err := count(ctx, st)
	if err != nil || n >= target {
		return n, err
	}
	if n == 0 {
		for _, d := range gen.Peers(120, 100).Docs {
			if err := st.SaveDocument(ctx, d, jixiao.Actor(nil)); err != nil {
				return 0, err
			}
		}
	}
	for seed := int64(1000); ; seed++ {
		if n, err = count(ctx, st); err != nil || n >= target {
			return n, err
		}
		d := gen.Generate(projects, seed)
		d.Agency = fmt.Sprintf("某市第%d区人力资源和社会保障局", seed)
		d.SourceName = fmt.Sprintf("bench-peers-%d.md", seed)
		d.SHA256, d.ContentSHA256 = d.SourceName, d.ContentHash()
		start := time.Now()
		if err := st.SaveDocument(ctx, d, jixiao.Actor(nil)); err != nil && !strings.Contains(err.Error(), "already") {
			return 0, err
		}
		log.Printf("saved %s (%d projects) in %v; %d indicators before", d.SourceName, projects, time.Since(start).Round(time.Millisecond), n)
	}
}

// count is how many indicators the store holds.
func count(ctx context.Context, st service.Store) (int, error) {
	var db *sql.DB
	switch s := st.(type) {
	case *postgres.Store:
		db = s.DB
	case *sqlite.Store:
		db = s.DB
	default:
		return 0, fmt.Errorf("benchpeers: %T is no SQL store", st)
	}
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM indicators`).Scan(&n)
	return n, err
}

// measure requests path repeat times after one warm-up and prints the
// median and the 95th percentile.
func measure(h http.Handler, path string, repeat int) error {
	var times []time.Duration
	for i := range repeat + 1 {
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			return fmt.Errorf("%s: %d", path, rec.Code)
		}
		if i > 0 {
			times = append(times, time.Since(start))
		}
	}
	slices.Sort(times)
	p, _ := url.QueryUnescape(path)
	fmt.Printf("%-40s p50 %v  p95 %v\n", p, times[len(times)/2].Round(10*time.Microsecond), times[len(times)*95/100].Round(10*time.Microsecond))
	return nil
}
