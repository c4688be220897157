package jixiao

import (
	"errors"
	"fmt"
	"testing"
)

// TestEvalTransitions walks a report through its states, and refuses every
// step from a state that does not allow it (409).
func TestEvalTransitions(t *testing.T) {
	path := []struct {
		a    Action
		from State
		to   State
	}{
		{ActionSubmitEval, EvalFiling, EvalSubmitted},
		{ActionReturnEval, EvalSubmitted, EvalFiling},
		{ActionReviewEval, EvalSubmitted, EvalDeptReviewed},
		{ActionReturnEval, EvalDeptReviewed, EvalFiling},
		{ActionRecheckEval, EvalDeptReviewed, EvalRechecked},
	}
	allowed := map[State]map[Action]bool{}
	for _, p := range path {
		if to, err := EvalTransition(p.from, p.a); err != nil || to != p.to {
			t.Errorf("%s from %s: %s %v, want %s", p.a, p.from, to, err, p.to)
		}
		if allowed[p.from] == nil {
			allowed[p.from] = map[Action]bool{}
		}
		allowed[p.from][p.a] = true
	}
	for _, s := range EvalStates {
		for _, a := range Actions {
			if allowed[s][a] {
				continue
			}
			if _, err := EvalTransition(s, a); !errors.Is(err, ErrConflict) {
				t.Errorf("%s from %s: %v, want a conflict", a, s, err)
			}
		}
	}
}

// TestEvalVisible: in scope always; outside it (a visitor, another unit,
// another department) only once rechecked, or always when public as typed.
func TestEvalVisible(t *testing.T) {
	for _, s := range EvalStates {
		final := s == EvalRechecked
		for _, u := range []*User{filer, dept, finance, admin} {
			if !EvalVisible(u, inScope, s, false) {
				t.Errorf("%s in scope does not see a report %s", u.Role, s)
			}
		}
		for _, u := range []*User{nil, filer, dept} {
			if got := EvalVisible(u, outScope, s, false); got != final {
				t.Errorf("%v out of scope sees a report %s: %v", u, s, got)
			}
			if !EvalVisible(u, outScope, s, true) {
				t.Errorf("public as typed: %v does not see a report %s", u, s)
			}
		}
	}
	a := &Actuals{Reviews: []EvalReview{{ProjectSeq: 2, State: EvalSubmitted}}}
	if a.Review(1).State != EvalFiling || a.Review(2).State != EvalSubmitted {
		t.Errorf("Review: %+v %+v", a.Review(1), a.Review(2))
	}
}

// TestAvailableEvalSteps: the buttons each role gets in each state.
func TestAvailableEvalSteps(t *testing.T) {
	want := map[string]map[State]string{
		"filer":   {EvalFiling: "[submit_eval]", EvalSubmitted: "[]", EvalDeptReviewed: "[]", EvalRechecked: "[]"},
		"dept":    {EvalFiling: "[]", EvalSubmitted: "[review_eval return_eval]", EvalDeptReviewed: "[]", EvalRechecked: "[]"},
		"finance": {EvalFiling: "[]", EvalSubmitted: "[]", EvalDeptReviewed: "[return_eval recheck_eval]", EvalRechecked: "[]"},
		"admin":   {EvalFiling: "[]", EvalSubmitted: "[]", EvalDeptReviewed: "[]", EvalRechecked: "[]"},
	}
	users := map[string]*User{"filer": filer, "dept": dept, "finance": finance, "admin": admin}
	pub := inScope
	pub.Published = true
	for who, states := range want {
		for s, w := range states {
			if got := fmt.Sprint(AvailableEvalSteps(users[who], pub, s)); got != w {
				t.Errorf("%s at %s: %s, want %s", who, s, got, w)
			}
		}
	}
	out := outScope
	out.Published = true
	if got := AvailableEvalSteps(dept, out, EvalSubmitted); len(got) != 0 {
		t.Errorf("another department's reviewer: %v", got)
	}
	if got := AvailableEvalSteps(nil, pub, EvalFiling); len(got) != 0 {
		t.Errorf("a visitor: %v", got)
	}
}
