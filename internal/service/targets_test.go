package service_test

import (
	"errors"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/service"
)

func TestSave(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		p := projectOf(d, c.users["filer"].Unit)
		st, err := c.s.Targets.ProjectStatus(c.ctx, c.users["filer"], p.ID)
		is(t, "status", err, nil)
		edit := p
		edit.Goal = "新的绩效目标"
		for who, kind := range map[string]error{"": jixiao.ErrNotFound, "filer-b": jixiao.ErrNotFound,
			"dept": jixiao.ErrForbidden} {
			_, err := c.s.Targets.Save(c.ctx, c.users[who], p.ID, &edit, st.Version)
			is(t, who+" saves", err, kind)
		}
		moved := edit
		moved.Unit = c.users["filer-b"].Unit
		_, err = c.s.Targets.Save(c.ctx, c.users["filer"], p.ID, &moved, st.Version)
		is(t, "moving the unit", err, jixiao.ErrInvalid)
		unnamed := edit
		unnamed.Name = " "
		_, err = c.s.Targets.Save(c.ctx, c.users["filer"], p.ID, &unnamed, st.Version)
		is(t, "no name", err, jixiao.ErrInvalid)
		saved, err := c.s.Targets.Save(c.ctx, c.users["filer"], p.ID, &edit, st.Version)
		is(t, "filer saves", err, nil)
		if saved.Version != st.Version+1 || !c.audited(t, d.ID, jixiao.ActionEdit, "filer") {
			t.Errorf("saved at version %d, want %d, and logged", saved.Version, st.Version+1)
		}
		_, err = c.s.Targets.Save(c.ctx, c.users["filer"], p.ID, &edit, st.Version)
		var ce *jixiao.ConflictError
		if !errors.As(err, &ce) {
			t.Errorf("stale version: %v", err)
		}
		_, err = c.s.Targets.Save(c.ctx, c.users["filer"], projectOf(c.pub, p.Unit).ID, &edit, 1)
		is(t, "editing the published table", err, jixiao.ErrConflict)
	})
}

func TestReview(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		id := projectOf(d, c.users["filer"].Unit).ID
		u := c.users
		_, err := c.s.Targets.Approve(c.ctx, u["dept"], id, "")
		is(t, "approve a draft", err, jixiao.ErrConflict)
		_, err = c.s.Targets.Submit(c.ctx, u["filer-b"], id)
		is(t, "another unit's filer submits", err, jixiao.ErrNotFound)
		_, err = c.s.Targets.Submit(c.ctx, nil, id)
		is(t, "a visitor submits", err, jixiao.ErrNotFound)
		_, err = c.s.Targets.Review(c.ctx, u["filer"], id, service.Review{Word: "publish"})
		is(t, "publish a project", err, jixiao.ErrInvalid)
		_, err = c.s.Targets.Review(c.ctx, u["filer"], id, service.Review{Word: "bless"})
		is(t, "an unknown word", err, jixiao.ErrInvalid)
		st, err := c.s.Targets.Submit(c.ctx, u["filer"], id)
		is(t, "filer submits", err, nil)
		if st.State != jixiao.StateSubmitted || !c.audited(t, d.ID, jixiao.ActionSubmit, "filer") {
			t.Errorf("after submit: %+v", st)
		}
		_, err = c.s.Targets.Submit(c.ctx, u["filer"], id)
		is(t, "submit twice", err, jixiao.ErrConflict)
		_, err = c.s.Targets.Return(c.ctx, u["dept"], id, " ", 0)
		is(t, "return without a comment", err, jixiao.ErrInvalid)
		_, err = c.s.Targets.Return(c.ctx, u["dept"], id, "请补充", 999)
		is(t, "return about a missing indicator", err, jixiao.ErrInvalid)
		_, err = c.s.Targets.Approve(c.ctx, u["finance"], id, "")
		is(t, "finance before the department", err, jixiao.ErrConflict)
		st, err = c.s.Targets.Approve(c.ctx, u["dept"], id, "")
		is(t, "dept approves", err, nil)
		st, err = c.s.Targets.Return(c.ctx, u["finance"], id, "指标值偏低", 1)
		is(t, "finance returns", err, nil)
		if st.State != jixiao.StateDraft || !c.audited(t, d.ID, jixiao.ActionFinanceReturn, "finance") {
			t.Errorf("after return: %+v", st)
		}
	})
}

