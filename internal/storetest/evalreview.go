package storetest

import (
	"errors"
	"testing"

	"jixiao"
)

// testEvalReviews: a store that keeps the evaluation moves a project's
// report through 填报中 → 已提交 → 部门已审 → 财政已复核 (with a return on
// the way), each step in one transaction with its audit entry naming the
// person; a step from a state that has moved meanwhile stores nothing; the
// states and the 复核 score come back with the round's actuals; the
// database refuses a state outside the four.
func testEvalReviews(t *testing.T, st jixiao.Store) {
	ep, ok := st.(jixiao.EvalProvider)
	if !ok {
		t.Skipf("%T keeps no evaluation", st)
	}
	wp, ok := st.(jixiao.WorkflowProvider)
	if !ok {
		t.Skipf("%T keeps no audit log", st)
	}
	ev := ep.Eval()
	doc := NewDocument("越秀", 2, 2)
	save(t, st, doc)
	a := &jixiao.Actuals{Round: jixiao.Round{DocumentID: doc.ID, Name: jixiao.SelfEvalRoundName, Kind: jixiao.RoundSelfEval},
		Projects: []jixiao.ProjectActual{{ProjectSeq: 1, Executed: 100, HasExecuted: true}}}
	if err := ev.SaveActuals(ctx(t), a, jixiao.AuditEntry{Action: jixiao.ActionRecordActuals}); err != nil {
		t.Fatal(err)
	}
	filer := &jixiao.User{ID: 7, Username: "填报员", Role: jixiao.RoleFiler}
	dept := &jixiao.User{ID: 8, Username: "部门审核员", Role: jixiao.RoleDeptReviewer}
	fin := &jixiao.User{ID: 9, Username: "财政复核员", Role: jixiao.RoleFinanceReviewer}
	step := func(u *jixiao.User, act jixiao.Action, from jixiao.State, r jixiao.EvalReview) error {
		r.ProjectSeq, r.UpdatedBy = 1, u.Username
		e := jixiao.Actor(u)
		e.Action, e.Comment = act, string(act)
		return ev.SaveEvalReview(ctx(t), doc.ID, a.Round.ID, &r, from, e)
	}
	mustStep := func(u *jixiao.User, act jixiao.Action, from jixiao.State, r jixiao.EvalReview) {
		t.Helper()
		if err := step(u, act, from, r); err != nil {
			t.Fatalf("%s from %s: %v", act, from, err)
		}
	}
	mustStep(filer, jixiao.ActionSubmitEval, jixiao.EvalFiling, jixiao.EvalReview{State: jixiao.EvalSubmitted})
	mustStep(dept, jixiao.ActionReturnEval, jixiao.EvalSubmitted, jixiao.EvalReview{State: jixiao.EvalFiling, ReturnReason: "执行数与账面不符"})
	mustStep(filer, jixiao.ActionSubmitEval, jixiao.EvalFiling, jixiao.EvalReview{State: jixiao.EvalSubmitted})
	mustStep(dept, jixiao.ActionReviewEval, jixiao.EvalSubmitted, jixiao.EvalReview{State: jixiao.EvalDeptReviewed, DeptOpinion: "同意"})
	// A second 部门审核 of the same report is stale: nothing moves.
	err := step(dept, jixiao.ActionReviewEval, jixiao.EvalSubmitted, jixiao.EvalReview{State: jixiao.EvalDeptReviewed})
	if !errors.Is(err, jixiao.ErrConflict) {
		t.Fatalf("a stale step: %v, want ErrConflict", err)
	}
	// A first step claiming 填报中 over a stored report is stale too.
	err = step(filer, jixiao.ActionSubmitEval, jixiao.EvalFiling, jixiao.EvalReview{State: jixiao.EvalSubmitted})
	if !errors.Is(err, jixiao.ErrConflict) {
		t.Fatalf("a stale submit: %v, want ErrConflict", err)
	}
	// The database admits only the four states, and a 复核 score only with 财政已复核.
	if err := step(fin, jixiao.ActionRecheckEval, jixiao.EvalDeptReviewed, jixiao.EvalReview{State: "已审完"}); err == nil {
		t.Fatal("a state outside the four was stored")
	}
	if err := step(fin, jixiao.ActionRecheckEval, jixiao.EvalDeptReviewed, jixiao.EvalReview{State: jixiao.EvalDeptReviewed, RecheckScore: "80.00"}); err == nil {
		t.Fatal("a 复核 score before 财政已复核 was stored")
	}
	mustStep(fin, jixiao.ActionRecheckEval, jixiao.EvalDeptReviewed, jixiao.EvalReview{State: jixiao.EvalRechecked,
		DeptOpinion: "同意", RecheckScore: "86.50", RecheckOpinion: "抽查属实"})
	// Another document's id with this round is not found.
	other := NewDocument("天河", 1, 1)
	save(t, st, other)
	if err := ev.SaveEvalReview(ctx(t), other.ID, a.Round.ID, &jixiao.EvalReview{ProjectSeq: 1, State: jixiao.EvalSubmitted},
		jixiao.EvalFiling, jixiao.AuditEntry{Action: jixiao.ActionSubmitEval}); !errors.Is(err, jixiao.ErrNotFound) {
		t.Fatalf("round of another document: %v, want ErrNotFound", err)
	}

	got, err := ev.Actuals(ctx(t), doc.ID, jixiao.SelfEvalRoundName)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reviews) != 1 {
		t.Fatalf("reviews: %+v, want project 1's", got.Reviews)
	}
	r := got.Reviews[0]
	if r.State != jixiao.EvalRechecked || r.RecheckScore != "86.50" || r.RecheckOpinion != "抽查属实" || r.DeptOpinion != "同意" ||
		r.UpdatedBy != fin.Username || r.UpdatedAt.IsZero() {
		t.Errorf("stored review: %+v", r)
	}
	if p2 := got.Review(2); p2.State != jixiao.EvalFiling {
		t.Errorf("project 2 without a row: %+v, want 填报中", p2)
	}
	checkEvalHistory(t, wp.Workflow(), doc.ID, []string{
		"填报员 submit_eval 填报中→已提交", "部门审核员 return_eval 已提交→填报中", "填报员 submit_eval 填报中→已提交",
		"部门审核员 review_eval 已提交→部门已审", "财政复核员 recheck_eval 部门已审→财政已复核"})
}

// checkEvalHistory compares the report steps of document id's audit log
// (who, what, from → to) with want, in order.
func checkEvalHistory(t *testing.T, wf jixiao.WorkflowStore, id int64, want []string) {
	t.Helper()
	h, err := wf.History(ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range h {
		switch e.Action {
		case jixiao.ActionSubmitEval, jixiao.ActionReviewEval, jixiao.ActionReturnEval, jixiao.ActionRecheckEval:
			if e.ProjectSeq != 1 {
				t.Errorf("%s: project %d, want 1", e.Action, e.ProjectSeq)
			}
			got = append(got, e.Username+" "+string(e.Action)+" "+string(e.FromState)+"→"+string(e.ToState))
		}
	}
	sameJSON(t, "report steps in the audit log", got, want)
}
