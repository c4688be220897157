package service_test

import (
	"testing"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// complete reads a whole self-evaluation of project p: the money executed
// and every indicator reached (a number at its target, or 达成).
func complete(p jixiao.Project, amount string) service.Reader {
	return func(doc *jixiao.Document, r jixiao.Round, cfg eval.Config) (*jixiao.Actuals, error) {
		exec := [][]string{eval.ExecutionHeader, {itoa(p.Seq), p.Name, "", amount}}
		acts := [][]string{eval.ActualsHeader}
		for _, ind := range p.Indicators {
			row := []string{itoa(p.Seq), itoa(ind.Seq), ind.Name, "", ind.Annual.Value, "", "", "", ""}
			if !ind.Annual.Quantitative() {
				row[4], row[5] = "已完成", string(jixiao.Achieved)
			}
			acts = append(acts, row)
		}
		return eval.ParseRows(exec, acts, doc, r, cfg)
	}
}

// seen reports whether by sees anything recorded for project seq in the
// self-evaluation, and the report state by sees.
func (c *fixture) seen(t *testing.T, by *jixiao.User, seq int) (bool, jixiao.EvalReview) {
	t.Helper()
	_, a, err := c.s.Monitoring.Round(c.ctx, by, c.pub.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	_, recorded := a.Project(seq)
	for _, ia := range a.Indicators {
		recorded = recorded || ia.ProjectSeq == seq
	}
	return recorded, a.Review(seq)
}

// TestEvalReview is issue 16's "Done when": a self-evaluation goes through
// the four states with a 复核 score, on both engines, and visitors (and
// users outside the scope) see it only at the end. Each step is refused
// to the wrong role, scope or state, audited naming the person.
func TestEvalReview(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		id, u := c.pub.ID, c.users
		mine := projectOf(c.pub, u["filer"].Unit)
		step := func(who string, word, opinion, score string) (jixiao.EvalReview, error) {
			a, err := service.EvalStepAction(word)
			if err != nil {
				t.Fatal(err)
			}
			return c.s.Monitoring.StepEval(c.ctx, u[who], id, service.EvalStep{Project: mine.Seq, Action: a, Opinion: opinion, Score: score})
		}
		_, err := step("filer", "submit", "", "")
		is(t, "submitting nothing", err, jixiao.ErrConflict)
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "", executed(mine, "1"))
		is(t, "filer records the money", err, nil)
		_, err = step("filer", "submit", "", "")
		is(t, "submitting half a self-evaluation", err, jixiao.ErrConflict)
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "", complete(mine, "1"))
		is(t, "filer records the rest", err, nil)

		for who, sees := range map[string]bool{"": false, "filer-b": false, "dept-out": false, "filer": true, "dept": true, "finance": true} {
			if got, _ := c.seen(t, u[who], mine.Seq); got != sees {
				t.Errorf("%q sees the report while 填报中: %v, want %v", who, got, sees)
			}
		}
		_, err = step("", "submit", "", "")
		is(t, "a visitor submits", err, jixiao.ErrUnauthenticated)
		for _, who := range []string{"dept", "finance", "filer-b"} {
			_, err = step(who, "submit", "", "")
			is(t, who+" submits", err, jixiao.ErrForbidden)
		}
		r, err := step("filer", "submit", "", "")
		if is(t, "filer submits", err, nil); r.State != jixiao.EvalSubmitted {
			t.Fatalf("submitted: %+v", r)
		}
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "", executed(mine, "2"))
		is(t, "changing a submitted report", err, jixiao.ErrConflict)
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "", complete(mine, "1"))
		is(t, "sending a submitted report again unchanged", err, nil)
		_, err = step("finance", "recheck", "抽查", "80")
		is(t, "复核 before the department", err, jixiao.ErrConflict)
		_, err = step("finance", "return", "越过部门退回", "")
		is(t, "finance returns before the department's turn is over", err, jixiao.ErrConflict)
		_, err = step("dept-out", "review", "", "")
		is(t, "another department reviews", err, jixiao.ErrForbidden)
		_, err = step("dept", "return", " ", "")
		fieldIs(t, "a return without a reason", err, "opinion")
		r, err = step("dept", "return", "执行数与账面不符", "")
		if is(t, "dept returns", err, nil); r.State != jixiao.EvalFiling || r.ReturnReason != "执行数与账面不符" {
			t.Fatalf("returned: %+v", r)
		}
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "", complete(mine, "0.9"))
		is(t, "filer fixes the returned report", err, nil)
		_, err = step("filer", "submit", "", "")
		is(t, "filer submits again", err, nil)
		r, err = step("dept", "review", "同意", "")
		if is(t, "dept reviews", err, nil); r.State != jixiao.EvalDeptReviewed {
			t.Fatalf("reviewed: %+v", r)
		}
		if got, _ := c.seen(t, nil, mine.Seq); got {
			t.Error("a visitor sees the report once the department passed it")
		}
		_, err = step("dept", "return", "收回", "")
		is(t, "the department returns at finance's turn", err, jixiao.ErrConflict)
		_, err = step("dept", "recheck", "抽查属实", "80")
		is(t, "dept rechecks", err, jixiao.ErrForbidden)
		for _, bad := range []string{"很好", "-1", "100.01", "85.555"} {
			_, err = step("finance", "recheck", "抽查属实", bad)
			fieldIs(t, "复核 score "+bad, err, "score")
		}
		_, err = step("finance", "recheck", "", "86.5")
		fieldIs(t, "复核 without an opinion", err, "opinion")
		r, err = step("finance", "recheck", "抽查属实，扣减满意度", "86.5")
		if is(t, "finance rechecks", err, nil); r.State != jixiao.EvalRechecked || r.RecheckScore != "86.50" {
			t.Fatalf("rechecked: %+v", r)
		}
		_, err = step("finance", "return", "再看看", "")
		is(t, "returning a rechecked report", err, jixiao.ErrConflict)

		for _, who := range []string{"", "filer-b", "dept-out"} {
			got, rv := c.seen(t, u[who], mine.Seq)
			if !got || rv.State != jixiao.EvalRechecked || rv.RecheckScore != "86.50" || rv.RecheckOpinion == "" {
				t.Errorf("%q after the 复核: sees %v, %+v", who, got, rv)
			}
		}
		doc, a, err := c.s.Monitoring.Round(c.ctx, nil, id, "")
		if err != nil {
			t.Fatal(err)
		}
		if ps, _ := eval.ScoreProject(c.s.Monitoring.Config(), &doc.Projects[mine.Seq-1], a); !ps.Final() {
			t.Errorf("the visitor's self-score: %s %v", ps.Status, ps.Missing)
		}
		for _, k := range []struct {
			a   jixiao.Action
			who string
		}{{jixiao.ActionSubmitEval, "filer"}, {jixiao.ActionReturnEval, "dept"}, {jixiao.ActionReviewEval, "dept"}, {jixiao.ActionRecheckEval, "finance"}} {
			if !c.audited(t, id, k.a, k.who) {
				t.Errorf("no %s by %s in the audit log", k.a, k.who)
			}
		}
	})
}

