package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/gen"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
)

// BenchmarkCorpus loads a generated corpus (JIXIAO_BENCH_DOCS documents,
// default 1,000, of 55 projects each: about 55,000 projects and 250,000
// indicators) into each store with "jixiao import DIR", then times searches
// over it: the first page (50) of indicators and of projects matching 满意度
// and 培训, and the facet counts over all indicators matching them.
// PostgreSQL runs when JIXIAO_TEST_POSTGRES is set.
//
//	JIXIAO_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	  go test -run '^$' -bench Corpus -benchtime 1x -timeout 60m ./cmd/jixiao
func BenchmarkCorpus(b *testing.B) {
	docs := 1000
	if v := os.Getenv("JIXIAO_BENCH_DOCS"); v != "" {
		docs, _ = strconv.Atoi(v)
	}
	dir := b.TempDir()
	corpus := filepath.Join(dir, "corpus")
	os.Mkdir(corpus, 0o755)
	for i := range docs {
		name := filepath.Join(corpus, fmt.Sprintf("doc%04d.md", i))
		if err := os.WriteFile(name, gen.Bytes(55, gen.Markdown, int64(i+1)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("sqlite", func(b *testing.B) { benchCorpus(b, "sqlite:"+filepath.Join(b.TempDir(), "corpus.db"), corpus) })
	b.Run("postgres", func(b *testing.B) { benchCorpus(b, pgtest.DSN(b, "jixiao_bench"), corpus) })
}

func benchCorpus(b *testing.B, dsn, corpus string) {
	for i := 0; i < b.N; i++ {
		start := time.Now()
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
		if code := run([]string{"import", "--db", dsn, corpus}, e); code == exitBadInput {
			b.Fatalf("import: exit %d", code)
		}
		b.ReportMetric(time.Since(start).Seconds(), "import-s")
	}
	ctx := context.Background()
	st, err := openStore(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if pg, ok := st.(*postgres.Store); ok {
		// What autovacuum does within a minute of a bulk load: statistics
		// for the planner, GIN pending lists merged. Without it the first
		// searches plan sequential scans.
		if _, err := pg.DB.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	facets, err := st.IndicatorFacets(ctx, jixiao.IndicatorQuery{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(sum(facets["kind"])), "indicators")
	for _, q := range []string{"满意度", "培训"} {
		b.ReportMetric(median(b, func() error {
			_, err := st.Indicators(ctx, jixiao.IndicatorQuery{Q: q, Limit: 50})
			return err
		}), "ms-indicators-"+q)
		b.ReportMetric(median(b, func() error {
			_, err := st.Projects(ctx, jixiao.ProjectQuery{Q: q, Limit: 50})
			return err
		}), "ms-projects-"+q)
		var n int
		b.ReportMetric(median(b, func() error {
			f, err := st.IndicatorFacets(ctx, jixiao.IndicatorQuery{Q: q})
			n = sum(f["kind"])
			return err
		}), "ms-facets-"+q)
		b.ReportMetric(float64(n), "matches-"+q)
	}
}

func sum(cs []jixiao.FacetCount) int {
	n := 0
	for _, c := range cs {
		n += c.Count
	}
	return n
}

// median runs f 15 times and returns its median duration in milliseconds.
func median(b *testing.B, f func() error) float64 {
	var ds []float64
	for range 15 {
		start := time.Now()
		if err := f(); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, float64(time.Since(start).Microseconds())/1000)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}
