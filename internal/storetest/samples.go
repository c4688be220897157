package storetest

import (
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/gen"
	"jixiao/internal/importer"
)

// testdataDir finds the module's testdata folder from the test's directory.
func testdataDir(t *testing.T) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// testSamples stores the two real sample tables, read by internal/ingest and
// checked by internal/check, plus a large generated one, and reads each back
// whole.
func testSamples(t *testing.T, st jixiao.Store) {
	files := []string{"liwan-hrss-bureau-2024.md", "huadu-employment-center-2024.txt"}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(testdataDir(t), name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := importer.Read(name, data, importer.Options{})
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		roundTrip(t, st, doc)
	}
	roundTrip(t, st, gen.Generate(700, 3))
}

func roundTrip(t *testing.T, st jixiao.Store, doc *jixiao.Document) {
	t.Helper()
	if doc.SHA256 == "" {
		doc.SHA256 = sha(doc.Title + doc.Agency)
	}
	if len(doc.Projects) == 0 || doc.IndicatorCount() == 0 {
		t.Fatalf("%s: %d projects, %d indicators", doc.SourceName, len(doc.Projects), doc.IndicatorCount())
	}
	if doc.Findings == nil {
		doc.Findings = []jixiao.Finding{} // the store answers empty lists, never null
	}
	save(t, st, doc)
	got, err := st.Document(ctx(t), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, doc.SourceName+" read back", got, doc)
}
