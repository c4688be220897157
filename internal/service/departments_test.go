package service_test

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/gen"
	"jixiao/internal/service"
)

// TestCompareDepartmentsEvaluation (issue 17 item 4): the comparison of a
// body carries each table's year-end self-evaluation as the viewer may
// see it. The unit's filer, who recorded one project, sees it scored; a
// visitor sees no score until finance has rechecked it (the default
// public_actuals), on both engines.
func TestCompareDepartmentsEvaluation(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		u := c.users
		mine := projectOf(c.pub, u["filer"].Unit)
		_, err := c.s.Monitoring.RecordActuals(c.ctx, u["filer"], c.pub.ID, "", complete(mine, "1"))
		is(t, "filer records one project", err, nil)
		_, body := jixiao.AgencyBody(c.pub.Agency)
		compare := func(by *jixiao.User) {
			t.Helper()
			v, err := c.s.Targets.View(c.ctx, by)
			is(t, "view", err, nil)
			cmp, err := v.CompareDepartments(c.ctx, c.s.Monitoring, body, c.pub.Year)
			is(t, "compare", err, nil)
			if len(cmp.Rows) != 1 || cmp.Rows[0].DocumentID != c.pub.ID || cmp.Rows[0].Quality.Projects != len(c.pub.Projects) {
				t.Fatalf("rows %+v", cmp.Rows)
			}
			if e := cmp.Rows[0].Evaluation; by != nil && (e == nil || e.Count != 1 || e.NotEvaluated != len(c.pub.Projects)-1) {
				t.Errorf("the filer's evaluation %+v", e)
			} else if by == nil && e != nil {
				t.Errorf("a visitor sees an unreviewed self-evaluation: %+v", e)
			}
		}
		compare(u["filer"])
		compare(nil)
	})
}

// TestCompareDepartmentsDraftInPart: a filer sees a draft through their
// unit only, and the comparison's money is that unit's projects, like its
// other figures, not the whole draft's 合计 (both engines).
func TestCompareDepartmentsDraftInPart(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		filer := c.users["filer"]
		var want jixiao.Money
		n := 0
		for _, p := range d.Projects {
			if p.Unit == filer.Unit {
				want += p.Amounts.Total
				n++
			}
		}
		if n == 0 || n == len(d.Projects) {
			t.Fatalf("the filer's unit has %d of %d projects", n, len(d.Projects))
		}
		v, err := c.s.Targets.View(c.ctx, filer)
		is(t, "view", err, nil)
		_, body := jixiao.AgencyBody(d.Agency)
		cmp, err := v.CompareDepartments(c.ctx, c.s.Monitoring, body, 2025)
		is(t, "compare", err, nil)
		if len(cmp.Rows) != 1 || cmp.Rows[0].DocumentID != d.ID {
			t.Fatalf("rows %+v", cmp.Rows)
		}
		if r := cmp.Rows[0]; r.Quality.Projects != n || r.Total != want || r.UnreadProjects != 0 {
			t.Errorf("the filer's row: %d projects, total %v; want %d, %v (the draft's 合计 is %v)",
				r.Quality.Projects, r.Total, n, want, d.Stated.Total)
		}
	})
}

// TestCompareDepartmentsCachedUntilDataChanges: a visitor's comparison is
// read once per change of the data (it reads whole tables), and the next
// import shows in it at once (both engines).
func TestCompareDepartmentsCachedUntilDataChanges(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		_, body := jixiao.AgencyBody(c.pub.Agency)
		compare := func() *service.DepartmentComparison {
			t.Helper()
			v, err := c.s.Targets.View(c.ctx, nil)
			is(t, "view", err, nil)
			cmp, err := v.CompareDepartments(c.ctx, c.s.Monitoring, body, 0)
			is(t, "compare", err, nil)
			return cmp
		}
		first := compare()
		if again := compare(); again != first || len(first.Rows) != 1 {
			t.Errorf("the second visitor's comparison was read again (or has %d rows)", len(first.Rows))
		}
		other := strings.Replace(string(sample(t, liwan)), "荔湾区", "海珠区", -1)
		_, err := c.s.Documents.Import(c.ctx, c.users["finance"], file("haizhu.md", []byte(other), 0))
		is(t, "import Haizhu", err, nil)
		if after := compare(); len(after.Rows) != 2 {
			t.Errorf("after the import the comparison has %d rows, want 2", len(after.Rows))
		}
	})
}

// TestCompareDepartmentsPeers: the comparison counts each table's findings
// against the 标杆值 as stored; gen.Peers' six districts checked against
// their own groups, district 3 with the planted target far below its peers
// and the planted cost outlier (both engines).
func TestCompareDepartmentsPeers(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		set := gen.Peers(60, 300)
		peers := check.BuildPeers(set.Docs)
		want := map[int64][2]int{}
		for _, d := range set.Docs {
			d.Findings = check.RunWith(d, check.Context{Peers: peers})
			if err := c.st.SaveDocument(c.ctx, d, jixiao.Actor(nil)); err != nil {
				t.Fatal(err)
			}
			var n [2]int
			for _, f := range d.Findings {
				n[0] += b2i(f.Rule == "target.below-peers")
				n[1] += b2i(f.Rule == "amount.cost-outlier")
			}
			want[d.ID] = n
		}
		if w := want[set.Docs[2].ID]; w[0] == 0 || w[1] == 0 {
			t.Fatalf("the planted cases were not found in district 3: %v", w)
		}
		v, err := c.s.Targets.View(c.ctx, nil)
		is(t, "view", err, nil)
		cmp, err := v.CompareDepartments(c.ctx, c.s.Monitoring, "人力资源和社会保障局", 0)
		is(t, "compare", err, nil)
		got := map[int64][2]int{}
		for _, r := range cmp.Rows {
			got[r.DocumentID] = [2]int{r.BelowPeers, r.CostOutliers}
		}
		want[c.pub.ID] = [2]int{} // Liwan was checked before the groups existed
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("below peers / cost outliers by table %v, want %v", got, want)
		}
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
