package storetest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/gen"
	"jixiao/internal/importer"
)

// documentPager is the reads of a document by its units (issue 18 item
// 3; sqldb.Store.DocumentOutline and the methods beside it).
type documentPager interface {
	DocumentOutline(ctx context.Context, id int64) (*jixiao.DocumentOutline, error)
	UnitProjects(ctx context.Context, q jixiao.UnitProjectsQuery) ([]jixiao.Project, error)
	FindingsAbout(ctx context.Context, id int64, seqs []int) ([]jixiao.Finding, error)
	ProjectPlace(ctx context.Context, id int64, seq int) (string, int, error)
}

// testDocumentPage: a document read by its units, as the page of a big
// table reads it, is the document read whole: the unit index counts and
// sums each unit's projects as the whole document's grouping does
// (listed units first, then a unit only a project names; an unread cell
// stays unread in the sum), a unit's projects read a page at a time, by
// offset or after a seq, are its projects in order with their
// indicators, and the findings about some projects are those of the
// whole document about them or about no project; every unit's projects
// read a page at a time are the document's.
func testDocumentPage(t *testing.T, st jixiao.Store) {
	pg, ok := st.(documentPager)
	if !ok {
		t.Skipf("%T reads no document by its units", st)
	}
	var docs []*jixiao.Document
	for _, name := range []string{"liwan-hrss-bureau-2024.md", "huadu-employment-center-2024.txt"} {
		data, err := os.ReadFile(filepath.Join(testdataDir(t), name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := importer.Read(name, data, importer.Options{})
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		docs = append(docs, doc)
	}
	big := gen.Generate(300, 11)
	big.Projects[7].Unit = "表外单位" // named by a project, not listed
	big.Projects[20].Amounts.Unread = jixiao.ColFiscal
	big.Findings = check.Run(big)
	docs = append(docs, big)
	for _, doc := range docs {
		save(t, st, doc)
		whole := readBack(t, st, doc.ID)
		o, err := pg.DocumentOutline(ctx(t), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, doc.SourceName+" outline", o, outlineOf(whole))
		for _, u := range o.Units {
			want := []jixiao.Project{}
			for _, p := range whole.ProjectsByUnit()[u.Unit.Name] {
				want = append(want, *p)
			}
			if u.Projects == 0 {
				want = want[:0] // a name listed twice keeps its projects on its last listing
			}
			sameJSON(t, u.Unit.Name+" by offset", unitByOffset(t, pg, doc.ID, u.Unit.Name, 7), want)
			sameJSON(t, u.Unit.Name+" after seq", unitAfterSeq(t, pg, doc.ID, u.Unit.Name, 5), want)
		}
		all := []jixiao.Project{}
		for after := 0; ; {
			ps, err := pg.UnitProjects(ctx(t), jixiao.UnitProjectsQuery{DocumentID: doc.ID, AllUnits: true, AfterSeq: after, Limit: 9})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, ps...)
			if len(ps) < 9 {
				break
			}
			after = ps[len(ps)-1].Seq
		}
		sameJSON(t, doc.SourceName+" every unit", all, whole.Projects)
		seqs := []int{whole.Projects[len(whole.Projects)-1].Seq, 1, 2}
		got, err := pg.FindingsAbout(ctx(t), doc.ID, seqs)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.DeleteFunc(slices.Clone(whole.Findings), func(f jixiao.Finding) bool {
			return f.ProjectSeq != 0 && !slices.Contains(seqs, f.ProjectSeq)
		})
		if len(want) == 0 {
			t.Fatalf("%s: no findings to compare", doc.SourceName)
		}
		sameJSON(t, doc.SourceName+" findings", got, want)
	}
	o, err := pg.DocumentOutline(ctx(t), big.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Each project's place in its unit is its index among the unit's projects.
	whole := readBack(t, st, big.ID)
	for unit, ps := range whole.ProjectsByUnit() {
		for i, p := range ps {
			if u, before, err := pg.ProjectPlace(ctx(t), big.ID, p.Seq); err != nil || u != unit || before != i {
				t.Fatalf("project %d: place %q, %d (%v), want %q, %d", p.Seq, u, before, err, unit, i)
			}
		}
	}
	if _, _, err := pg.ProjectPlace(ctx(t), big.ID, 9999); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("place of a missing project: %v, want ErrNotFound", err)
	}
	if n := len(o.Units); o.Units[n-1].Unit.Name != "表外单位" || o.Units[n-1].Listed || o.Units[n-1].Projects != 1 {
		t.Errorf("the unit only a project names is not last with its project: %+v", o.Units[n-1])
	}
	if _, err := pg.DocumentOutline(ctx(t), 987654); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("outline of a missing document: %v, want ErrNotFound", err)
	}
}

// outlineOf counts from the whole document what DocumentOutline counts in
// SQL.
func outlineOf(d *jixiao.Document) *jixiao.DocumentOutline {
	head := *d
	head.Projects, head.Findings = []jixiao.Project{}, []jixiao.Finding{}
	o := &jixiao.DocumentOutline{Document: &head, Findings: map[jixiao.Severity]int{},
		Projects: len(d.Projects), Indicators: d.IndicatorCount(), Sum: d.Total()}
	for _, f := range d.Findings {
		o.Findings[f.Severity]++
	}
	byUnit := d.ProjectsByUnit()
	figures := func(f jixiao.UnitFigures) jixiao.UnitFigures {
		for _, p := range byUnit[f.Unit.Name] {
			if f.Projects == 0 {
				f.FirstSeq = p.Seq
			}
			f.Projects++
			f.Sum = f.Sum.Add(p.Amounts)
		}
		return f
	}
	seen := map[string]bool{}
	for i, u := range d.Units {
		f := jixiao.UnitFigures{Unit: u, Listed: true}
		if !slices.ContainsFunc(d.Units[i+1:], func(v jixiao.Unit) bool { return v.Name == u.Name }) {
			f = figures(f)
		}
		o.Units = append(o.Units, f)
		seen[u.Name] = true
	}
	for _, p := range d.Projects {
		if !seen[p.Unit] {
			o.Units = append(o.Units, figures(jixiao.UnitFigures{Unit: jixiao.Unit{Name: p.Unit}}))
			seen[p.Unit] = true
		}
	}
	return o
}

func unitByOffset(t *testing.T, pg documentPager, id int64, unit string, size int) []jixiao.Project {
	t.Helper()
	out := []jixiao.Project{}
	for off := 0; ; off += size {
		ps, err := pg.UnitProjects(ctx(t), jixiao.UnitProjectsQuery{DocumentID: id, Unit: unit, Offset: off, Limit: size})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ps...)
		if len(ps) < size {
			return out
		}
	}
}

func unitAfterSeq(t *testing.T, pg documentPager, id int64, unit string, size int) []jixiao.Project {
	t.Helper()
	out := []jixiao.Project{}
	after := 0
	for {
		ps, err := pg.UnitProjects(ctx(t), jixiao.UnitProjectsQuery{DocumentID: id, Unit: unit, AfterSeq: after, Limit: size})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ps...)
		if len(ps) < size {
			return out
		}
		after = ps[len(ps)-1].Seq
	}
}
