package service_test

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
)

// review is a complete 审核 with result res, every criterion marked m.
func review(m jixiao.Mark, res jixiao.Result, opinion, fixes string) jixiao.Review {
	r := jixiao.Review{Result: res, Opinion: opinion, Fixes: fixes}
	for _, c := range jixiao.Criteria {
		cr := jixiao.CriterionReview{Criterion: c, Mark: m}
		if m != jixiao.MarkMeets {
			cr.Opinion = "  " + string(c) + "需完善  "
		}
		r.Criteria = append(r.Criteria, cr)
	}
	return r
}

func TestReviewProject(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		u := c.users
		id := projectOf(d, u["filer"].Unit).ID
		good := review(jixiao.MarkMostlyMeets, jixiao.ResultGood, "", "补充满意度指标")
		_, _, err := c.s.Targets.ReviewProject(c.ctx, u["dept"], id, good)
		is(t, "review a draft", err, jixiao.ErrConflict)
		_, err = c.s.Targets.Submit(c.ctx, u["filer"], id)
		is(t, "submit", err, nil)
		for who, kind := range map[string]error{"": jixiao.ErrNotFound, "filer-b": jixiao.ErrNotFound,
			"filer": jixiao.ErrForbidden, "admin": jixiao.ErrForbidden, "dept-out": jixiao.ErrNotFound} {
			_, _, err := c.s.Targets.ReviewProject(c.ctx, u[who], id, good)
			is(t, who+" reviews", err, kind)
		}
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["finance"], id, good)
		is(t, "finance before the department", err, jixiao.ErrConflict)
		incomplete := good
		incomplete.Criteria = incomplete.Criteria[:3]
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["dept"], id, incomplete)
		is(t, "three criteria", err, jixiao.ErrInvalid)
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["dept"], id, review(jixiao.MarkMeets, jixiao.ResultGood, "", " "))
		is(t, "良 without fixes", err, jixiao.ErrInvalid)

		// 中 returns the project to its filer.
		fair := review(jixiao.MarkFails, jixiao.ResultFair, "指标未细化量化，请修改", "")
		sr, st, err := c.s.Targets.ReviewProject(c.ctx, u["dept"], id, fair)
		is(t, "dept 中", err, nil)
		if st.State != jixiao.StateDraft || sr.Tier != jixiao.RoleDeptReviewer || sr.Reviewer != "dept" ||
			sr.Criteria[0].Opinion != "完整性需完善" || !c.audited(t, d.ID, jixiao.ActionDeptReturn, "dept") {
			t.Errorf("after 中: %+v %+v", st, sr)
		}
		if !sr.Pending(st.State) {
			t.Errorf("a returned 中 is not pending for the filer")
		}
		sheet, err := c.s.Targets.Reviews(c.ctx, u["filer"], id)
		is(t, "filer reads the reviews", err, nil)
		if sheet.CanReview || sheet.Prefill != nil || len(sheet.Reviews) != 1 || sheet.Latest().Opinion != "指标未细化量化，请修改" {
			t.Errorf("filer's sheet %+v", sheet)
		}
		// Resubmitted, the department gives 良; finance sees its review.
		_, err = c.s.Targets.Submit(c.ctx, u["filer"], id)
		is(t, "resubmit", err, nil)
		sheet, err = c.s.Targets.Reviews(c.ctx, u["dept"], id)
		is(t, "dept reads the sheet", err, nil)
		if !sheet.CanReview || sheet.Prefill == nil || len(sheet.Prefill.Criteria) != 4 || sheet.Prefill.Tier != jixiao.RoleDeptReviewer {
			t.Fatalf("dept's sheet %+v", sheet)
		}
		if sheet.Latest().Pending(sheet.Status.State) {
			t.Errorf("the 中 is still pending after the resubmission")
		}
		_, st, err = c.s.Targets.ReviewProject(c.ctx, u["dept"], id, good)
		is(t, "dept 良", err, nil)
		if st.State != jixiao.StateDeptApproved || !c.audited(t, d.ID, jixiao.ActionDeptApprove, "dept") {
			t.Errorf("after 良: %+v", st)
		}
		sheet, err = c.s.Targets.Reviews(c.ctx, u["finance"], id)
		is(t, "finance reads the sheet", err, nil)
		if !sheet.CanReview || len(sheet.Reviews) != 2 || sheet.Reviews[1].Fixes != "补充满意度指标" || sheet.Prefill.Tier != jixiao.RoleFinanceReviewer {
			t.Errorf("finance's sheet %+v", sheet)
		}
		_, err = c.s.Targets.Reviews(c.ctx, u["filer-b"], id)
		is(t, "another unit reads", err, jixiao.ErrNotFound)
		_, err = c.s.Targets.Reviews(c.ctx, nil, id)
		is(t, "a visitor reads", err, jixiao.ErrNotFound)

		// 优 with a 不符合 is refused; 差 rejects: 不予安排, no way out.
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["finance"], id, review(jixiao.MarkFails, jixiao.ResultExcellent, "", ""))
		is(t, "优 with 不符合", err, jixiao.ErrInvalid)
		_, st, err = c.s.Targets.ReviewProject(c.ctx, u["finance"], id, review(jixiao.MarkFails, jixiao.ResultPoor, "与部门职能无关", ""))
		is(t, "finance 差", err, nil)
		if st.State != jixiao.StateRejected || !c.audited(t, d.ID, jixiao.ActionFinanceReject, "finance") {
			t.Errorf("after 差: %+v", st)
		}
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["finance"], id, review(jixiao.MarkMeets, jixiao.ResultExcellent, "", ""))
		is(t, "review a rejected project", err, jixiao.ErrConflict)
		es, _ := c.st.Workflow().History(c.ctx, d.ID)
		last := es[len(es)-1]
		if last.Action != jixiao.ActionFinanceReject || !strings.Contains(last.Comment, "审核结果：差") || !strings.Contains(last.Comment, "与部门职能无关") {
			t.Errorf("the 差's audit entry %+v", last)
		}
		// Its filer cannot edit it but removes it, so that the rest can be published.
		_, err = c.s.Targets.Editable(c.ctx, u["filer"], id)
		is(t, "edit a rejected project", err, jixiao.ErrConflict)
		is(t, "dept removes the rejected project", c.s.Targets.RemoveProject(c.ctx, u["dept"], id), jixiao.ErrForbidden)
		is(t, "filer removes the rejected project", c.s.Targets.RemoveProject(c.ctx, u["filer"], id), nil)
		if rs, err := c.st.Workflow().ProjectReviews(c.ctx, id); err != nil || len(rs) != 0 {
			t.Errorf("reviews of the removed project: %+v %v", rs, err)
		}
		// The published table is not reviewed.
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["finance"], projectOf(c.pub, u["filer"].Unit).ID, good)
		is(t, "review the published table", err, jixiao.ErrConflict)
	})
}

