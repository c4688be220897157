//go:build unix

package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/cputime"
	"jixiao/internal/gen"
)

// indicatorCSVCols are the columns of the export's indicators table, the
// rows the sqlite3 shell loads in the comparison.
var indicatorCSVCols = []string{"document", "project_seq", "unit", "project", "seq", "level1_code", "level1",
	"level2_code", "level2", "name", "period_target", "annual_target", "period_op", "period_value", "period_unit",
	"annual_op", "annual_value", "annual_unit"}

func writeIndicatorCSV(b *testing.B, path string, doc *jixiao.Document) int {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write(indicatorCSVCols)
	n := 0
	for _, p := range doc.Projects {
		for _, in := range p.Indicators {
			w.Write([]string{"1", strconv.Itoa(p.Seq), p.Unit, p.Name, strconv.Itoa(in.Seq), in.Level1Code, in.Level1,
				in.Level2Code, in.Level2, in.Name, in.Period.Text, in.Annual.Text, string(in.Period.Op), in.Period.Value,
				in.Period.Unit, string(in.Annual.Op), in.Annual.Value, in.Annual.Unit})
			n++
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkImportVsSQLiteShell times, side by side in one run, a whole
// "jixiao import" (read, check, store in a new SQLite file) of a generated
// 10,000-project markdown table and the sqlite3 shell bulk-loading the same
// indicator rows from CSV (.mode csv + .import) into an empty table: the
// floor for getting those rows into SQLite on this machine. The issue's
// target is a ratio of at most 3.
//
//	go test -run '^$' -bench ImportVsSQLiteShell -benchtime 3x ./cmd/jixiao
func BenchmarkImportVsSQLiteShell(b *testing.B) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("sqlite3 shell not installed (Debian package sqlite3)")
	}
	n := 10000
	if v := os.Getenv("JIXIAO_BENCH_PROJECTS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	dir := b.TempDir()
	doc := gen.Generate(n, 1)
	md := filepath.Join(dir, "generated.md")
	if err := os.WriteFile(md, gen.Render(doc, gen.Markdown), 0o644); err != nil {
		b.Fatal(err)
	}
	csvPath := filepath.Join(dir, "indicators.csv")
	rows := writeIndicatorCSV(b, csvPath, doc)
	create := "CREATE TABLE indicators (" + strings.Join(indicatorCSVCols, " TEXT, ") + " TEXT);\n"
	script := create + ".mode csv\n.import --skip 1 " + csvPath + " indicators\nSELECT count(*) FROM indicators;\n"
	// Wall time and CPU time (user+system) of each side: on a shared
	// machine the CPU times are the steadier comparison.
	var jx, sh, jxCPU, shCPU time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start, cpu0 := time.Now(), cputime.Used()
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
		if code := run([]string{"import", "--db", filepath.Join(dir, fmt.Sprintf("jixiao%d.db", i)), md}, e); code == exitBadInput {
			b.Fatalf("jixiao import: exit %d", code)
		}
		jx += time.Since(start)
		jxCPU += cputime.Used() - cpu0

		start = time.Now()
		cmd := exec.Command(shell, filepath.Join(dir, fmt.Sprintf("shell%d.db", i)))
		cmd.Stdin = strings.NewReader(script)
		out, err := cmd.CombinedOutput()
		sh += time.Since(start)
		if err != nil || strings.TrimSpace(string(out)) != strconv.Itoa(rows) {
			b.Fatalf("sqlite3: %v: %s", err, out)
		}
		shCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	n64 := float64(b.N)
	b.ReportMetric(jx.Seconds()/n64, "jixiao-s/op")
	b.ReportMetric(sh.Seconds()/n64, "sqlite3-s/op")
	b.ReportMetric(float64(jx)/float64(sh), "wall-ratio")
	b.ReportMetric(jxCPU.Seconds()/n64, "jixiao-cpu-s/op")
	b.ReportMetric(shCPU.Seconds()/n64, "sqlite3-cpu-s/op")
	b.ReportMetric(float64(jxCPU)/float64(shCPU), "cpu-ratio")
	b.ReportMetric(float64(rows), "indicators")
}
