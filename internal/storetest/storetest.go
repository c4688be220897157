// Package storetest is the conformance suite every jixiao.Store passes:
// internal/sqlite runs it always, internal/postgres when
// JIXIAO_TEST_POSTGRES names a server.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/sqldb"
)

// Run runs the suite; open returns a new, empty store for one test and
// arranges its cleanup.
func Run(t *testing.T, open func(t *testing.T) jixiao.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st jixiao.Store)
	}{
		{"SaveAndReadBack", testSaveAndReadBack},
		{"Duplicate", testDuplicate},
		{"SameContentOtherBytes", testSameContent},
		{"FailedSaveLeavesNothing", testFailedSave},
		{"Delete", testDelete},
		{"NotFound", testNotFound},
		{"Documents", testDocuments},
		{"ProjectPaging", testProjectPaging},
		{"IndicatorPaging", testIndicatorPaging},
		{"Search", testSearch},
		{"SearchFrequent", testSearchFrequent},
		{"Facets", testFacets},
		{"FacetCap", testFacetCap},
		{"Findings", testFindings},
		{"BadQueries", testBadQueries},
		{"Samples", testSamples},
		{"Forms", testForms},
		{"BlankCells", testBlankCells},
		{"UnreadCells", testUnreadCells},
		{"UnreadTotals", testUnreadTotals},
		{"Reviews", testReviews},
		{"ProjectRow", testProjectRow},
		{"EvalReviews", testEvalReviews},
		{"Monitoring", testMonitoring},
		{"EvalPrinted", testEvalPrinted},
		{"DraftUnits", testDraftUnits},
		{"Aggregate", testAggregate},
		{"DocumentPage", testDocumentPage},
		{"Links", testLinks},
		{"Peers", testPeers},
		{"Rectifications", testRectifications},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := open(t)
			tc.fn(t, st)
		})
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

func save(t *testing.T, st jixiao.Store, doc *jixiao.Document) {
	t.Helper()
	if err := st.SaveDocument(ctx(t), doc, jixiao.Actor(nil)); err != nil {
		t.Fatalf("SaveDocument(%s): %v", doc.SourceName, err)
	}
}

// sameJSON compares two values by their JSON and reports the first line
// that differs, which names the field.
func sameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if string(g) == string(w) {
		return
	}
	gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
	for i := range min(len(gl), len(wl)) {
		if gl[i] != wl[i] {
			t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\ncontext: %s", what, i+1, gl[i], wl[i],
				strings.Join(wl[max(0, i-6):i], "\n"))
		}
	}
	t.Fatalf("%s: got %d JSON lines, want %d", what, len(gl), len(wl))
}

