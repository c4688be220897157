package storetest

import (
	"errors"
	"testing"

	"jixiao"
)

// testReviews: a store that keeps the workflow keeps each 审核 of a project
// with its move, in one transaction with the audit entry; a stale review
// stores nothing; a 差 leads to 不予安排.
func testReviews(t *testing.T, st jixiao.Store) {
	wp, ok := st.(jixiao.WorkflowProvider)
	if !ok {
		t.Skipf("%T keeps no workflow", st)
	}
	wf := wp.Workflow()
	pub := NewDocument("荔湾", 4, 3)
	save(t, st, pub)
	dept := &jixiao.User{Username: "部门审核", Role: jixiao.RoleDeptReviewer, Department: pub.Agency}
	fin := &jixiao.User{Username: "财政审核", Role: jixiao.RoleFinanceReviewer}
	for _, u := range []*jixiao.User{dept, fin} {
		if err := wf.CreateUser(ctx(t), u, "not-a-real-hash", jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	d, err := wf.CreateDraft(ctx(t), pub.ID, 2025, jixiao.Actor(dept))
	if err != nil {
		t.Fatal(err)
	}
	move := func(u *jixiao.User, a jixiao.Action, from, to jixiao.State) jixiao.AuditEntry {
		e := jixiao.Actor(u)
		e.Action, e.FromState, e.ToState = a, from, to
		return e
	}
	p, q := d.Projects[0].ID, d.Projects[1].ID
	for _, id := range []int64{p, q} {
		if _, err := wf.SetProjectState(ctx(t), id, move(dept, jixiao.ActionSubmit, jixiao.StateDraft, jixiao.StateSubmitted)); err != nil {
			t.Fatal(err)
		}
	}
	criteria := func(m jixiao.Mark, opinion string) []jixiao.CriterionReview {
		var out []jixiao.CriterionReview
		for _, c := range jixiao.Criteria {
			out = append(out, jixiao.CriterionReview{Criterion: c, Mark: m, Opinion: opinion})
		}
		return out
	}
	good := &jixiao.StoredReview{ProjectID: p, Review: jixiao.Review{Tier: jixiao.RoleDeptReviewer,
		Criteria: criteria(jixiao.MarkMostlyMeets, "指标不够细化"), Result: jixiao.ResultGood, Fixes: "补充质量指标"}}
	e := move(dept, jixiao.ActionDeptApprove, jixiao.StateSubmitted, jixiao.StateDeptApproved)
	e.Comment = good.Opinions()
	ps, err := wf.ReviewProject(ctx(t), good, e)
	if err != nil || ps.State != jixiao.StateDeptApproved || good.ID == 0 || good.DocumentID != d.ID || good.Version != 1 {
		t.Fatalf("review 良: %+v %+v %v", ps, good, err)
	}
	// The same review again is stale: nothing is stored.
	stale := *good
	if _, err := wf.ReviewProject(ctx(t), &stale, e); !errors.Is(err, jixiao.ErrConflict) {
		t.Errorf("stale review: %v, want a conflict", err)
	}
	poor := &jixiao.StoredReview{ProjectID: p, Review: jixiao.Review{Tier: jixiao.RoleFinanceReviewer,
		Criteria: criteria(jixiao.MarkFails, "目标与职能无关"), Result: jixiao.ResultPoor, Opinion: "不予安排"}}
	if ps, err := wf.ReviewProject(ctx(t), poor, move(fin, jixiao.ActionFinanceReject, jixiao.StateDeptApproved, jixiao.StateRejected)); err != nil || ps.State != jixiao.StateRejected {
		t.Fatalf("review 差: %+v %v", ps, err)
	}
	fair := &jixiao.StoredReview{ProjectID: q, Review: jixiao.Review{Tier: jixiao.RoleDeptReviewer,
		Criteria: criteria(jixiao.MarkMeets, ""), Result: jixiao.ResultFair, Opinion: "请量化指标"}}
	if _, err := wf.ReviewProject(ctx(t), fair, move(dept, jixiao.ActionDeptReturn, jixiao.StateSubmitted, jixiao.StateDraft)); err != nil {
		t.Fatal(err)
	}
	rs, err := wf.ProjectReviews(ctx(t), p)
	if err != nil || len(rs) != 2 {
		t.Fatalf("reviews of %d: %+v %v", p, rs, err)
	}
	got := rs[0]
	if got.ID != good.ID || got.Tier != jixiao.RoleDeptReviewer || got.Result != jixiao.ResultGood || got.Fixes != "补充质量指标" ||
		got.Reviewer != "部门审核" || got.ReviewerID != dept.ID || got.Role != jixiao.RoleDeptReviewer ||
		got.FromState != jixiao.StateSubmitted || got.ToState != jixiao.StateDeptApproved || got.At.IsZero() {
		t.Errorf("stored 良 review %+v", got)
	}
	sameJSON(t, "criteria", got.Criteria, good.Criteria)
	if rs[1].Result != jixiao.ResultPoor || rs[1].ToState != jixiao.StateRejected || rs[1].Reviewer != "财政审核" {
		t.Errorf("stored 差 review %+v", rs[1])
	}
	all, err := wf.DocumentReviews(ctx(t), d.ID)
	if err != nil || len(all) != 3 || all[2].ProjectID != q || all[2].Result != jixiao.ResultFair {
		t.Errorf("reviews of the document: %+v %v", all, err)
	}
	if none, err := wf.DocumentReviews(ctx(t), pub.ID); err != nil || none == nil || len(none) != 0 {
		t.Errorf("reviews of the published table: %v %v (want an empty, non-nil list)", none, err)
	}
	// Each review is logged with its opinions.
	h, err := wf.History(ctx(t), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range h {
		switch e.Action {
		case jixiao.ActionDeptApprove, jixiao.ActionFinanceReject, jixiao.ActionDeptReturn:
			n++
		}
		if e.Action == jixiao.ActionDeptApprove && e.Comment != good.Opinions() {
			t.Errorf("audit comment %q", e.Comment)
		}
	}
	if n != 3 {
		t.Errorf("%d review entries in the log, want 3: %+v", n, h)
	}
	// Deleting the draft deletes its reviews.
	if err := st.DeleteDocument(ctx(t), d.ID, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	if rs, err := wf.ProjectReviews(ctx(t), p); err != nil || len(rs) != 0 {
		t.Errorf("reviews after delete: %+v %v", rs, err)
	}
}
