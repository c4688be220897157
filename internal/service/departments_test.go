package service_test

import (
	"testing"

	"jixiao"
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