func testSaveAndReadBack(t *testing.T, st jixiao.Store) {
	doc := NewDocument("荔湾", 12, 5)
	want := NewDocument("荔湾", 12, 5)
	save(t, st, doc)
	if doc.ID == 0 || doc.ImportedAt.IsZero() {
		t.Fatalf("SaveDocument left ID %d, ImportedAt %v", doc.ID, doc.ImportedAt)
	}
	seen := map[int64]bool{}
	for _, p := range doc.Projects {
		if p.ID == 0 || p.DocumentID != doc.ID || seen[p.ID] {
			t.Fatalf("project %d: ID %d DocumentID %d (document %d)", p.Seq, p.ID, p.DocumentID, doc.ID)
		}
		seen[p.ID] = true
		for _, in := range p.Indicators {
			if in.ID == 0 {
				t.Fatalf("indicator %d.%d has no ID", p.Seq, in.Seq)
			}
		}
	}
	got, err := st.Document(ctx(t), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The saved document (ids filled in) is what must come back.
	sameJSON(t, "document read back", got, doc)
	if got.ImportedAt.Sub(doc.ImportedAt).Abs() > time.Millisecond || time.Since(got.ImportedAt) > time.Hour {
		t.Errorf("ImportedAt %v, saved %v", got.ImportedAt, doc.ImportedAt)
	}
	// And apart from ids, what the reader produced.
	clearIDs(got)
	want.ImportedAt = got.ImportedAt
	sameJSON(t, "document without ids", got, want)

	p, err := st.Project(ctx(t), doc.Projects[4].ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "project 5", p, doc.Projects[4])
}

func clearIDs(d *jixiao.Document) {
	d.ID = 0
	for i := range d.Projects {
		d.Projects[i].ID, d.Projects[i].DocumentID = 0, 0
		for j := range d.Projects[i].Indicators {
			d.Projects[i].Indicators[j].ID = 0
		}
	}
	for i := range d.Findings {
		d.Findings[i].ID, d.Findings[i].DocumentID = 0, 0
	}
}

func testDuplicate(t *testing.T, st jixiao.Store) {
	first := NewDocument("花都", 4, 3)
	save(t, st, first)
	before := snapshot(t, st)
	again := NewDocument("花都", 6, 2)
	again.SourceName = "renamed.txt"
	err := st.SaveDocument(ctx(t), again, jixiao.Actor(nil))
	var dup *jixiao.DuplicateError
	if !errors.As(err, &dup) || !errors.Is(err, jixiao.ErrDuplicate) {
		t.Fatalf("second save: %v, want a *DuplicateError", err)
	}
	if dup.DocumentID != first.ID || dup.SHA256 != first.SHA256 {
		t.Errorf("DuplicateError names document %d sha %s, want %d %s", dup.DocumentID, dup.SHA256, first.ID, first.SHA256)
	}
	sameJSON(t, "store after refused duplicate", snapshot(t, st), before)
}

// snapshot is everything a user can list, to compare a store before and after.
// testSameContent: the same table from another file (another encoding or
// wrapping: other bytes, the same ContentHash) is refused as a duplicate
// naming the stored document, and stores nothing; one amount changed by one
// 分 is another table and is stored.
func testSameContent(t *testing.T, st jixiao.Store) {
	first := NewDocument("荔湾", 5, 2)
	save(t, st, first)
	before := snapshot(t, st)
	other := NewDocument("荔湾", 5, 2)
	other.SHA256, other.SourceName = strings.Repeat("ab", 32), "荔湾-gbk.csv"
	err := st.SaveDocument(ctx(t), other, jixiao.Actor(nil))
	var dup *jixiao.DuplicateError
	if !errors.As(err, &dup) || dup.DocumentID != first.ID || !dup.SameContent || dup.SHA256 != first.SHA256 {
		t.Fatalf("the same table from other bytes: %v (%+v), want a duplicate of document %d", err, dup, first.ID)
	}
	sameJSON(t, "store after refused same content", snapshot(t, st), before)
	changed := NewDocument("荔湾", 5, 2)
	changed.SHA256 = strings.Repeat("cd", 32)
	changed.Projects[1].Amounts.Other++
	changed.Projects[1].Amounts.Total++
	if err := st.SaveDocument(ctx(t), changed, jixiao.Actor(nil)); err != nil {
		t.Errorf("a table one 分 apart was refused: %v", err)
	}
}

func snapshot(t *testing.T, st jixiao.Store) map[string]any {
	t.Helper()
	c := ctx(t)
	docs, err := st.Documents(c)
	if err != nil {
		t.Fatal(err)
	}
	var full []*jixiao.Document
	for _, d := range docs {
		doc, err := st.Document(c, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		full = append(full, doc)
	}
	ps := allProjects(t, st, jixiao.ProjectQuery{Limit: 1000})
	is := allIndicators(t, st, jixiao.IndicatorQuery{Limit: 1000})
	fs, err := st.Findings(c, jixiao.FindingQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{"documents": docs, "full": full, "projects": ps, "indicators": is, "findings": fs}
}

func testFailedSave(t *testing.T, st jixiao.Store) {
	keep := NewDocument("越秀", 3, 2)
	save(t, st, keep)
	before := snapshot(t, st)
	cases := map[string]func(d *jixiao.Document){
		// Two projects with one seq break the (document, seq) key after the
		// document row and the first project are written.
		"project seq twice": func(d *jixiao.Document) { d.Projects[5].Seq = d.Projects[4].Seq },
		// Findings go in last: a bad severity fails at the very end.
		"bad finding severity": func(d *jixiao.Document) { d.Findings[len(d.Findings)-1].Severity = "fatal" },
		"indicator seq twice": func(d *jixiao.Document) {
			d.Projects[7].Indicators[2].Seq = d.Projects[7].Indicators[1].Seq
		},
	}
	for name, breakIt := range cases {
		doc := NewDocument("海珠", 450, 4) // several batches of rows
		breakIt(doc)
		if err := st.SaveDocument(ctx(t), doc, jixiao.Actor(nil)); err == nil {
			t.Fatalf("%s: SaveDocument succeeded", name)
		} else if errors.Is(err, jixiao.ErrDuplicate) {
			t.Fatalf("%s: %v, a failed save left its document behind", name, err)
		}
		if doc.ID != 0 {
			t.Errorf("%s: failed save left doc.ID = %d", name, doc.ID)
		}
		sameJSON(t, "store after "+name, snapshot(t, st), before)
	}
	// The same file, now correct, is not taken for a duplicate.
	save(t, st, NewDocument("海珠", 450, 4))
}

func testDelete(t *testing.T, st jixiao.Store) {
	a, b := NewDocument("天河", 5, 3), NewDocument("白云", 5, 3)
	save(t, st, a)
	save(t, st, b)
	if err := st.DeleteDocument(ctx(t), a.ID, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Document(ctx(t), a.ID); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("Document after delete: %v, want ErrNotFound", err)
	}
	if _, err := st.Project(ctx(t), a.Projects[0].ID); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("Project of deleted document: %v, want ErrNotFound", err)
	}
	if err := st.DeleteDocument(ctx(t), a.ID, jixiao.Actor(nil)); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	for _, q := range []string{"培训", "培训人次", "满"} {
		for _, r := range allIndicators(t, st, jixiao.IndicatorQuery{Q: q}) {
			if r.DocumentID == a.ID {
				t.Fatalf("search %q still finds indicator %d of the deleted document", q, r.ID)
			}
		}
		for _, r := range allProjects(t, st, jixiao.ProjectQuery{Q: q}) {
			if r.DocumentID == a.ID {
				t.Fatalf("search %q still finds project %d of the deleted document", q, r.ID)
			}
		}
	}
	fs, _ := st.Findings(ctx(t), jixiao.FindingQuery{DocumentID: a.ID})
	docs, _ := st.Documents(ctx(t))
	if len(fs) != 0 || len(docs) != 1 || docs[0].ID != b.ID {
		t.Errorf("after delete: %d findings of it, documents %v", len(fs), docs)
	}
	got, err := st.Document(ctx(t), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "the other document", got, b)
	// Its SHA-256 is free again.
	save(t, st, NewDocument("天河", 5, 3))
}

func testNotFound(t *testing.T, st jixiao.Store) {
	if _, err := st.Document(ctx(t), 424242); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("Document: %v", err)
	}
	if _, err := st.Project(ctx(t), 424242); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("Project: %v", err)
	}
	if err := st.DeleteDocument(ctx(t), 424242, jixiao.Actor(nil)); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("DeleteDocument: %v", err)
	}
	if err := st.Ping(ctx(t)); err != nil {
		t.Errorf("Ping: %v", err)
	}
	docs, err := st.Documents(ctx(t))
	if err != nil || docs == nil || len(docs) != 0 {
		t.Errorf("Documents of an empty store: %v, %v (want an empty, non-nil list)", docs, err)
	}
}

