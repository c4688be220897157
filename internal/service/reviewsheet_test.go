package service_test

import (
	"testing"

	"jixiao"
)

// TestDocumentReviews: the document's 审核意见表 pairs each project with its
// latest review per tier, counts the projects per standing result (the
// finance review over the department's), and is read only within scope;
// a unit's filer sees their own unit's rows.
func TestDocumentReviews(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		u := c.users
		mine, other := projectOf(d, u["filer"].Unit).ID, projectOf(d, c.otherUnit()).ID
		_, err := c.s.Targets.Submit(c.ctx, u["filer"], mine)
		is(t, "submit", err, nil)
		_, err = c.s.Targets.Submit(c.ctx, u["filer-b"], other)
		is(t, "submit the other unit's project", err, nil)
		fair := review(jixiao.MarkFails, jixiao.ResultFair, "指标未细化量化，请修改", "")
		good := review(jixiao.MarkMostlyMeets, jixiao.ResultGood, "", "补充满意度指标")
		excellent := review(jixiao.MarkMeets, jixiao.ResultExcellent, "", "")
		steps := []struct {
			who string
			id  int64
			r   jixiao.Review
		}{{"dept", mine, fair}, {"filer", mine, jixiao.Review{}}, {"dept", mine, good}, {"finance", mine, excellent}, {"dept", other, good}}
		for _, s := range steps {
			var err error
			if s.who == "filer" {
				_, err = c.s.Targets.Submit(c.ctx, u["filer"], s.id)
			} else {
				_, _, err = c.s.Targets.ReviewProject(c.ctx, u[s.who], s.id, s.r)
			}
			is(t, s.who+" step", err, nil)
		}

		sheet, err := c.s.Targets.DocumentReviews(c.ctx, u["finance"], d.ID)
		is(t, "finance reads the sheet", err, nil)
		if len(sheet.Rows) != len(d.Projects) {
			t.Fatalf("finance's sheet has %d rows, the draft %d projects", len(sheet.Rows), len(d.Projects))
		}
		rows := map[int64]int{}
		for i, r := range sheet.Rows {
			rows[r.Project.ID] = i
		}
		m, o := sheet.Rows[rows[mine]], sheet.Rows[rows[other]]
		if m.Dept == nil || m.Dept.Result != jixiao.ResultGood || m.Finance == nil || m.Standing().Result != jixiao.ResultExcellent ||
			len(m.Reviews()) != 2 || m.Status.State != jixiao.StateFinanceApproved {
			t.Errorf("the reviewed project's row: %+v", m)
		}
		if o.Finance != nil || o.Standing() == nil || o.Standing().Result != jixiao.ResultGood {
			t.Errorf("the other unit's row: %+v", o)
		}
		want := map[jixiao.Result]int{jixiao.ResultExcellent: 1, jixiao.ResultGood: 1}
		if len(sheet.Counts) != 2 || sheet.Counts[jixiao.ResultExcellent] != 1 || sheet.Counts[jixiao.ResultGood] != 1 ||
			sheet.Unreviewed != len(d.Projects)-2 {
			t.Errorf("counts %v, unreviewed %d; want %v and %d", sheet.Counts, sheet.Unreviewed, want, len(d.Projects)-2)
		}

		filer, err := c.s.Targets.DocumentReviews(c.ctx, u["filer"], d.ID)
		is(t, "the filer reads the sheet", err, nil)
		for _, r := range filer.Rows {
			if r.Project.Unit != u["filer"].Unit {
				t.Errorf("the filer sees %s's row", r.Project.Unit)
			}
		}
		if len(filer.Rows) == 0 || filer.Counts[jixiao.ResultGood] != 0 {
			t.Errorf("the filer's sheet: %d rows, counts %v", len(filer.Rows), filer.Counts)
		}
		for _, who := range []string{"", "dept-out"} {
			_, err := c.s.Targets.DocumentReviews(c.ctx, u[who], d.ID)
			is(t, who+" reads the sheet", err, jixiao.ErrNotFound)
		}
	})
}
