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

// testForms stores documents read from one-project forms and reads back
// what only they carry: the printed category labels beside the scheme's,
// the extra grid columns, the department code, the period goal and total,
// the money lines as printed, and a file of two forms as two projects.
func testForms(t *testing.T, st jixiao.Store) {
	dir := filepath.Join(filepath.Dir(testdataDir(t)), "internal", "ingest", "testdata", "forms")
	for _, name := range []string{"11-xiangtan-sanitation-cells-pipe-tails.txt",
		"10-wuhan-qingshan-education-two-columns-cell-per-line.txt",
		"20-luan-agri-quality-two-columns-code-fragment.txt", "23-jinan-sports-multi-cells-pipe.txt"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := importer.Read(name, data, importer.Options{})
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		got := roundTrip(t, st, doc)
		checkFormFields(t, name, got)
	}
}

// checkFormFields pins a few of the form fields each file must bring back.
func checkFormFields(t *testing.T, name string, got *jixiao.Document) {
	t.Helper()
	p := got.Projects[0]
	switch name[:2] {
	case "11":
		sat := p.Indicators[len(p.Indicators)-1]
		if sat.Level1Printed != "效益指标" || sat.Level1 != "满意度指标" || len(sat.Notes) != 1 || sat.Notes[0].Text != "计划标准" {
			t.Errorf("%s: last indicator %+v: want printed 效益指标, scheme 满意度指标, note 绩效标准 计划标准", name, sat)
		}
	case "10":
		if p.DepartmentCode != "015001" || p.PeriodGoal == "" || p.Term != "202001-202012" {
			t.Errorf("%s: code %q, period goal %q, term %q", name, p.DepartmentCode, p.PeriodGoal, p.Term)
		}
	case "20":
		if !p.HasPeriodTotal || p.PeriodTotal != 68_500_000 || p.AnnualOnly {
			t.Errorf("%s: period total %v (%v), annual only %v; want 68.50 万元", name, p.PeriodTotal, p.HasPeriodTotal, p.AnnualOnly)
		}
	case "23":
		if len(got.Projects) != 2 || len(got.Projects[1].Money) != 3 {
			t.Errorf("%s: %d projects; want 2, the second with 3 money lines", name, len(got.Projects))
		}
	}
}

func roundTrip(t *testing.T, st jixiao.Store, doc *jixiao.Document) *jixiao.Document {
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
	return got
}