func testDocuments(t *testing.T, st jixiao.Store) {
	a, b := NewDocument("番禺", 7, 4), NewDocument("南沙", 3, 2)
	b.MoneyUnit, b.AgencyKind, b.Year = jixiao.Yuan, jixiao.AgencyUnit, 0
	a.Stated.Total++ // a table's 合计 off by 1 分 from its projects: listed as stated
	b.HasStated = false
	save(t, st, a)
	save(t, st, b)
	docs, err := st.Documents(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != b.ID || docs[1].ID != a.ID {
		t.Fatalf("Documents: %+v, want b then a (newest first)", docs)
	}
	for i, d := range []*jixiao.Document{b, a} {
		want := jixiao.DocumentSummary{ID: d.ID, Title: d.Title, Agency: d.Agency, AgencyKind: d.AgencyKind,
			Year: d.Year, MoneyUnit: d.MoneyUnit, SourceName: d.SourceName, SHA256: d.SHA256, Layout: d.Layout,
			ImportedAt: d.ImportedAt, Total: d.Total().Total, Units: len(d.Units), Projects: len(d.Projects),
			Indicators: d.IndicatorCount(), Findings: map[jixiao.Severity]int{}}
		if d.HasStated {
			want.Total = d.Stated.Total
		}
		for _, f := range d.Findings {
			want.Findings[f.Severity]++
		}
		sameJSON(t, "summary", docs[i], want)
	}
}

// allProjects pages through q to the end, failing on a repeated id.
func allProjects(t *testing.T, st jixiao.Store, q jixiao.ProjectQuery) []jixiao.ProjectRow {
	t.Helper()
	return pageAll(t, q.Limit, func(cursor string) (jixiao.Page[jixiao.ProjectRow], error) {
		q.Cursor = cursor
		return st.Projects(ctx(t), q)
	}, func(r jixiao.ProjectRow) int64 { return r.ID })
}

func allIndicators(t *testing.T, st jixiao.Store, q jixiao.IndicatorQuery) []jixiao.IndicatorRow {
	t.Helper()
	return pageAll(t, q.Limit, func(cursor string) (jixiao.Page[jixiao.IndicatorRow], error) {
		q.Cursor = cursor
		return st.Indicators(ctx(t), q)
	}, func(r jixiao.IndicatorRow) int64 { return r.ID })
}

// pageAll follows the cursors from the first page to the last, failing on
// an error, an oversized page, a row listed twice or paging that never ends.
func pageAll[T any](t *testing.T, limit int, page func(cursor string) (jixiao.Page[T], error), id func(T) int64) []T {
	t.Helper()
	var out []T
	seen := map[int64]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		p, err := page(cursor)
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		if limit > 0 && len(p.Items) > limit {
			t.Fatalf("page of %d rows for limit %d", len(p.Items), limit)
		}
		for _, r := range p.Items {
			if seen[id(r)] {
				t.Fatalf("row %d listed twice", id(r))
			}
			seen[id(r)] = true
		}
		out = append(out, p.Items...)
		if p.NextCursor == "" {
			return out
		}
		if pages > 100000 {
			t.Fatal("paging does not end")
		}
		cursor = p.NextCursor
	}
}

