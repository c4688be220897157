package workflow_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/importer"
	"jixiao/internal/sqlite"
	"jixiao/internal/workflow"
)

func TestTarget(t *testing.T) {
	for _, c := range []struct {
		text, op, value, unit string
		want                  jixiao.Target
	}{
		{"", ">=", "500", "人次", jixiao.Target{Text: "≥500人次", Op: jixiao.GE, Value: "500", Unit: "人次"}},
		{"", "", "100", "%", jixiao.Target{Text: "100%", Op: jixiao.EQ, Value: "100", Unit: "%"}},
		{"有效提升", ">=", "", "", jixiao.Target{Text: "有效提升"}},
		{" ≤3天 ", "", "", "", jixiao.Target{Text: "≤3天", Op: jixiao.LE, Value: "3", Unit: "天"}},
		{"", "", "", "", jixiao.Target{}},
	} {
		if got := workflow.Target(c.text, jixiao.Comparator(c.op), c.value, c.unit); got != c.want {
			t.Errorf("%q %q %q %q: %+v, want %+v", c.text, c.op, c.value, c.unit, got, c.want)
		}
	}
}

func TestFillCategoryNames(t *testing.T) {
	in := jixiao.Indicator{Level2Code: "22"}
	workflow.FillCategoryNames(&in)
	if in.Level1Code != "2" || in.Level1 != "效益指标" || in.Level2 != "社会效益指标" {
		t.Errorf("%+v", in)
	}
	kept := jixiao.Indicator{Level1Code: "2", Level1: "效益", Level2Code: "24", Level2: "可持续影响"}
	workflow.FillCategoryNames(&kept)
	if kept.Level1 != "效益" || kept.Level2 != "可持续影响" {
		t.Errorf("names as written were replaced: %+v", kept)
	}
}

func TestLibraryAndFindings(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "lib.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var liwan *jixiao.Document
	for _, name := range []string{"liwan-hrss-bureau-2024.md", "huadu-employment-center-2024.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		d, err := importer.Import(ctx, st, name, data, importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if liwan == nil {
			liwan = d
		}
	}
	ss, err := workflow.Library(ctx, st, "31", "", 5)
	if err != nil || len(ss) == 0 {
		t.Fatalf("library: %v %v", ss, err)
	}
	for i := 1; i < len(ss); i++ {
		if ss[i].Uses > ss[i-1].Uses {
			t.Errorf("not ranked by use: %+v", ss)
		}
	}
	if ss[0].Level2Code != "31" || ss[0].Annual == "" {
		t.Errorf("top suggestion %+v", ss[0])
	}
	// Findings: a vague target on project 1 gives target.vague about it.
	doc, err := st.Document(ctx, liwan.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Projects[0]
	p.Indicators = append([]jixiao.Indicator(nil), p.Indicators...)
	p.Indicators[0].Annual = jixiao.ParseTarget("有效提升")
	fs := workflow.About(workflow.Findings(doc, &p, check.Context{}), p.Seq)
	found := false
	for _, f := range fs {
		found = found || f.Rule == "target.vague" && f.IndicatorSeq == 1
	}
	if !found {
		t.Errorf("no target.vague on indicator 1: %+v", fs)
	}
}
