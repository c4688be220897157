package service_test

import (
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/service"
)

// TestFilerSeesOwnUnitDraftsOnly (bug b): a filer of unit A read unit B's
// draft project through GET /api/v1/projects/{id}, the document page, the
// CSV export and the history while the workbench hid it; through the View
// and the workflow reads a filer sees only their unit's draft projects.
func TestFilerSeesOwnUnitDraftsOnly(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		a, b := c.users["filer"], c.users["filer-b"]
		pa, pb := projectOf(d, a.Unit), projectOf(d, b.Unit)
		edit := pb
		edit.Goal = "乙单位的草稿目标"
		st, _ := c.s.Targets.ProjectStatus(c.ctx, b, pb.ID)
		if _, err := c.s.Targets.Save(c.ctx, b, pb.ID, &edit, st.Version); err != nil {
			t.Fatal(err)
		}
		v, err := c.s.Targets.View(c.ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		_, err = v.Project(c.ctx, pb.ID)
		is(t, "another unit's draft project", err, jixiao.ErrNotFound)
		if _, err := v.Project(c.ctx, pa.ID); err != nil {
			t.Errorf("own project: %v", err)
		}
		if _, err := v.Project(c.ctx, projectOf(c.pub, b.Unit).ID); err != nil {
			t.Errorf("another unit's published project: %v", err)
		}
		doc, err := v.Document(c.ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range doc.Projects {
			if p.Unit != a.Unit {
				t.Errorf("the draft shows %s's project %q", p.Unit, p.Name)
			}
		}
		for _, f := range doc.Findings {
			if f.ProjectSeq == pb.Seq || f.Unit != "" && f.Unit != a.Unit || f.ProjectSeq == 0 && f.Unit == "" && strings.HasPrefix(f.Rule, "amount.") {
				t.Errorf("a finding about the hidden projects, units or the 合计: %+v", f)
			}
		}
		// The 合计 row is the whole draft's: the filer's table has none, and
		// its total is the sum of the projects shown.
		var mine jixiao.Money
		for _, p := range doc.Projects {
			mine += p.Amounts.Total
		}
		if doc.HasStated || doc.Stated.Total != 0 || doc.Total().Total != mine || mine == d.Stated.Total {
			t.Errorf("the filer's table: 合计 %v (stated %v), total %v; the shown projects sum to %v",
				doc.Stated.Total, doc.HasStated, doc.Total().Total, mine)
		}
		rows, err := v.Projects(c.ctx, jixiao.ProjectQuery{DocumentID: d.ID, Limit: 500})
		if err != nil || len(rows.Items) != len(doc.Projects) {
			t.Errorf("listing: %d rows (%v), want %d", len(rows.Items), err, len(doc.Projects))
		}
		ins, err := v.Indicators(c.ctx, jixiao.IndicatorQuery{DocumentID: d.ID, Limit: 500})
		for _, in := range ins.Items {
			if in.ProjectID == pb.ID {
				t.Errorf("indicator of the hidden project listed: %+v (%v)", in, err)
			}
		}
		facets, err := v.IndicatorFacets(c.ctx, jixiao.IndicatorQuery{DocumentID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := facetTotal(facets["level1"]), len(ins.Items); got != want {
			t.Errorf("level-1 facets count %d indicators of the draft, the listing shows %d", got, want)
		}
		_, err = c.s.Targets.ProjectStatus(c.ctx, a, pb.ID)
		is(t, "its state", err, jixiao.ErrNotFound)
		es, err := c.s.Targets.History(c.ctx, a, d.ID)
		is(t, "history", err, nil)
		for _, e := range es {
			if e.ProjectID == pb.ID {
				t.Errorf("history shows the hidden project's entry %+v", e)
			}
		}
		ds, err := c.s.Targets.DocumentStatus(c.ctx, a, d.ID)
		for _, p := range ds.Projects {
			if p.Unit != a.Unit {
				t.Errorf("workflow status shows %+v (%v)", p, err)
			}
		}
		full, _ := c.s.Targets.View(c.ctx, c.users["dept"])
		if doc, err := full.Document(c.ctx, d.ID); err != nil || len(doc.Projects) != len(d.Projects) {
			t.Errorf("the department's reviewer sees %d of %d projects (%v)", len(doc.Projects), len(d.Projects), err)
		}
	})
}

func TestHiddenDraft(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		for _, who := range []string{"", "dept-out"} {
			v, err := c.s.Targets.View(c.ctx, c.users[who])
			if err != nil {
				t.Fatal(err)
			}
			_, err = v.Document(c.ctx, d.ID)
			is(t, who+" reads the draft", err, jixiao.ErrNotFound)
			docs, _ := v.Documents(c.ctx)
			if len(docs) != 1 {
				t.Errorf("%s lists %d documents", who, len(docs))
			}
			_, err = c.s.Targets.History(c.ctx, c.users[who], c.pub.ID)
			is(t, who+" reads the history", err, jixiao.ErrNotFound)
		}
		if !service.SeesReview(c.users["filer"], jixiao.DocumentStatus{Units: []string{c.users["filer"].Unit}}) {
			t.Error("a filer does not see their unit's review")
		}
	})
}

// facetTotal sums a facet's counts.
func facetTotal(counts []jixiao.FacetCount) int {
	n := 0
	for _, c := range counts {
		n += c.Count
	}
	return n
}

// TestProjectReadAsDocument: one project read by its id (View.Project,
// ProjectDetail, which do not read the drafts) is visible to exactly the
// users whose view of its document holds it, for every user of the
// fixture, every project of the published table and of a draft; what it
// shows is the document's project, heading and findings.
func TestProjectReadAsDocument(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		for who, u := range c.users {
			for _, doc := range []*jixiao.Document{c.pub, d} {
				checkProjectReads(t, c, who, u, doc.ID)
			}
		}
	})
}

func checkProjectReads(t *testing.T, c *fixture, who string, u *jixiao.User, docID int64) {
	t.Helper()
	all, _ := c.s.Targets.View(c.ctx, c.users["finance"]) // finance sees every project, to ask about
	whole, err := all.Document(c.ctx, docID)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := c.s.Targets.View(c.ctx, u)
	seen := map[int64]bool{}
	if doc, err := v.Document(c.ctx, docID); err == nil {
		for _, p := range doc.Projects {
			seen[p.ID] = true
		}
	}
	for _, want := range whole.Projects {
		got, err := v.ProjectDetail(c.ctx, want.ID)
		if !seen[want.ID] {
			is(t, who+" reads hidden project "+itoa(int(want.ID)), err, jixiao.ErrNotFound)
			continue
		}
		if err != nil {
			t.Fatalf("%s reads project %d: %v", who, want.ID, err)
		}
		fs, _ := v.Findings(c.ctx, jixiao.FindingQuery{DocumentID: docID, ProjectSeq: want.Seq})
		if got.Name != want.Name || got.DocumentTitle != whole.Title || got.MoneyUnit != whole.MoneyUnit ||
			len(got.Indicators) != len(want.Indicators) || len(got.Findings) != len(fs) {
			t.Errorf("%s reads project %d as %+v", who, want.ID, got.ProjectRow)
		}
	}
}
