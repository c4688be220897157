package check

import (
	"testing"

	"jixiao/internal/cputime"
	"jixiao/internal/gen"
)

// BenchmarkRun checks a generated 10,000-project department table (about
// 45,000 indicators over 40 units). The speed goal is well under a second.
// On a shared machine wall time says little, so the benchmark also reports
// the process CPU time per check (cpu-ms/op, where the OS tells it).
func BenchmarkRun(b *testing.B) {
	doc := gen.Generate(10000, 1)
	b.ReportAllocs()
	var n int
	start := cputime.Used()
	for b.Loop() {
		n = len(Run(doc))
	}
	if cpu := cputime.Used() - start; cpu > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	b.ReportMetric(float64(n), "findings")
	b.ReportMetric(float64(doc.IndicatorCount()), "indicators")
}

// BenchmarkSummarize is the summary the pages chart, after Run.
func BenchmarkSummarize(b *testing.B) {
	doc := gen.Generate(10000, 1)
	fs := Run(doc)
	b.ReportAllocs()
	for b.Loop() {
		Summarize(doc, fs)
	}
}