// TestReviewOnlyAtStage: finance reviews a 部门已审 project, not one it has
// approved already (a plain return sends that back).
func TestReviewOnlyAtStage(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		u := c.users
		id := projectOf(d, u["filer"].Unit).ID
		_, err := c.s.Targets.Submit(c.ctx, u["filer"], id)
		is(t, "submit", err, nil)
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["dept"], id, review(jixiao.MarkMeets, jixiao.ResultExcellent, "", ""))
		is(t, "dept 优", err, nil)
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["finance"], id, review(jixiao.MarkMeets, jixiao.ResultExcellent, "", ""))
		is(t, "finance 优", err, nil)
		_, _, err = c.s.Targets.ReviewProject(c.ctx, u["finance"], id, review(jixiao.MarkMeets, jixiao.ResultFair, "再看看", ""))
		is(t, "finance 中 after approving", err, jixiao.ErrConflict)
		sheet, err := c.s.Targets.Reviews(c.ctx, u["finance"], id)
		is(t, "finance reads", err, nil)
		if sheet.CanReview || sheet.Prefill != nil || len(sheet.Reviews) != 2 {
			t.Errorf("finance's sheet after approving: %+v", sheet)
		}
	})
}

// TestReviewsStayInScopeWhenPublished: once the table is published every
// project is readable by everyone, but a project's reviews (opinions,
// fixes, the reviewer) stay with its unit, its department and finance;
// another unit's filer read them on the workbench (second read).
func TestReviewsStayInScopeWhenPublished(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		filers := map[string]*jixiao.User{c.users["filer"].Unit: c.users["filer"], c.users["filer-b"].Unit: c.users["filer-b"]}
		good := review(jixiao.MarkMostlyMeets, jixiao.ResultGood, "", "补充满意度指标")
		best := review(jixiao.MarkMeets, jixiao.ResultExcellent, "", "")
		reviewed := 0
		for i, p := range d.Projects {
			f := filers[p.Unit]
			if f == nil {
				f = c.user(t, fmt.Sprintf("filer-%d", i), jixiao.RoleFiler, p.Unit, "")
				filers[p.Unit] = f
			}
			if _, err := c.s.Targets.Submit(c.ctx, f, p.ID); err != nil {
				// A project with error findings cannot be submitted: the
				// unit takes it out of the draft instead.
				if err := c.s.Targets.RemoveProject(c.ctx, f, p.ID); err != nil {
					t.Fatal(err)
				}
				continue
			}
			reviewed++
			if _, _, err := c.s.Targets.ReviewProject(c.ctx, c.users["dept"], p.ID, good); err != nil {
				t.Fatal(err)
			}
			if _, _, err := c.s.Targets.ReviewProject(c.ctx, c.users["finance"], p.ID, best); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.s.Targets.Publish(c.ctx, c.users["finance"], d.ID, ""); err != nil {
			t.Fatal(err)
		}
		a, b := projectOf(d, c.users["filer"].Unit), projectOf(d, c.users["filer-b"].Unit)
		got, err := c.s.Targets.LatestReviews(c.ctx, c.users["filer-b"], d.ID)
		is(t, "filer-b's reviews", err, nil)
		if _, leaked := got[a.ID]; leaked {
			t.Errorf("unit B's filer reads the review of unit A's project %d", a.ID)
		}
		if _, own := got[b.ID]; !own {
			t.Errorf("unit B's filer does not read their own project's review")
		}
		if all, _ := c.s.Targets.LatestReviews(c.ctx, c.users["finance"], d.ID); len(all) != reviewed {
			t.Errorf("finance reads %d of %d projects' reviews", len(all), reviewed)
		}
	})
}

