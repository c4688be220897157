package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/cputime"
)

// BenchmarkForms reads a file of 1,000 one-project forms one after another
// (a department's 部门预算 holds one per project): the real forms of
// testdata/forms that are read whole, repeated. Target: under 2 s of CPU
// for the 1,000 (issue 12).
func BenchmarkForms(b *testing.B) {
	data, n := thousandForms(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cputime.Used()
	for b.Loop() {
		doc, err := Parse("forms.txt", data)
		if err != nil || len(doc.Projects) != n {
			b.Fatalf("%v, %d projects, want %d", err, len(doc.Projects), n)
		}
	}
	if cpu := cputime.Used() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}

// thousandForms joins whole fixture forms until there are 1,000.
func thousandForms(b *testing.B) ([]byte, int) {
	var forms []string
	for _, name := range []string{"01-huangshi-party-school-pipes", "02-wuhan-qingshan-glued", "03-yueyang-county-farmland-cell-per-line",
		"11-xiangtan-sanitation-cells-pipe-tails", "12-nanyue-tourism-poverty-spaces-ascii-ops", "10-wuhan-qingshan-education-two-columns-cell-per-line"} {
		data, err := os.ReadFile(filepath.Join("testdata", "forms", name+".txt"))
		if err != nil {
			b.Fatal(err)
		}
		forms = append(forms, string(dropSourceLine(data)))
	}
	var sb strings.Builder
	for i := range 1000 {
		sb.WriteString(forms[i%len(forms)])
		sb.WriteString("\n")
	}
	return []byte(sb.String()), 1000
}
