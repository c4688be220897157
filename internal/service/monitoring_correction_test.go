package service_test

import (
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// forecastOf reads, for indicator seq of project p, the value reached to
// date and the forecast for the year, with the money executed.
func forecastOf(p jixiao.Project, executed string, seq int, value, forecast string) service.Reader {
	return func(doc *jixiao.Document, r jixiao.Round, cfg eval.Config) (*jixiao.Actuals, error) {
		exec := [][]string{eval.ExecutionHeader, {itoa(p.Seq), p.Name, "", executed}}
		acts := [][]string{append(append([]string{}, eval.ActualsHeader...), "forecast"),
			{itoa(p.Seq), itoa(seq), p.Indicators[seq-1].Name, "", value, "", "", "", "", forecast}}
		return eval.ParseRows(exec, acts, doc, r, cfg)
	}
}

// lightOf is the light of indicator seq of project p in the round, and the
// project's, as finance sees them.
func (c *fixture) lightOf(t *testing.T, round string, p jixiao.Project, seq int) (eval.Light, eval.Light, *jixiao.Actuals) {
	t.Helper()
	doc, a, err := c.s.Monitoring.Round(c.ctx, c.users["finance"], c.pub.ID, round)
	if err != nil {
		t.Fatal(err)
	}
	pl := eval.Lights(c.s.Monitoring.Config(), doc, a)[p.Seq-1]
	return pl.Indicators[seq-1].Light, pl.Overall, a
}

// TestMonitoringBy136 is issue 16's "Done when" for monitoring, on both
// engines: 市就业补助资金's 宣传活动完成率 (≥100%), set cumulative by its
// unit, at 40 % on 31 July with a forecast of 100 % is green; with a
// forecast of 70 % it is red, the unit gives its 纠偏措施, finance decides
// 调整绩效目标 on that indicator, and the unit's 目标调整 of it is filed
// prefilled from the decision. Each step is refused to the wrong role or
// scope and out of order, and audited naming the person.
func TestMonitoringBy136(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		id, u := c.pub.ID, c.users
		p := c.pub.Projects[2]
		const round, seq = "2024年1-7月", 3
		if p.Unit != u["filer"].Unit || p.Indicators[seq-1].Name != "宣传活动完成率" {
			t.Fatalf("the sample changed: %s %s", p.Unit, p.Indicators[seq-1].Name)
		}
		if _, err := c.s.Monitoring.OpenRound(c.ctx, u["finance"], id, round, ""); err != nil {
			t.Fatal(err)
		}

		// The kind: a rate defaults to 时点型; the unit sets it 累计型.
		if k := p.Indicators[seq-1].AccrualKind(); k != jixiao.AccrualPoint {
			t.Errorf("default kind of a %% target: %s", k)
		}
		_, err := c.s.Monitoring.SetAccrual(c.ctx, nil, id, p.Seq, seq, "cumulative")
		is(t, "a visitor sets the kind", err, jixiao.ErrUnauthenticated)
		_, err = c.s.Monitoring.SetAccrual(c.ctx, u["filer-b"], id, p.Seq, seq, "cumulative")
		is(t, "another unit sets the kind", err, jixiao.ErrForbidden)
		_, err = c.s.Monitoring.SetAccrual(c.ctx, u["filer"], id, p.Seq, 5, "cumulative")
		fieldIs(t, "a qualitative indicator", err, "accrual")
		_, err = c.s.Monitoring.SetAccrual(c.ctx, u["filer"], id, p.Seq, seq, "每月")
		fieldIs(t, "an unknown kind", err, "accrual")
		k, err := c.s.Monitoring.SetAccrual(c.ctx, u["filer"], id, p.Seq, seq, "累计型")
		if err != nil || k != jixiao.AccrualCumulative {
			t.Fatalf("set cumulative: %s %v", k, err)
		}

		// 40 % on 31 July, forecast 100 %: green, the kind said.
		if _, err := c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, round, forecastOf(p, "3400", seq, "40", "100")); err != nil {
			t.Fatal(err)
		}
		il, overall, _ := c.lightOf(t, round, p, seq)
		if il.Color != eval.Green || overall.Color != eval.Green || !strings.Contains(il.Reason, "累计型，截至目前完成 40%") {
			t.Errorf("forecast 100: indicator %+v, project %+v", il, overall)
		}
		_, err = c.s.Monitoring.RecordMeasures(c.ctx, u["filer"], id, round, p.Seq, "加快进度")
		is(t, "纠偏 of a green project", err, jixiao.ErrConflict)

		// Forecast 70 %: red.
		if _, err := c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, round, forecastOf(p, "3400", seq, "40", "70")); err != nil {
			t.Fatal(err)
		}
		if il, overall, _ = c.lightOf(t, round, p, seq); il.Color != eval.Red || overall.Color != eval.Red {
			t.Fatalf("forecast 70: indicator %+v, project %+v", il, overall)
		}

		// 纠偏: the measures first, then finance's decision.
		adjust := service.CorrectionDecision{Decision: string(jixiao.DecisionAdjust), IndicatorSeq: seq, Opinion: "宣传活动受场地限制，同意下调"}
		_, err = c.s.Monitoring.DecideCorrection(c.ctx, u["finance"], id, round, p.Seq, adjust)
		is(t, "a decision before the measures", err, jixiao.ErrConflict)
		_, err = c.s.Monitoring.RecordMeasures(c.ctx, u["filer-b"], id, round, p.Seq, "加快进度")
		is(t, "another unit's measures", err, jixiao.ErrForbidden)
		_, err = c.s.Monitoring.RecordMeasures(c.ctx, u["finance"], id, round, p.Seq, "加快进度")
		is(t, "finance writes the unit's measures", err, jixiao.ErrForbidden)
		_, err = c.s.Monitoring.RecordMeasures(c.ctx, u["filer"], id, round, p.Seq, "  ")
		fieldIs(t, "empty measures", err, "measures")
		_, err = c.s.Monitoring.RecordMeasures(c.ctx, u["filer"], id, "", p.Seq, "加快进度")
		is(t, "纠偏 in the self-evaluation", err, jixiao.ErrConflict)
		const measures = "下半年集中开展宣传活动 6 场"
		if _, err := c.s.Monitoring.RecordMeasures(c.ctx, u["filer"], id, round, p.Seq, measures); err != nil {
			t.Fatal(err)
		}
		_, err = c.s.Monitoring.DecideCorrection(c.ctx, u["filer"], id, round, p.Seq, adjust)
		is(t, "the unit decides", err, jixiao.ErrForbidden)
		for _, bad := range []struct {
			in    service.CorrectionDecision
			field string
		}{
			{service.CorrectionDecision{Decision: "批评"}, "decision"},
			{service.CorrectionDecision{Decision: string(jixiao.DecisionAdjust)}, "indicator_seq"},
			{service.CorrectionDecision{Decision: string(jixiao.DecisionCut), Amount: "0"}, "amount"},
			{service.CorrectionDecision{Decision: string(jixiao.DecisionWithhold), Amount: "6000"}, "amount"}, // above 5,793.50
		} {
			_, err := c.s.Monitoring.DecideCorrection(c.ctx, u["finance"], id, round, p.Seq, bad.in)
			fieldIs(t, bad.in.Decision+" "+bad.in.Amount, err, bad.field)
		}
		_, err = c.s.Monitoring.AdjustFromCorrection(c.ctx, u["filer"], id, round, p.Seq, "≥80%", "")
		is(t, "an adjustment before the decision", err, jixiao.ErrConflict)
		d, err := c.s.Monitoring.DecideCorrection(c.ctx, u["finance"], id, round, p.Seq, adjust)
		if err != nil || d.Decision != jixiao.DecisionAdjust || d.IndicatorSeq != seq || d.DecidedBy != "finance" {
			t.Fatalf("decide: %+v %v", d, err)
		}
		_, err = c.s.Monitoring.DecideCorrection(c.ctx, u["finance"], id, round, p.Seq, service.CorrectionDecision{Decision: string(jixiao.DecisionStop)})
		is(t, "a second decision", err, jixiao.ErrConflict)
		_, err = c.s.Monitoring.RecordMeasures(c.ctx, u["filer"], id, round, p.Seq, "改了")
		is(t, "measures after the decision", err, jixiao.ErrConflict)

		// The decision leads to a 目标调整 of that indicator.
		_, err = c.s.Monitoring.AdjustFromCorrection(c.ctx, u["filer-b"], id, round, p.Seq, "≥80%", "")
		is(t, "another unit adjusts", err, jixiao.ErrForbidden)
		// An earlier try filed the 目标调整 and failed before linking it (the
		// two are stored one after the other): the retry links that one, and
		// no second adjustment is filed (the list below has one).
		earlier, err := c.s.Targets.ProposeAdjustment(c.ctx, u["filer"], p.ID, service.Proposal{Field: jixiao.AdjustAnnual,
			IndicatorSeq: seq, New: "≥80%", Reason: service.CorrectionReason(round, d)})
		is(t, "the earlier try's adjustment", err, nil)
		adj, err := c.s.Monitoring.AdjustFromCorrection(c.ctx, u["filer"], id, round, p.Seq, "≥80%", "")
		if err != nil {
			t.Fatal(err)
		}
		if adj.ID != earlier.ID {
			t.Errorf("the retry filed adjustment %d beside the earlier try's %d", adj.ID, earlier.ID)
		}
		if adj.Field != jixiao.AdjustAnnual || adj.IndicatorSeq != seq || adj.Old != "100%" || adj.New != "≥80%" ||
			adj.State != jixiao.StateSubmitted || !strings.Contains(adj.Reason, measures) || !strings.Contains(adj.Reason, round) {
			t.Errorf("the adjustment: %+v", adj)
		}
		_, _, a := c.lightOf(t, round, p, seq)
		if cr := a.Correction(p.Seq); cr.AdjustmentID != adj.ID || cr.Measures != measures || cr.MeasuresBy != "filer" ||
			cr.MeasuresAt.IsZero() || cr.DecidedAt.IsZero() || !strings.Contains(cr.Status(), "已发起目标调整") {
			t.Errorf("the 纠偏 as stored: %+v", cr)
		}
		list, err := c.s.Targets.Adjustments(c.ctx, u["finance"], id)
		if err != nil || len(list) != 1 || list[0].ID != adj.ID {
			t.Errorf("adjustments: %+v %v", list, err)
		}
		_, err = c.s.Monitoring.AdjustFromCorrection(c.ctx, u["filer"], id, round, p.Seq, "≥70%", "")
		is(t, "a second adjustment", err, jixiao.ErrConflict)
		for _, k := range []struct {
			a   jixiao.Action
			who string
		}{{jixiao.ActionSetAccrual, "filer"}, {jixiao.ActionCorrectMeasures, "filer"}, {jixiao.ActionDecideCorrection, "finance"}, {jixiao.ActionAdjust, "filer"}} {
			if !c.audited(t, id, k.a, k.who) {
				t.Errorf("no %s by %s in the audit log", k.a, k.who)
			}
		}
	})
}

// TestCorrectionHiddenFromVisitors: the 纠偏 of a project whose report
// finance has not rechecked is the unit's business, like its figures.
func TestCorrectionHiddenFromVisitors(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		id, u := c.pub.ID, c.users
		p := c.pub.Projects[2]
		const round = "2024年1-7月"
		if _, err := c.s.Monitoring.OpenRound(c.ctx, u["finance"], id, round, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := c.s.Monitoring.RecordActuals(c.ctx, u["filer"], id, round, forecastOf(p, "3400", 3, "40", "70")); err != nil {
			t.Fatal(err)
		}
		if _, err := c.s.Monitoring.RecordMeasures(c.ctx, u["filer"], id, round, p.Seq, "加快进度"); err != nil {
			t.Fatal(err)
		}
		for who, want := range map[string]bool{"": false, "filer-b": false, "filer": true, "finance": true} {
			_, a, err := c.s.Monitoring.Round(c.ctx, u[who], id, round)
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Correction(p.Seq).Measures != ""; got != want {
				t.Errorf("%q sees the measures: %v, want %v", who, got, want)
			}
		}
	})
}
