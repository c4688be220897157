package storetest

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/gen"
	"jixiao/internal/importer"
)

// aggregator is the year's figures of both engines (sqldb.Store.Aggregate).
type aggregator interface {
	Aggregate(ctx context.Context, q jixiao.AggregateQuery) (jixiao.Aggregate, error)
}

// testAggregate: the figures 总览 shows of one year, counted by the store
// in SQL (issue 18), are those computed from the documents themselves,
// read back whole: the two real samples of 2024 beside a generated table
// of 2023, which each year leaves out; next year's draft of the Liwan
// table counts only when the reader may read it, and without the units
// hidden from the reader (their money, projects, indicators and findings).
func testAggregate(t *testing.T, st jixiao.Store) {
	ag, ok := st.(aggregator)
	if !ok {
		t.Skipf("%T counts no aggregates", st)
	}
	var samples []*jixiao.Document
	for _, name := range []string{"liwan-hrss-bureau-2024.md", "huadu-employment-center-2024.txt"} {
		data, err := os.ReadFile(filepath.Join(testdataDir(t), name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := importer.Read(name, data, importer.Options{})
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		save(t, st, doc)
		samples = append(samples, readBack(t, st, doc.ID))
	}
	other := gen.Generate(60, 7)
	other.Year = 2023
	other.Findings = check.Run(other)
	save(t, st, other)
	sameAggregate(t, "2024", ag, jixiao.AggregateQuery{Year: 2024}, samples, nil)
	sameAggregate(t, "2023", ag, jixiao.AggregateQuery{Year: 2023}, []*jixiao.Document{readBack(t, st, other.ID)}, nil)
	sameAggregate(t, "2022 (no table)", ag, jixiao.AggregateQuery{Year: 2022}, nil, nil)

	wp, ok := st.(jixiao.WorkflowProvider)
	if !ok {
		return
	}
	d, err := wp.Workflow().CreateDraft(ctx(t), samples[0].ID, 2025, jixiao.Actor(nil))
	if err != nil {
		t.Fatal(err)
	}
	draft := readBack(t, st, d.ID)
	sameAggregate(t, "2025 without the draft", ag, jixiao.AggregateQuery{Year: 2025}, nil, nil)
	sameAggregate(t, "2025 with the draft", ag, jixiao.AggregateQuery{Year: 2025, Drafts: []int64{d.ID}},
		[]*jixiao.Document{draft}, nil)
	sameAggregate(t, "2024 beside the draft", ag, jixiao.AggregateQuery{Year: 2024, Drafts: []int64{d.ID}}, samples, nil)
	// A filer of the first unit sees that unit's projects alone.
	var hidden []string
	for _, u := range draft.Units[1:] {
		hidden = append(hidden, u.Name)
	}
	sameAggregate(t, "2025 of one unit", ag, jixiao.AggregateQuery{Year: 2025, Drafts: []int64{d.ID},
		HiddenUnits: map[int64][]string{d.ID: hidden}}, []*jixiao.Document{draft}, hidden)
}

func readBack(t *testing.T, st jixiao.Store, id int64) *jixiao.Document {
	t.Helper()
	d, err := st.Document(ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sameAggregate compares the store's aggregate for q with the one counted
// from docs without the projects of hidden units (and their findings).
func sameAggregate(t *testing.T, what string, ag aggregator, q jixiao.AggregateQuery, docs []*jixiao.Document, hidden []string) {
	t.Helper()
	got, err := ag.Aggregate(ctx(t), q)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	want := aggregateOf(q.Year, docs, hidden)
	if len(docs) > 0 && (want.Projects == 0 || want.Indicators == 0 || want.Total == 0) {
		t.Fatalf("%s: the documents count nothing", what)
	}
	sameJSON(t, what, got, want)
}

// aggregateOf counts from whole documents what Aggregate counts in SQL.
func aggregateOf(year int, docs []*jixiao.Document, hidden []string) jixiao.Aggregate {
	a := jixiao.Aggregate{Year: year, Findings: map[jixiao.Severity]int{}, Units: []jixiao.UnitMoney{},
		TopProjects: []jixiao.ProjectMoney{}, Levels: []jixiao.LevelCount{}, Documents: []jixiao.DocumentFigures{}}
	levels := map[jixiao.LevelCount]int{}
	for _, whole := range docs {
		d := *whole
		d.Projects = slices.DeleteFunc(slices.Clone(d.Projects), func(p jixiao.Project) bool { return slices.Contains(hidden, p.Unit) })
		seqs := map[int]bool{}
		for _, p := range d.Projects {
			seqs[p.Seq] = true
		}
		d.Findings = slices.DeleteFunc(slices.Clone(d.Findings), func(f jixiao.Finding) bool { return f.ProjectSeq != 0 && !seqs[f.ProjectSeq] })
		byUnit := d.ProjectsByUnit()
		for _, u := range d.Units {
			if ps := byUnit[u.Name]; len(ps) > 0 {
				um := jixiao.UnitMoney{DocumentID: d.ID, Unit: u.Name, Projects: len(ps)}
				for _, p := range ps {
					um.Money += p.Amounts.Total
				}
				a.Units = append(a.Units, um)
			}
		}
		for _, p := range d.Projects {
			a.Projects++
			a.Total += p.Amounts.Total
			if totalUnread(p) {
				a.UnreadProjects++
			}
			a.Indicators += len(p.Indicators)
			a.TopProjects = append(a.TopProjects, jixiao.ProjectMoney{ID: p.ID, DocumentID: d.ID, Name: p.Name, Money: p.Amounts.Total})
			for _, in := range p.Indicators {
				levels[jixiao.LevelCount{Level1Code: in.Level1Code, Level1: in.Level1, Level2Code: in.Level2Code, Level2: in.Level2}]++
			}
		}
		s := check.Summarize(&d, d.Findings)
		figures := jixiao.DocumentFigures{DocumentID: d.ID, Projects: s.Projects, Indicators: s.Indicators,
			Findings: map[jixiao.Severity]int{}, Measurable: s.Measurable, Vague: s.Vague,
			ExternalReference: s.ExternalReference, Copied: s.Copied}
		for _, p := range d.Projects {
			figures.Money += p.Amounts.Total
			if totalUnread(p) {
				figures.UnreadProjects++
			}
		}
		for _, f := range d.Findings {
			a.Findings[f.Severity]++
			figures.Findings[f.Severity]++
		}
		a.Documents = append(a.Documents, figures)
	}
	slices.SortStableFunc(a.TopProjects, func(x, y jixiao.ProjectMoney) int {
		return cmp.Or(cmp.Compare(y.Money, x.Money), cmp.Compare(x.ID, y.ID))
	})
	a.TopProjects = a.TopProjects[:min(len(a.TopProjects), jixiao.AggregateTop)]
	for l, n := range levels {
		l.Indicators = n
		a.Levels = append(a.Levels, l)
	}
	slices.SortFunc(a.Levels, func(x, y jixiao.LevelCount) int {
		return cmp.Or(cmp.Compare(x.Level1Code, y.Level1Code), cmp.Compare(x.Level1, y.Level1),
			cmp.Compare(x.Level2Code, y.Level2Code), cmp.Compare(x.Level2, y.Level2))
	})
	slices.SortFunc(a.Documents, func(x, y jixiao.DocumentFigures) int { return cmp.Compare(x.DocumentID, y.DocumentID) })
	return a
}

// totalUnread: the project's 总计 is not known (its cell marked unread, or
// its row kept as source text).
func totalUnread(p jixiao.Project) bool {
	return p.Raw != "" || p.Amounts.Unread.Has(jixiao.ColTotal)
}
