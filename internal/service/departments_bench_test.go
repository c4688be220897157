package service_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/gen"
	"jixiao/internal/service"
	"jixiao/internal/sqlite"
)

// BenchmarkCompareDepartments measures 部门对比 of one body over
// service.MaxComparedTables published tables of 300 projects each on
// SQLite: "cold" with fresh services each time (the first request after a
// change of the data reads every table and scores its self-evaluation),
// "cached" with the same services (every later request of the viewer, and
// every visitor's, until the data changes).
func BenchmarkCompareDepartments(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "compare.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	for i := range service.MaxComparedTables {
		d := gen.Generate(300, int64(500+i))
		d.Agency = fmt.Sprintf("某市第%d区人力资源和社会保障局", i+1)
		d.SourceName, d.Year, d.SHA256 = fmt.Sprintf("compare-%d.md", i), 2024, fmt.Sprintf("%064x", i+1)
		if err := st.SaveDocument(ctx, d, jixiao.Actor(nil)); err != nil {
			b.Fatal(err)
		}
	}
	compare := func(b *testing.B, s *service.Services) {
		v, err := s.Targets.View(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		c, err := v.CompareDepartments(ctx, s.Monitoring, "人力资源和社会保障局", 2024)
		if err != nil || len(c.Rows) != service.MaxComparedTables {
			b.Fatalf("%v, %d rows", err, len(c.Rows))
		}
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			compare(b, service.New(st, eval.Default()))
		}
	})
	b.Run("cached", func(b *testing.B) {
		s := service.New(st, eval.Default())
		compare(b, s)
		for b.Loop() {
			compare(b, s)
		}
	})
}
