package ingest

import (
	"strings"
	"testing"

	"jixiao/internal/cputime"
	"jixiao/internal/gen"
)

// Reading speed on a generated 10,000-project table, in MB/s of source text.
// Target: 30 MB/s or more on one core (go test -cpu 1). MB/cpu-s is the same
// figure per second of CPU time, which a loaded machine does not inflate.
func BenchmarkParse(b *testing.B) {
	for _, layout := range []string{gen.Markdown, gen.PDFText} {
		data := gen.Bytes(10000, layout, 1)
		b.Run(layout, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cputime.Used()
			for b.Loop() {
				doc, err := Parse("bench-2024."+layout, data)
				if err != nil || len(doc.Projects) != 10000 {
					b.Fatalf("%v, %d projects", err, len(doc.Projects))
				}
			}
			if cpu := cputime.Used() - cpu0; cpu > 0 {
				b.ReportMetric(float64(len(data))*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
		})
	}
}

// Long lines without structure must stay linear (no quadratic scans).
func BenchmarkParseLongLine(b *testing.B) {
	line := "| 项目名称 | 总计 |\n| 合计 | 1.00 |\n| 某项目 | 1.00 | 目标 | " + strings.Repeat("1、2、3、；实施周期指标值", 20000) + " |\n"
	data := []byte(line)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("long.md", data); err != nil {
			b.Fatal(err)
		}
	}
}

// Reading the PDF fixtures, engine start included (pdf.Open on the bytes):
// the 10-page Liwan table printed by Chromium and by LibreOffice Writer.
// Target (issue: "a 15-page table in under 1 s CPU on a cold CLI run"):
// see BENCHMARKS.md for the whole-process figures.
func BenchmarkParsePDF(b *testing.B) {
	for _, file := range []string{"liwan-chromium.pdf", "liwan-writer.pdf", "huadu-gbk-notounicode.pdf"} {
		data := readPDFFixture(b, file)
		b.Run(file, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cputime.Used()
			for b.Loop() {
				if doc, err := Parse(file, data); err != nil || len(doc.Projects) == 0 {
					b.Fatalf("%v", err)
				}
			}
			if cpu := cputime.Used() - cpu0; cpu > 0 {
				b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/op")
			}
		})
	}
}
