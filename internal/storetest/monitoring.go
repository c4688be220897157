package storetest

import (
	"errors"
	"testing"
	"time"

	"jixiao"
)

// testMonitoring (migration 0160): an indicator's kind is stored with the
// document (saved with it, and set later with an audit entry), and a
// project's 纠偏 (measures, then the decision with its indicator, amount
// and 目标调整) comes back with the round's actuals, each save in one
// transaction with its audit entry; the database refuses a decision
// outside the list and one without measures.
func testMonitoring(t *testing.T, st jixiao.Store) {
	ep, ok := st.(jixiao.EvalProvider)
	if !ok {
		t.Skipf("%T keeps no evaluation", st)
	}
	wp, ok := st.(jixiao.WorkflowProvider)
	if !ok {
		t.Skipf("%T keeps no audit log", st)
	}
	ev := ep.Eval()
	doc := NewDocument("荔湾", 2, 2)
	doc.Projects[0].Indicators[1].Accrual = jixiao.AccrualPoint
	save(t, st, doc)
	if got := readDocument(t, st, doc.ID).Projects[0].Indicators; got[0].Accrual != "" || got[1].Accrual != jixiao.AccrualPoint {
		t.Fatalf("kinds saved with the document: %q %q", got[0].Accrual, got[1].Accrual)
	}
	filer := &jixiao.User{ID: 7, Username: "填报员", Role: jixiao.RoleFiler}
	fin := &jixiao.User{ID: 9, Username: "财政审核员", Role: jixiao.RoleFinanceReviewer}
	entry := func(u *jixiao.User, a jixiao.Action) jixiao.AuditEntry {
		e := jixiao.Actor(u)
		e.Action, e.Comment = a, string(a)
		return e
	}
	if err := ev.SetAccrual(ctx(t), doc.ID, 1, 1, jixiao.AccrualCumulative, entry(filer, jixiao.ActionSetAccrual)); err != nil {
		t.Fatal(err)
	}
	if err := ev.SetAccrual(ctx(t), doc.ID, 1, 9, jixiao.AccrualCumulative, entry(filer, jixiao.ActionSetAccrual)); !errors.Is(err, jixiao.ErrNotFound) {
		t.Fatalf("kind of a missing indicator: %v, want ErrNotFound", err)
	}
	if err := ev.SetAccrual(ctx(t), doc.ID, 1, 1, "weekly", entry(filer, jixiao.ActionSetAccrual)); err == nil {
		t.Fatal("a kind outside the two was stored")
	}
	if got := readDocument(t, st, doc.ID).Projects[0].Indicators[0].Accrual; got != jixiao.AccrualCumulative {
		t.Fatalf("kind set: %q", got)
	}

	a := &jixiao.Actuals{Round: jixiao.Round{DocumentID: doc.ID, Name: "2024年1-7月", Kind: jixiao.RoundMonitoring,
		CutOff: time.Date(2024, 7, 31, 0, 0, 0, 0, time.UTC)}}
	if err := ev.SaveActuals(ctx(t), a, entry(fin, jixiao.ActionOpenRound)); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 8, 5, 9, 30, 0, 0, time.UTC)
	c := jixiao.Correction{ProjectSeq: 1, Measures: "下半年集中开展", MeasuresBy: filer.Username, MeasuresAt: at}
	if err := ev.SaveCorrection(ctx(t), doc.ID, a.Round.ID, &c, entry(filer, jixiao.ActionCorrectMeasures)); err != nil {
		t.Fatal(err)
	}
	bad := []jixiao.Correction{
		{ProjectSeq: 1, Measures: "x", Decision: "批评"},
		{ProjectSeq: 2, Decision: jixiao.DecisionContinue}, // no measures
	}
	for _, b := range bad {
		if err := ev.SaveCorrection(ctx(t), doc.ID, a.Round.ID, &b, entry(fin, jixiao.ActionDecideCorrection)); err == nil {
			t.Errorf("stored %+v", b)
		}
	}
	other := NewDocument("海珠", 1, 1)
	save(t, st, other)
	if err := ev.SaveCorrection(ctx(t), other.ID, a.Round.ID, &c, entry(filer, jixiao.ActionCorrectMeasures)); !errors.Is(err, jixiao.ErrNotFound) {
		t.Fatalf("round of another document: %v, want ErrNotFound", err)
	}
	c.Decision, c.IndicatorSeq, c.Amount, c.Opinion = jixiao.DecisionAdjust, 2, 150, "同意下调"
	c.DecidedBy, c.DecidedAt, c.AdjustmentID = fin.Username, at.Add(time.Hour), 42
	if err := ev.SaveCorrection(ctx(t), doc.ID, a.Round.ID, &c, entry(fin, jixiao.ActionDecideCorrection)); err != nil {
		t.Fatal(err)
	}
	got, err := ev.Actuals(ctx(t), doc.ID, a.Round.Name)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Corrections) != 1 || got.Corrections[0] != c {
		t.Errorf("stored 纠偏: %+v, want %+v", got.Corrections, c)
	}
	if p2 := got.Correction(2); p2.Measures != "" || p2.Decision != "" {
		t.Errorf("project 2 without a row: %+v", p2)
	}
	h, err := wp.Workflow().History(ctx(t), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := map[jixiao.Action]int{}
	for _, e := range h {
		if e.Username != "" && e.Username != jixiao.SystemActor {
			n[e.Action]++
		}
	}
	if n[jixiao.ActionSetAccrual] != 1 || n[jixiao.ActionCorrectMeasures] != 1 || n[jixiao.ActionDecideCorrection] != 1 {
		t.Errorf("audit entries by action: %v", n)
	}
}

func readDocument(t *testing.T, st jixiao.Store, id int64) *jixiao.Document {
	t.Helper()
	doc, err := st.Document(ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
