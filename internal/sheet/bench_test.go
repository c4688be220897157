package sheet_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"jixiao/internal/gen"
	"jixiao/internal/importer"
	"jixiao/internal/sampletest"
	"jixiao/internal/sheet"
	"jixiao/internal/sqlite"
)

// BenchmarkReadXLSX reads a generated 10,000-project workbook in the
// official layout (the one WriteXLSX writes).
func BenchmarkReadXLSX(b *testing.B) {
	data := sampletest.XLSX(b, gen.Generate(10000, 1))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := sheet.ReadXLSX("bench.xlsx", data)
		if err != nil || len(doc.Projects) != 10000 {
			b.Fatalf("%v", err)
		}
	}
}

// BenchmarkImportXLSX is a whole import of that workbook: read, review
// rules, and one transaction into a fresh SQLite file.
func BenchmarkImportXLSX(b *testing.B) {
	data := sampletest.XLSX(b, gen.Generate(10000, 1))
	b.SetBytes(int64(len(data)))
	ctx := context.Background()
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		st, err := sqlite.Open(ctx, "sqlite:"+filepath.Join(dir, fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := importer.Import(ctx, st, "bench.xlsx", data, importer.Options{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

//END