// TestStaleReviewRefused: a review names the version it judged; once the
// filer has changed the project (returned, edited, resubmitted), a review
// of the old version is refused and stores nothing (second read).
func TestStaleReviewRefused(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		u := c.users
		p := projectOf(d, u["filer"].Unit)
		if _, err := c.s.Targets.Submit(c.ctx, u["filer"], p.ID); err != nil {
			t.Fatal(err)
		}
		st, _ := c.s.Targets.ProjectStatus(c.ctx, u["dept"], p.ID)
		seen := st.Version
		fair := review(jixiao.MarkFails, jixiao.ResultFair, "指标未细化量化，请修改", "")
		fair.SeenVersion = seen
		if _, _, err := c.s.Targets.ReviewProject(c.ctx, u["dept"], p.ID, fair); err != nil {
			t.Fatal(err)
		}
		edit := p
		edit.Goal = "按审核意见修改后的目标"
		if _, err := c.s.Targets.Save(c.ctx, u["filer"], p.ID, &edit, seen); err != nil {
			t.Fatal(err)
		}
		if _, err := c.s.Targets.Submit(c.ctx, u["filer"], p.ID); err != nil {
			t.Fatal(err)
		}
		best := review(jixiao.MarkMeets, jixiao.ResultExcellent, "", "")
		best.SeenVersion = seen
		_, _, err := c.s.Targets.ReviewProject(c.ctx, u["dept"], p.ID, best)
		is(t, "a review of the old version", err, jixiao.ErrConflict)
		sheet, _ := c.s.Targets.Reviews(c.ctx, u["dept"], p.ID)
		if len(sheet.Reviews) != 1 || sheet.Status.State != jixiao.StateSubmitted {
			t.Errorf("after the stale review: %d reviews, state %s", len(sheet.Reviews), sheet.Status.State)
		}
		best.SeenVersion = sheet.Status.Version
		if _, _, err := c.s.Targets.ReviewProject(c.ctx, u["dept"], p.ID, best); err != nil {
			t.Errorf("a review of the new version: %v", err)
		}
	})
}