func TestPublishAndCreateDraft(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		u := c.users
		_, err := c.s.Targets.CreateDraft(c.ctx, u["filer"], c.pub.ID, 2025)
		is(t, "a filer drafts", err, jixiao.ErrForbidden)
		_, err = c.s.Targets.CreateDraft(c.ctx, u["dept"], c.pub.ID, 0)
		is(t, "a draft without a year", err, jixiao.ErrInvalid)
		d := c.draft(t)
		if !c.audited(t, d.ID, jixiao.ActionCreateDraft, "dept") {
			t.Error("the draft is not logged")
		}
		_, err = c.s.Targets.Publish(c.ctx, u["dept"], d.ID, "")
		is(t, "dept publishes", err, jixiao.ErrForbidden)
		_, err = c.s.Targets.Publish(c.ctx, u["finance"], d.ID, "")
		is(t, "publish before review", err, jixiao.ErrConflict)
		_, err = c.s.Targets.Publish(c.ctx, u["finance"], c.pub.ID, "")
		is(t, "publish twice", err, jixiao.ErrConflict)
	})
}

func TestAddAndRemoveProject(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d, u := c.draft(t), c.users
		_, err := c.s.Targets.AddProject(c.ctx, u["dept"], d.ID, &jixiao.Project{Name: "新项目"})
		is(t, "dept adds", err, jixiao.ErrForbidden)
		_, err = c.s.Targets.AddProject(c.ctx, u["filer"], d.ID, &jixiao.Project{Name: "新项目", Unit: u["filer-b"].Unit})
		is(t, "a filer adds to another unit", err, jixiao.ErrForbidden)
		_, err = c.s.Targets.AddProject(c.ctx, u["filer"], d.ID, &jixiao.Project{Name: ""})
		is(t, "a project without a name", err, jixiao.ErrInvalid)
		_, err = c.s.Targets.AddProject(c.ctx, u["filer"], c.pub.ID, &jixiao.Project{Name: "新项目"})
		is(t, "adding to the published table", err, jixiao.ErrConflict)
		p := &jixiao.Project{Name: "新项目"}
		st, err := c.s.Targets.AddProject(c.ctx, u["filer"], d.ID, p)
		is(t, "filer adds", err, nil)
		if st.Unit != u["filer"].Unit || !c.audited(t, d.ID, jixiao.ActionAddProject, "filer") {
			t.Errorf("added %+v", st)
		}
		is(t, "filer-b removes it", c.s.Targets.RemoveProject(c.ctx, u["filer-b"], p.ID), jixiao.ErrNotFound)
		is(t, "filer removes it", c.s.Targets.RemoveProject(c.ctx, u["filer"], p.ID), nil)
		if !c.audited(t, d.ID, jixiao.ActionRemoveProject, "filer") {
			t.Error("the removal is not logged")
		}
		id := projectOf(d, u["filer"].Unit).ID
		c.s.Targets.Submit(c.ctx, u["filer"], id)
		is(t, "removing a submitted project", c.s.Targets.RemoveProject(c.ctx, u["filer"], id), jixiao.ErrConflict)
	})
}

func TestAdjustments(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		u := c.users
		p := projectOf(c.pub, u["filer"].Unit)
		in := service.Proposal{Field: jixiao.AdjustAnnual, IndicatorSeq: 1, New: "≥99%", Reason: "政策调整"}
		_, err := c.s.Targets.ProposeAdjustment(c.ctx, u["dept"], p.ID, in)
		is(t, "dept proposes", err, jixiao.ErrForbidden)
		_, err = c.s.Targets.ProposeAdjustment(c.ctx, u["filer"], p.ID, service.Proposal{Field: jixiao.AdjustGoal, New: "x"})
		is(t, "no reason", err, jixiao.ErrInvalid)
		d := c.draft(t)
		_, err = c.s.Targets.ProposeAdjustment(c.ctx, u["filer"], projectOf(d, p.Unit).ID, in)
		is(t, "adjusting a draft", err, jixiao.ErrConflict)
		adj, err := c.s.Targets.ProposeAdjustment(c.ctx, u["filer"], p.ID, in)
		is(t, "filer proposes", err, nil)
		if err != nil {
			return
		}
		_, err = c.s.Targets.ReviewAdjustment(c.ctx, u["dept"], adj.ID, "publish", "")
		is(t, "publish an adjustment", err, jixiao.ErrInvalid)
		_, err = c.s.Targets.ReviewAdjustment(c.ctx, u["dept-out"], adj.ID, "approve", "")
		is(t, "another department approves", err, jixiao.ErrForbidden)
		_, err = c.s.Targets.ReviewAdjustment(c.ctx, u["dept"], adj.ID, "return", "")
		is(t, "return without a comment", err, jixiao.ErrInvalid)
		_, err = c.s.Targets.ReviewAdjustment(c.ctx, u["dept"], adj.ID, "approve", "")
		is(t, "dept approves", err, nil)
		got, err := c.s.Targets.ReviewAdjustment(c.ctx, u["finance"], adj.ID, "approve", "")
		is(t, "finance approves", err, nil)
		if err == nil && got.State != jixiao.StateFinanceApproved {
			t.Errorf("after approval: %+v", got)
		}
		_, err = c.s.Targets.ReviewAdjustment(c.ctx, u["finance"], adj.ID, "return", "再改")
		is(t, "return one in force", err, jixiao.ErrConflict)
		for who, want := range map[string]int{"": 1, "filer": 1, "dept-out": 1} {
			list, err := c.s.Targets.Adjustments(c.ctx, u[who], c.pub.ID)
			if err != nil || len(list) != want {
				t.Errorf("%s lists %d adjustments (%v), want %d", who, len(list), err, want)
			}
		}
	})
}

