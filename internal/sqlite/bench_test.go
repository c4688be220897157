//go:build unix

package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"jixiao"
	"time"

	"jixiao/internal/cputime"
	"jixiao/internal/gen"
)

// BenchmarkSaveDocument stores a generated 10,000-project table (about
// 45,000 indicators) in a new database file: the store's share of an
// import. cpu-s/op is the process's CPU time (user + system) per save,
// steadier than wall time on a shared machine.
//
//	go test -run '^$' -bench SaveDocument -benchtime 3x ./internal/sqlite
func BenchmarkSaveDocument(b *testing.B) {
	doc := gen.Generate(10000, 1)
	dir := b.TempDir()
	ctx := context.Background()
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := Open(ctx, "sqlite:"+filepath.Join(dir, fmt.Sprintf("b%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		doc.ID, doc.SHA256 = 0, fmt.Sprint(i)
		b.StartTimer()
		cpu0 := cputime.Used()
		if err := st.SaveDocument(ctx, doc, jixiao.Actor(nil)); err != nil {
			b.Fatal(err)
		}
		cpu += cputime.Used() - cpu0
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(doc.IndicatorCount()), "indicators")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}