func testProjectPaging(t *testing.T, st jixiao.Store) {
	docs := []*jixiao.Document{NewDocument("从化", 53, 1), NewDocument("增城", 48, 1), NewDocument("黄埔", 1, 1)}
	for _, d := range docs {
		save(t, st, d)
	}
	var want []string
	for _, d := range docs {
		for _, p := range d.Projects {
			want = append(want, fmt.Sprintf("%d/%d %s", d.ID, p.Seq, p.Name))
		}
	}
	for _, limit := range []int{1, 7, 50, 101, 0} {
		var got []string
		for _, r := range allProjects(t, st, jixiao.ProjectQuery{Limit: limit}) {
			got = append(got, fmt.Sprintf("%d/%d %s", r.DocumentID, r.Seq, r.Name))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("limit %d: %d projects %v…, want %d %v…", limit, len(got), head(got), len(want), head(want))
		}
	}
	// Filters: one document, one unit.
	d := docs[1]
	rows := allProjects(t, st, jixiao.ProjectQuery{DocumentID: d.ID, Unit: d.Units[1].Name, Limit: 5})
	if n := len(d.UnitProjects(d.Units[1].Name)); len(rows) != n || n == 0 {
		t.Fatalf("document %d unit %s: %d projects, want %d", d.ID, d.Units[1].Name, len(rows), n)
	}
	r := rows[0]
	if r.DocumentTitle != d.Title || r.DocumentAgency != d.Agency || r.DocumentYear != d.Year || r.MoneyUnit != d.MoneyUnit {
		t.Errorf("row heading %q %q %d %q", r.DocumentTitle, r.DocumentAgency, r.DocumentYear, r.MoneyUnit)
	}
	p := d.UnitProjects(d.Units[1].Name)[0]
	want1 := *p
	want1.Indicators = nil
	got1 := r.Project
	got1.Indicators = nil
	sameJSON(t, "project row", got1, want1)
}

