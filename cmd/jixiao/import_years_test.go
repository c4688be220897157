package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// TestImportMinPeers: `jixiao import` judges a table against the peer
// groups of the tables already stored, with groups of at least
// --min-peers projects: gen.Peers' district 3, imported again as a seventh
// district after the six, gets its planted findings by default and none
// when no group is that large; a --min-peers below 2 is refused.
func TestImportMinPeers(t *testing.T) {
	dir := t.TempDir()
	set := gen.Peers(60, 300)
	var paths []string
	for i, d := range set.Docs {
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("district-%d.md", i+1)))
		if err := os.WriteFile(paths[i], gen.Render(d, gen.Markdown), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seventh := *set.Docs[2]
	seventh.Agency = "某市第7区人力资源和社会保障局"
	again := filepath.Join(dir, "district-7.md")
	if err := os.WriteFile(again, gen.Render(&seventh, gen.Markdown), 0o644); err != nil {
		t.Fatal(err)
	}
	peerFindings := func(minPeers string) int {
		t.Helper()
		dsn := "sqlite:" + filepath.Join(dir, "peers-"+minPeers+".db")
		args := append([]string{"--db", dsn, "--year", "2024", "--min-peers", minPeers}, paths...)
		if out, errs, code := importCLI(t, args...); code == exitBadInput {
			t.Fatalf("import the six: exit %d\n%s%s", code, out, errs)
		}
		if out, errs, code := importCLI(t, "--db", dsn, "--year", "2024", "--min-peers", minPeers, again); code == exitBadInput {
			t.Fatalf("import the seventh: exit %d\n%s%s", code, out, errs)
		}
		st, err := openStore(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		n := 0
		for _, rule := range []string{"target.below-peers", "amount.cost-outlier"} {
			fs, err := st.Findings(context.Background(), jixiao.FindingQuery{DocumentID: storeDocs(t, dsn)[0].ID, Rule: rule})
			if err != nil {
				t.Fatal(err)
			}
			n += len(fs)
		}
		return n
	}
	if n := peerFindings("10"); n < 2 {
		t.Errorf("with groups of 10: %d peer findings on the seventh district, want its two planted ones at least", n)
	}
	if n := peerFindings("1000"); n != 0 {
		t.Errorf("with groups of 1000: %d peer findings, want none", n)
	}
	if _, errs, code := importCLI(t, "--min-peers", "1", again); code != exitBadInput || !strings.Contains(errs, "--min-peers 应为不小于 2 的整数") {
		t.Errorf("--min-peers 1: exit %d, %q", code, errs)
	}
}