// TestEvalVisibleAsTyped: with public_actuals "immediate" a visitor sees
// what a filer records at once (the switch of issue 14 item 5), and a
// monitoring round's report goes through the same review.
func TestEvalVisibleAsTyped(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		cfg := eval.Default()
		cfg.PublicActuals = eval.PublicImmediate
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		open := service.New(c.st, cfg)
		theirs := projectOf(c.pub, c.users["filer-b"].Unit)
		if _, err := open.Monitoring.RecordActuals(c.ctx, c.users["filer-b"], c.pub.ID, "", executed(theirs, "3")); err != nil {
			t.Fatal(err)
		}
		_, a, err := open.Monitoring.Round(c.ctx, nil, c.pub.ID, "")
		if _, ok := a.Project(theirs.Seq); err != nil || !ok {
			t.Errorf("immediate: the visitor sees %+v %v", a.Projects, err)
		}
		if got, _ := c.seen(t, nil, theirs.Seq); got {
			t.Error("after_review: the visitor sees the unreviewed figures")
		}
		if _, err := c.s.Monitoring.OpenRound(c.ctx, c.users["finance"], c.pub.ID, "2024年1-7月", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := c.s.Monitoring.RecordActuals(c.ctx, c.users["filer-b"], c.pub.ID, "2024年1-7月", executed(theirs, "1")); err != nil {
			t.Fatal(err)
		}
		r, err := c.s.Monitoring.StepEval(c.ctx, c.users["filer-b"], c.pub.ID,
			service.EvalStep{Round: "2024年1-7月", Project: theirs.Seq, Action: jixiao.ActionSubmitEval})
		if err != nil || r.State != jixiao.EvalSubmitted {
			t.Errorf("submitting a monitoring report: %+v %v", r, err)
		}
		// Finance passes a report it did not sample: no 复核 score, the
		// self-score stands, and the report is public.
		_, err = open.Monitoring.RecordActuals(c.ctx, c.users["filer-b"], c.pub.ID, "", complete(theirs, "3"))
		is(t, "filer-b completes the self-evaluation", err, nil)
		for _, k := range []struct {
			who string
			a   jixiao.Action
		}{{"filer-b", jixiao.ActionSubmitEval}, {"dept", jixiao.ActionReviewEval}, {"finance", jixiao.ActionRecheckEval}} {
			r, err = c.s.Monitoring.StepEval(c.ctx, c.users[k.who], c.pub.ID, service.EvalStep{Project: theirs.Seq, Action: k.a})
			is(t, k.who+" "+string(k.a), err, nil)
		}
		if r.State != jixiao.EvalRechecked || r.RecheckScore != "" || r.RecheckOpinion != "未列入抽查复核，以自评结果为准" {
			t.Errorf("passed without sampling: %+v", r)
		}
		if got, _ := c.seen(t, nil, theirs.Seq); !got {
			t.Error("the visitor does not see a report passed without sampling")
		}
		_, err = service.EvalStepAction("approve")
		fieldIs(t, "an unknown step", err, "action")
	})
}

func fieldIs(t *testing.T, what string, err error, field string) {
	t.Helper()
	if fe, ok := err.(*jixiao.FieldError); !ok || fe.Field != field {
		t.Errorf("%s: %v, want a problem of %s", what, err, field)
	}
}