func head(s []string) []string { return s[:min(len(s), 3)] }

func testIndicatorPaging(t *testing.T, st jixiao.Store) {
	docs := []*jixiao.Document{NewDocument("从化", 20, 6), NewDocument("增城", 9, 7)}
	for _, d := range docs {
		save(t, st, d)
	}
	var want []string
	for _, d := range docs {
		for _, p := range d.Projects {
			for _, in := range p.Indicators {
				want = append(want, fmt.Sprintf("%d/%d/%d %s", d.ID, p.Seq, in.Seq, in.Name))
			}
		}
	}
	for _, limit := range []int{1, 13, 50, 0, 1000} {
		var got []string
		for _, r := range allIndicators(t, st, jixiao.IndicatorQuery{Limit: limit}) {
			got = append(got, fmt.Sprintf("%d/%d/%d %s", r.DocumentID, r.ProjectSeq, r.Seq, r.Name))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("limit %d: %d indicators, want %d", limit, len(got), len(want))
		}
	}
	d := docs[1]
	p := d.Projects[3]
	rows := allIndicators(t, st, jixiao.IndicatorQuery{DocumentID: d.ID, Limit: 1000})
	r := rows[3*7+2]
	if r.ProjectID != p.ID || r.Project != p.Name || r.Unit != p.Unit || r.DocumentTitle != d.Title || r.ProjectSeq != p.Seq {
		t.Errorf("indicator row context %+v", r)
	}
	sameJSON(t, "indicator row", r.Indicator, p.Indicators[2])
	// ProjectUnit keeps the indicators of one unit's projects, in listings
	// and in facet counts alike.
	nWant := 0
	for _, q := range d.Projects {
		if q.Unit == p.Unit {
			nWant += len(q.Indicators)
		}
	}
	byUnit := jixiao.IndicatorQuery{DocumentID: d.ID, ProjectUnit: p.Unit, Limit: 1000}
	rows = allIndicators(t, st, byUnit)
	for _, r := range rows {
		if r.Unit != p.Unit {
			t.Errorf("ProjectUnit %s lists an indicator of %s", p.Unit, r.Unit)
		}
	}
	facets, err := st.IndicatorFacets(context.Background(), byUnit)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range facets["level1"] {
		n += c.Count
	}
	if len(rows) != nWant || n != nWant || nWant == len(allIndicators(t, st, jixiao.IndicatorQuery{DocumentID: d.ID, Limit: 1000})) {
		t.Errorf("ProjectUnit %s: %d rows, facets count %d, want %d (fewer than the document's)", p.Unit, len(rows), n, nWant)
	}
}

// The search cases: 1, 2 and 3+ characters, full-width and upper-case
// queries against full-width and Latin names.
var searches = []string{"培", "培训", "满意", "满意度", "培训人次", "就业补助", "ＷＰＳ", "wps", "Office 正版", "率", "不存在的词", "%", "_"}

func testSearch(t *testing.T, st jixiao.Store) {
	docs := []*jixiao.Document{NewDocument("从化", 30, 4), NewDocument("增城", 11, 3)}
	for _, d := range docs {
		save(t, st, d)
	}
	checkSearches(t, st, docs, searches, 4, 9)
	// Search combines with the other filters.
	rows := allIndicators(t, st, jixiao.IndicatorQuery{Q: "满意", DocumentID: docs[1].ID, Kind: jixiao.KindQuantitative})
	for _, r := range rows {
		if r.DocumentID != docs[1].ID || r.Annual.Value == "" {
			t.Fatalf("filtered search returned %+v", r)
		}
	}
}

