package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/gen"
)

// TestImportLinksYears: `jixiao import` of three years of a generated
// district, one a run, links each year's projects to the year before's
// (the renamed one waiting for a reviewer) and the last year's import
// finds the planted amount.cost-up.
func TestImportLinksYears(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "years.db")
	s := gen.Years(20, 2023, 3, 5)
	for _, d := range s.Docs {
		path := filepath.Join(dir, fmt.Sprintf("%d.md", d.Year))
		if err := os.WriteFile(path, gen.Render(d, gen.Markdown), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, errs, code := importCLI(t, "--db", dsn, "--year", fmt.Sprint(d.Year), path); code != exitOK {
			t.Fatalf("import %d: exit %d\n%s%s", d.Year, code, out, errs)
		}
	}
	st, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs := storeDocs(t, dsn) // newest import first
	last := docs[0]
	links, err := st.Links().DocumentLinks(context.Background(), last.ID)
	if err != nil {
		t.Fatal(err)
	}
	pending := 0
	for _, l := range links {
		if l.State == jixiao.LinkPending {
			pending++
		}
	}
	if len(links) != len(s.Docs[2].Projects)-len(s.Planted.New) || pending != len(s.Planted.Renamed) {
		t.Errorf("2025: %d links, %d pending; want %d and %d", len(links), pending, len(s.Docs[2].Projects)-1, len(s.Planted.Renamed))
	}
	fs, err := st.Findings(context.Background(), jixiao.FindingQuery{DocumentID: last.ID, Rule: "amount.cost-up"})
	if err != nil || len(fs) != len(s.Planted.CostUp) || fs[0].ProjectSeq != s.Planted.CostUp[0] {
		t.Errorf("amount.cost-up: %+v %v, planted %v", fs, err, s.Planted.CostUp)
	}
}
