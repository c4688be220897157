package service_test

import (
	"testing"

	"jixiao"
	"jixiao/internal/eval"
)

// TestNoRoundOnADraft (bug a): the pages opened a monitoring round on a
// draft document (200) where the API refused (409); the service refuses
// whoever asks, and records nothing on a draft either.
func TestNoRoundOnADraft(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		d := c.draft(t)
		_, err := c.s.Monitoring.OpenRound(c.ctx, c.users["finance"], d.ID, "2025年1-7月", "")
		is(t, "a round on a draft", err, jixiao.ErrConflict)
		_, err = c.s.Monitoring.RecordActuals(c.ctx, c.users["finance"], d.ID, "", executed(c.pub.Projects[0], "1"))
		is(t, "actuals on a draft", err, jixiao.ErrConflict)
		if _, rounds, err := c.s.Monitoring.Rounds(c.ctx, c.users["finance"], d.ID); err != nil || len(rounds) != 1 {
			t.Errorf("rounds of the draft: %v %v", rounds, err)
		}
	})
}

func TestOpenRound(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		id, u := c.pub.ID, c.users
		for who, kind := range map[string]error{"": jixiao.ErrUnauthenticated, "filer": jixiao.ErrForbidden, "dept": jixiao.ErrForbidden} {
			_, err := c.s.Monitoring.OpenRound(c.ctx, u[who], id, "2024年1-7月", "")
			is(t, who+" opens", err, kind)
		}
		for _, k := range []struct{ name, cut, field string }{{"", "", "name"}, {"第一轮", "", "name"}, {"第一轮", "7月底", "cut_off"}} {
			_, err := c.s.Monitoring.OpenRound(c.ctx, u["finance"], id, k.name, k.cut)
			if fe, ok := err.(*jixiao.FieldError); !ok || fe.Field != k.field {
				t.Errorf("%q %q: %v, want a problem of %s", k.name, k.cut, err, k.field)
			}
		}
		_, err := c.s.Monitoring.OpenRound(c.ctx, u["finance"], id, jixiao.SelfEvalRoundName, "")
		is(t, "opening the self-evaluation", err, jixiao.ErrConflict)
		r, err := c.s.Monitoring.OpenRound(c.ctx, u["admin"], id, "2024年1-7月", "")
		is(t, "admin opens", err, nil)
		if r.CutOff.Format("2006-01-02") != "2024-07-31" {
			t.Errorf("cut-off %v", r.CutOff)
		}
		_, err = c.s.Monitoring.OpenRound(c.ctx, u["finance"], id, "2024年1-7月", "")
		is(t, "opening it twice", err, jixiao.ErrConflict)
	})
}

// executed reads the executed amount of project p, as a door would read
// a form or a file.
func executed(p jixiao.Project, amount string) func(*jixiao.Document, jixiao.Round, eval.Config) (*jixiao.Actuals, error) {
	return func(doc *jixiao.Document, r jixiao.Round, cfg eval.Config) (*jixiao.Actuals, error) {
		exec := [][]string{eval.ExecutionHeader, {itoa(p.Seq), p.Name, "", amount}}
		return eval.ParseRows(exec, [][]string{eval.ActualsHeader}, doc, r, cfg)
	}
}

func TestRecordActuals(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		id, u := c.pub.ID, c.users
		mine, theirs := projectOf(c.pub, u["filer"].Unit), projectOf(c.pub, u["filer-b"].Unit)
		_, err := c.s.Monitoring.RecordActuals(c.ctx, nil, id, "", executed(mine, "1"))
		is(t, "a visitor records", err, jixiao.ErrUnauthenticated)
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "", executed(theirs, "1"))
		is(t, "another unit's project", err, jixiao.ErrForbidden)
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "", executed(mine, "不是数"))
		if _, ok := eval.InputProblems(err); !ok {
			t.Errorf("a wrong amount: %v", err)
		}
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "没有的轮次", executed(mine, "1"))
		is(t, "a round never opened", err, jixiao.ErrNotFound)
		a, err := c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, "", executed(mine, "12.5"))
		is(t, "filer records", err, nil)
		if pa, ok := a.Project(mine.Seq); err == nil && (!ok || !pa.HasExecuted) {
			t.Errorf("recorded %+v", a.Projects)
		}
		// Visitors see nothing before finance's 复核 (TestEvalReview);
		// finance sees what the filer recorded.
		_, a, err = c.s.Monitoring.Round(c.ctx, nil, id, "")
		if err != nil || len(a.Projects) != 0 {
			t.Errorf("the self-evaluation as a visitor reads it before the 复核: %+v %v", a, err)
		}
		_, a, err = c.s.Monitoring.Round(c.ctx, u["finance"], id, "")
		if err != nil || len(a.Projects) != 1 {
			t.Errorf("the self-evaluation as finance reads it: %+v %v", a, err)
		}
	})
}