// testSearchFrequent searches for keys that match thousands of rows, for
// which a store may plan differently (sqldb.frequentMatches).
func testSearchFrequent(t *testing.T, st jixiao.Store) {
	docs := []*jixiao.Document{NewDocument("从化", 1200, 5), NewDocument("增城", 300, 3)}
	for _, d := range docs {
		save(t, st, d)
	}
	checkSearches(t, st, docs, []string{"培训", "率", "满意度", "培训人次"}, 200, 500)
}

// checkSearches compares each search, paged with the given limits, with
// the matches found by reading every name of docs.
func checkSearches(t *testing.T, st jixiao.Store, docs []*jixiao.Document, queries []string, plimit, ilimit int) {
	t.Helper()
	for _, q := range queries {
		key := sqldb.SearchKey(q)
		var wantP, wantI []string
		for _, d := range docs {
			for _, p := range d.Projects {
				pm := strings.Contains(sqldb.SearchKey(p.Name), key)
				if pm {
					wantP = append(wantP, fmt.Sprint(p.ID))
				}
				for _, in := range p.Indicators {
					if pm || strings.Contains(sqldb.SearchKey(in.Name), key) {
						wantI = append(wantI, fmt.Sprint(in.ID))
					}
				}
			}
		}
		var gotP, gotI []string
		for _, r := range allProjects(t, st, jixiao.ProjectQuery{Q: q, Limit: plimit}) {
			gotP = append(gotP, fmt.Sprint(r.ID))
		}
		for _, r := range allIndicators(t, st, jixiao.IndicatorQuery{Q: q, Limit: ilimit}) {
			gotI = append(gotI, fmt.Sprint(r.ID))
		}
		if !slices.Equal(gotP, wantP) {
			t.Errorf("projects %q: %d found, want %d", q, len(gotP), len(wantP))
		}
		if !slices.Equal(gotI, wantI) {
			t.Errorf("indicators %q: %d found, want %d", q, len(gotI), len(wantI))
		}
		if (q == "培训" || q == "wps") && len(wantP) == 0 || (q == "满意" || q == "满意度") && len(wantI) == 0 {
			t.Errorf("fixture gives no match for %q", q)
		}
	}
}

func testFacets(t *testing.T, st jixiao.Store) {
	docs := []*jixiao.Document{NewDocument("从化", 17, 5), NewDocument("增城", 8, 3)}
	for _, d := range docs {
		save(t, st, d)
	}
	for _, q := range []jixiao.IndicatorQuery{{}, {Q: "满意"}, {DocumentID: docs[0].ID, Level1Code: "1"},
		{Kind: jixiao.KindQualitative}, {Unit: "%", Limit: 3, Cursor: ""}, {Level2Code: "12", Q: "培训人次"}} {
		got, err := st.IndicatorFacets(ctx(t), q)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]map[string]int{"level1": {}, "level2": {}, "kind": {}, "unit": {}, "document": {}}
		for _, r := range allIndicators(t, st, q) {
			want["level1"][r.Level1Code]++
			want["level2"][r.Level2Code]++
			kind := jixiao.KindQualitative
			if r.Annual.Quantitative() {
				kind = jixiao.KindQuantitative
			}
			want["kind"][kind]++
			if r.Annual.Unit != "" {
				want["unit"][r.Annual.Unit]++
			}
			want["document"][fmt.Sprint(r.DocumentID)]++
		}
		for facet, counts := range want {
			have := map[string]int{}
			for _, c := range got[facet] {
				have[c.Value] = c.Count
				if c.Label == "" {
					t.Errorf("facet %s value %q has no label", facet, c.Value)
				}
			}
			sameJSON(t, fmt.Sprintf("facet %s of %+v", facet, q), have, counts)
		}
		for _, c := range got["level1"] {
			if c.Value == "3" && c.Label != "满意度指标" {
				t.Errorf("level1 3 labelled %q", c.Label)
			}
		}
		for _, c := range got["document"] {
			// Named by department and year: one department's tables of
			// two years stand side by side.
			if want := jixiao.DocumentLabel(docs[1].Agency, docs[1].Year); c.Value == fmt.Sprint(docs[1].ID) && c.Label != want {
				t.Errorf("document facet label %q, want %q", c.Label, want)
			}
		}
	}
}

