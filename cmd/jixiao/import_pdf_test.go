package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func pdfFixture(name string) string {
	return filepath.Join("..", "..", "internal", "ingest", "testdata", "pdf", name)
}

// A published PDF imports through the CLI with no external tool on PATH
// and exports exactly the expected tables; one whose rows do not add up
// exits 1 and names the unit and the page.
func TestImportPDF(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "pdf.db")
	for i, tc := range []struct{ file, stem string }{
		{"liwan-writer.pdf", "liwan-hrss-bureau-2024"},
		{"huadu-chromium.pdf", "huadu-employment-center-2024"},
	} {
		out, errs, code := importCLI(t, "--db", dsn, pdfFixture(tc.file))
		if code != exitOK || !strings.Contains(out, "版式 pdf") {
			t.Fatalf("import %s: exit %d\n%s%s", tc.file, code, out, errs)
		}
		for _, table := range []string{"projects", "indicators", "units"} {
			got, errs, code := runCLI(t, "export", "--db", dsn, "--document", strconv.Itoa(i+1), "--table", table, "--format", "csv")
			if code != exitOK {
				t.Fatalf("export %s: exit %d: %s", table, code, errs)
			}
			want, err := os.ReadFile(sample(filepath.Join("expected", tc.stem+"."+table+".csv")))
			if err != nil {
				t.Fatal(err)
			}
			sameColumns(t, tc.file+" "+table, records(t, got), records(t, string(want)))
		}
	}
	out, _, code := importCLI(t, "--db", dsn, pdfFixture("liwan-page2-missing.pdf"))
	want := "liwan-page2-missing.pdf:1:7: error parse.structure: 第 1 页第 7 行：单位“广州市荔湾区人力资源和社会保障局”（第 1 页）的小计读作 50,666.34万元，读到其下 19 个项目相加为 50,594.85万元"
	if code != exitFindings || !strings.Contains(out, want) {
		t.Errorf("a PDF with a page missing: exit %d, want %d and %q in:\n%s", code, exitFindings, want, out)
	}
	_, errs, code := importCLI(t, "--db", dsn, pdfFixture("scanned.pdf"))
	if code != exitBadInput || !strings.Contains(errs, "扫描件") {
		t.Errorf("scanned PDF: exit %d: %s", code, errs)
	}
}