// TestSaveKeepsAccruals: the monitoring kind the unit set on last year's
// table comes with its draft, and saving the draft's targets (the edit
// form carries no kind; an API client may send another) keeps it: a kind
// changes only through its own audited step (both engines).
func TestSaveKeepsAccruals(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		p := c.pub.Projects[2]
		const seq = 3
		if p.Unit != c.users["filer"].Unit || p.Indicators[seq-1].AccrualKind() != jixiao.AccrualPoint {
			t.Fatalf("the sample changed: %s %s", p.Unit, p.Indicators[seq-1].AccrualKind())
		}
		_, err := c.s.Monitoring.SetAccrual(c.ctx, c.users["filer"], c.pub.ID, p.Seq, seq, "累计型")
		is(t, "set cumulative", err, nil)
		d := c.draft(t)
		dp := d.Projects[2]
		if dp.Name != p.Name || dp.Indicators[seq-1].Accrual != jixiao.AccrualCumulative {
			t.Fatalf("the draft's %s indicator %d: kind %q, want it copied", dp.Name, seq, dp.Indicators[seq-1].Accrual)
		}
		st, err := c.s.Targets.ProjectStatus(c.ctx, c.users["filer"], dp.ID)
		is(t, "status", err, nil)
		edit := dp
		edit.Goal = "新的绩效目标"
		edit.Indicators = append([]jixiao.Indicator(nil), dp.Indicators...)
		for i := range edit.Indicators {
			edit.Indicators[i].Accrual = "" // as the edit form sends them
		}
		edit.Indicators[0].Accrual = jixiao.AccrualPoint // and one changed by a client
		_, err = c.s.Targets.Save(c.ctx, c.users["filer"], dp.ID, &edit, st.Version)
		is(t, "save", err, nil)
		got, err := c.st.Project(c.ctx, dp.ID)
		is(t, "read back", err, nil)
		for i, in := range got.Indicators {
			if in.Accrual != dp.Indicators[i].Accrual {
				t.Errorf("indicator %d「%s」: kind %q after the save, was %q", in.Seq, in.Name, in.Accrual, dp.Indicators[i].Accrual)
			}
		}

		// A typo fixed in the indicator's name: it is the same indicator,
		// and keeps its kind.
		st, err = c.s.Targets.ProjectStatus(c.ctx, c.users["filer"], dp.ID)
		is(t, "status", err, nil)
		renamed := *got
		renamed.Indicators = append([]jixiao.Indicator(nil), got.Indicators...)
		renamed.Indicators[seq-1].Name += "（修订）"
		renamed.Indicators[seq-1].Accrual = ""
		_, err = c.s.Targets.Save(c.ctx, c.users["filer"], dp.ID, &renamed, st.Version)
		is(t, "save the renamed indicator", err, nil)
		after, err := c.st.Project(c.ctx, dp.ID)
		is(t, "read back", err, nil)
		if in := after.Indicators[seq-1]; in.Accrual != jixiao.AccrualCumulative || !strings.HasSuffix(in.Name, "（修订）") {
			t.Errorf("the renamed indicator「%s」: kind %q, want 累计型 kept", in.Name, in.Accrual)
		}
	})
}