func testFindings(t *testing.T, st jixiao.Store) {
	a, b := NewDocument("从化", 7, 2), NewDocument("增城", 4, 2)
	save(t, st, a)
	save(t, st, b)
	all := append(append([]jixiao.Finding{}, a.Findings...), b.Findings...)
	for _, q := range []jixiao.FindingQuery{{}, {DocumentID: b.ID}, {Rule: "target.mismatch"},
		{Severity: jixiao.SeverityError}, {DocumentID: a.ID, Severity: jixiao.SeverityWarning}, {Rule: "none"},
		{DocumentID: a.ID, ProjectSeq: 4}, {DocumentID: a.ID, ProjectSeq: 2}, {ProjectSeq: 1},
		{DocumentID: b.ID, ProjectSeq: 1, Rule: "target.mismatch"}} {
		want := []jixiao.Finding{}
		for _, f := range all {
			if (q.DocumentID == 0 || f.DocumentID == q.DocumentID) && (q.Rule == "" || f.Rule == q.Rule) &&
				(q.ProjectSeq == 0 || f.ProjectSeq == q.ProjectSeq) &&
				(q.Severity == "" || f.Severity == q.Severity) {
				want = append(want, f)
			}
		}
		got, err := st.Findings(ctx(t), q)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, fmt.Sprintf("findings %+v", q), got, want)
	}
}

func testBadQueries(t *testing.T, st jixiao.Store) {
	save(t, st, NewDocument("从化", 3, 2))
	for _, c := range []string{"garbage", "cA", "aS4xMi4z"} {
		if _, err := st.Projects(ctx(t), jixiao.ProjectQuery{Cursor: c}); !errors.Is(err, jixiao.ErrInvalid) {
			t.Errorf("Projects cursor %q: %v, want ErrInvalid", c, err)
		}
		if _, err := st.Indicators(ctx(t), jixiao.IndicatorQuery{Cursor: c + "x"}); !errors.Is(err, jixiao.ErrInvalid) {
			t.Errorf("Indicators cursor %q: %v, want ErrInvalid", c, err)
		}
	}
	if _, err := st.Indicators(ctx(t), jixiao.IndicatorQuery{Kind: "both"}); !errors.Is(err, jixiao.ErrInvalid) {
		t.Errorf("bad kind: %v, want ErrInvalid", err)
	}
}

// testBlankCells saves money cells the source left blank (Amounts.Blank) in
// a project, a unit's stated row and the 合计 row beside a printed 0.00,
// and reads them back from the document, the project and the project
// listing: a blank cell stays blank, a 0.00 stays 0.00.
func testBlankCells(t *testing.T, st jixiao.Store) {
	doc := NewDocument("空白", 4, 2)
	both := jixiao.ColSpecialAccount | jixiao.ColOther
	doc.Projects[0].Amounts.Blank = jixiao.ColOther // its 财政专户拨款 is not 0, its 其他资金 is blank
	doc.Projects[1].Amounts.SpecialAccount, doc.Projects[1].Amounts.Blank = 0, both
	doc.Projects[2].Amounts.Other = 0 // a printed 0.00: not blank
	doc.Units[1].Stated.Blank = jixiao.ColOther
	doc.Stated.Blank = jixiao.ColOther
	save(t, st, doc)
	got, err := st.Document(ctx(t), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "document with blank cells", got, doc)
	if got.Stated.Blank != jixiao.ColOther || got.Units[0].Stated.Blank != 0 || got.Units[1].Stated.Blank != jixiao.ColOther {
		t.Errorf("stated blanks: 合计 %v, units %v %v", got.Stated.Blank.Names(), got.Units[0].Stated.Blank.Names(),
			got.Units[1].Stated.Blank.Names())
	}
	want := []jixiao.AmountCols{jixiao.ColOther, both, 0, 0}
	for i, p := range got.Projects {
		if p.Amounts.Blank != want[i] {
			t.Errorf("project %d: blank %v, want %v", p.Seq, p.Amounts.Blank.Names(), want[i].Names())
		}
	}
	p, err := st.Project(ctx(t), doc.Projects[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Amounts != doc.Projects[1].Amounts {
		t.Errorf("Project: amounts %+v, want %+v", p.Amounts, doc.Projects[1].Amounts)
	}
	rows := allProjects(t, st, jixiao.ProjectQuery{DocumentID: doc.ID})
	if len(rows) != len(want) {
		t.Fatalf("%d project rows, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		if r.Amounts.Blank != want[r.Seq-1] {
			t.Errorf("listed project %d: blank %v, want %v", r.Seq, r.Amounts.Blank.Names(), want[r.Seq-1].Names())
		}
	}
}

// testUnreadCells saves money cells the reader could not read
// (Amounts.Unread) in a project beside a blank and a readable one, and in
// the 合计 row, and reads them back from the document, the project and the
// project listing: an unread cell stays unread and the table's status says
// which project has one.
func testUnreadCells(t *testing.T, st jixiao.Store) {
	doc := NewDocument("未读出", 3, 1)
	doc.Projects[0].Amounts = jixiao.Amounts{Fiscal: 6_700, Blank: jixiao.ColOther, Unread: jixiao.ColTotal | jixiao.ColSpecialAccount}
	doc.Projects[0].Raw = "| 办公楼物业管理 | 六十七 | 0.67 | 一 | |"
	doc.Stated.Unread = jixiao.ColFiscal
	save(t, st, doc)
	got, err := st.Document(ctx(t), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "document with unread cells", got, doc)
	if got.Stated.Unread != jixiao.ColFiscal || got.Projects[0].Amounts != doc.Projects[0].Amounts || got.Projects[1].Amounts.Unread != 0 {
		t.Errorf("read back: 合计 %+v, projects %+v %+v", got.Stated, got.Projects[0].Amounts, got.Projects[1].Amounts)
	}
	p, err := st.Project(ctx(t), doc.Projects[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Amounts != doc.Projects[0].Amounts {
		t.Errorf("Project: amounts %+v, want %+v", p.Amounts, doc.Projects[0].Amounts)
	}
	for _, r := range allProjects(t, st, jixiao.ProjectQuery{DocumentID: doc.ID}) {
		if want := doc.Projects[r.Seq-1].Amounts.Unread; r.Amounts.Unread != want {
			t.Errorf("listed project %d: unread %v, want %v", r.Seq, r.Amounts.Unread.Names(), want.Names())
		}
	}
	wp, ok := st.(jixiao.WorkflowProvider)
	if !ok {
		return
	}
	status, err := wp.Workflow().DocumentStatus(ctx(t), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, ps := range status.Projects {
		if ps.Unread != (i == 0) {
			t.Errorf("status of project %d: unread %v", i+1, ps.Unread)
		}
	}
}

// testUnreadTotals: the document listing's total is the 合计 row's 总计 when
// it was read; when it could not be read (or there is no 合计 row) it is
// the projects' sum, with the projects whose 总计 could not be read counted
// (they are not in the sum).
func testUnreadTotals(t *testing.T, st jixiao.Store) {
	read := NewDocument("合计已读", 4, 1) // project 4 is kept raw
	save(t, st, read)
	unread := NewDocument("合计未读", 4, 1)
	unread.Stated.Total, unread.Stated.Unread = 0, jixiao.ColTotal
	unread.Projects[1].Amounts.Unread = jixiao.ColTotal // and project 4 kept raw
	save(t, st, unread)
	var sum jixiao.Money
	for _, p := range unread.Projects {
		sum += p.Amounts.Total
	}
	docs, err := st.Documents(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		switch d.ID {
		case read.ID:
			if d.Total != read.Stated.Total || d.UnreadProjects != 0 {
				t.Errorf("合计 read: total %v, %d unread projects; want %v, 0", d.Total, d.UnreadProjects, read.Stated.Total)
			}
		case unread.ID:
			if d.Total != sum || d.UnreadProjects != 2 {
				t.Errorf("合计 unread: total %v, %d unread projects; want the projects' sum %v, 2", d.Total, d.UnreadProjects, sum)
			}
		}
	}
}
