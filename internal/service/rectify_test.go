package service_test

import (
	"bytes"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// fairReview submits the filer's first project of a 2025 draft and has
// the department review it 中; it returns the project and the review.
func fairReview(t *testing.T, c *fixture) (*jixiao.Document, int64, *jixiao.StoredReview) {
	t.Helper()
	d := c.draft(t)
	id := projectOf(d, c.users["filer"].Unit).ID
	if _, err := c.s.Targets.Submit(c.ctx, c.users["filer"], id); err != nil {
		t.Fatal(err)
	}
	sr, _, err := c.s.Targets.ReviewProject(c.ctx, c.users["dept"], id,
		review(jixiao.MarkFails, jixiao.ResultFair, "指标未细化量化，请修改", ""))
	if err != nil {
		t.Fatal(err)
	}
	return d, id, sr
}

// inDays is the Beijing date n days from now, as deadlines are written.
func inDays(n int) string {
	return time.Now().In(jixiao.Beijing).AddDate(0, 0, n).Format(time.DateOnly)
}

// TestRectifyFromFairReview: a 中 review opens a 整改 item that the unit's
// filer works on (measures, a PDF of evidence) and marks done, the
// department sends back once and then verifies: 已核实 with the evidence,
// each step by the one role that may take it, each audited by name.
func TestRectifyFromFairReview(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		u, rf := c.users, c.s.Rectify
		d, id, sr := fairReview(t, c)
		open := service.OpenRequest{Source: jixiao.SourceReview, ProjectID: id, ReviewID: sr.ID,
			Requirement: "细化产出指标", Deadline: inDays(30)}
		for who, kind := range map[string]error{"filer": jixiao.ErrForbidden, "dept-out": jixiao.ErrNotFound,
			"admin": jixiao.ErrForbidden, "": jixiao.ErrNotFound} {
			_, err := rf.Open(c.ctx, u[who], open)
			is(t, who+" opens", err, kind)
		}
		past := open
		past.Deadline = inDays(-1)
		_, err := rf.Open(c.ctx, u["dept"], past)
		is(t, "deadline past", err, jixiao.ErrInvalid)
		item, err := rf.Open(c.ctx, u["dept"], open)
		is(t, "dept opens", err, nil)
		if item.State != jixiao.RectifyOpen || item.Problem != "指标未细化量化，请修改" || item.Unit != u["filer"].Unit ||
			item.ReviewID != sr.ID || item.OpenedBy != "dept" || item.Department != d.Agency {
			t.Fatalf("opened: %+v", item)
		}
		step := func(who string, a jixiao.Action, in service.RectifyInput) error {
			in.Action = a
			_, err := rf.Step(c.ctx, u[who], item.ID, in)
			return err
		}
		is(t, "filer-b reports", step("filer-b", jixiao.ActionReportRectification, service.RectifyInput{Measures: "x"}), jixiao.ErrNotFound)
		is(t, "dept reports", step("dept", jixiao.ActionReportRectification, service.RectifyInput{Measures: "x"}), jixiao.ErrForbidden)
		is(t, "done without measures", step("filer", jixiao.ActionMarkRectified, service.RectifyInput{}), jixiao.ErrInvalid)
		is(t, "report", step("filer", jixiao.ActionReportRectification, service.RectifyInput{Measures: "已重新测算并细化指标"}), nil)
		is(t, "done without evidence", step("filer", jixiao.ActionMarkRectified, service.RectifyInput{}), jixiao.ErrInvalid)
		pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("整改"), 500)...)
		f, err := rf.AttachEvidence(c.ctx, u["filer"], item.ID, `C:\Users\a\整改报告".pdf`, pdf)
		is(t, "attach", err, nil)
		if f == nil || f.ContentType != "application/pdf" || f.Name != "整改报告.pdf" {
			t.Fatalf("evidence %+v", f)
		}
		_, err = rf.AttachEvidence(c.ctx, u["filer"], item.ID, "big.pdf", make([]byte, jixiao.MaxEvidenceBytes+1))
		is(t, "over the cap", err, jixiao.ErrInvalid)
		is(t, "verify before done", step("dept", jixiao.ActionVerifyRectification, service.RectifyInput{}), jixiao.ErrConflict)
		is(t, "done", step("filer", jixiao.ActionMarkRectified, service.RectifyInput{Result: "指标已细化"}), nil)
		is(t, "finance verifies another's item", step("finance", jixiao.ActionVerifyRectification, service.RectifyInput{}), jixiao.ErrForbidden)
		is(t, "return without a reason", step("dept", jixiao.ActionReturnRectification, service.RectifyInput{}), jixiao.ErrInvalid)
		is(t, "return", step("dept", jixiao.ActionReturnRectification, service.RectifyInput{Opinion: "佐证不足"}), nil)
		is(t, "done again", step("filer", jixiao.ActionMarkRectified, service.RectifyInput{}), nil)
		is(t, "verify", step("dept", jixiao.ActionVerifyRectification, service.RectifyInput{Opinion: "核实到位"}), nil)

		got, err := rf.Get(c.ctx, u["finance"], item.ID)
		is(t, "finance reads", err, nil)
		if got.Item.State != jixiao.RectifyVerified || got.Item.Verdict != "核实到位" || len(got.Item.Evidence) != 1 ||
			len(got.History) != 7 || len(got.Steps) != 0 {
			t.Errorf("verified: %+v, %d events, steps %v", got.Item, len(got.History), got.Steps)
		}
		ev, err := rf.Evidence(c.ctx, u["dept"], item.ID, f.ID)
		is(t, "download", err, nil)
		if ev == nil || !bytes.Equal(ev.Data, pdf) {
			t.Errorf("evidence bytes differ")
		}
		_, err = rf.Evidence(c.ctx, u["filer-b"], item.ID, f.ID)
		is(t, "filer-b downloads", err, jixiao.ErrNotFound)
		for who, a := range map[string]jixiao.Action{"dept": jixiao.ActionVerifyRectification, "filer": jixiao.ActionAttachEvidence} {
			if !c.audited(t, d.ID, a, who) {
				t.Errorf("%s's %s is not in the audit log", who, a)
			}
		}
	})
}

// TestRectifyOverdueOnDashboard: an item past its deadline (the Beijing
// date) is overdue in the ledger and on its department's dashboard, with
// the year's 中 review counted; on the deadline day itself it is not.
func TestRectifyOverdueOnDashboard(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		u, rf := c.users, c.s.Rectify
		d, id, sr := fairReview(t, c)
		deadline := inDays(3)
		_, err := rf.Open(c.ctx, u["dept"], service.OpenRequest{Source: jixiao.SourceReview, ProjectID: id,
			ReviewID: sr.ID, Deadline: deadline})
		is(t, "open", err, nil)
		_, err = rf.Open(c.ctx, u["finance"], service.OpenRequest{Source: jixiao.SourceAudit, Department: d.Agency,
			Unit: u["filer-b"].Unit, Problem: "审计发现资金闲置", Deadline: inDays(30)})
		is(t, "audit finding", err, nil)
		day, _ := jixiao.ParseDeadline(deadline)
		rf.Now = func() time.Time { return day.Add(23*time.Hour + 59*time.Minute) } // still the deadline day in Beijing
		dash, err := rf.Dashboard(c.ctx, u["dept"], "")
		is(t, "dashboard", err, nil)
		if dash.Open != 2 || dash.Overdue != 0 {
			t.Errorf("on the deadline day: open %d overdue %d, want 2 and 0", dash.Open, dash.Overdue)
		}
		rf.Now = func() time.Time { return day.Add(24 * time.Hour) }
		dash, err = rf.Dashboard(c.ctx, u["dept"], "")
		is(t, "dashboard", err, nil)
		if dash.Department != d.Agency || dash.Open != 2 || dash.Overdue != 1 || len(dash.OverdueItems) != 1 ||
			dash.OverdueItems[0].ProjectID != id {
			t.Errorf("the day after: %+v", dash)
		}
		var y2025 *service.YearResults
		for i := range dash.Years {
			if dash.Years[i].Year == 2025 {
				y2025 = &dash.Years[i]
			}
		}
		if y2025 == nil || y2025.Reviews["中"] != 1 {
			t.Errorf("2025 results: %+v", dash.Years)
		}
		late, err := rf.List(c.ctx, u["finance"], jixiao.RectifyFilter{Overdue: true})
		is(t, "overdue list", err, nil)
		if len(late) != 1 || !late[0].Overdue {
			t.Errorf("overdue list: %+v", late)
		}
		mine, err := rf.List(c.ctx, u["filer-b"], jixiao.RectifyFilter{})
		is(t, "filer-b's list", err, nil)
		if len(mine) != 1 || mine[0].Source != jixiao.SourceAudit {
			t.Errorf("filer-b sees %+v, want the audit finding only", mine)
		}
		_, err = rf.Dashboard(c.ctx, u["dept"], "广州市越秀区教育局")
		is(t, "another department's dashboard", err, jixiao.ErrForbidden)
		_, err = rf.Dashboard(c.ctx, u["filer"], "")
		is(t, "a filer's dashboard", err, jixiao.ErrForbidden)
	})
}

// TestRectifyFromLightAndSelfEval: a project whose spending stands at 0
// at the end of July is red in the round and opens an item with the
// light's reason; a project without a red light, a round not named and a
// project with no final self-evaluation grade open nothing.
func TestRectifyFromLightAndSelfEval(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		u, rf := c.users, c.s.Rectify
		round, err := c.s.Monitoring.OpenRound(c.ctx, u["finance"], c.pub.ID, "2024年1-7月", "2024-07-31")
		is(t, "open round", err, nil)
		_, err = c.s.Monitoring.RecordActuals(c.ctx, u["finance"], c.pub.ID, round.Name,
			func(doc *jixiao.Document, r jixiao.Round, _ eval.Config) (*jixiao.Actuals, error) {
				return &jixiao.Actuals{Round: r, Projects: []jixiao.ProjectActual{{ProjectSeq: 1, Executed: 0, HasExecuted: true}}}, nil
			})
		is(t, "record", err, nil)
		red, second := c.pub.Projects[0], c.pub.Projects[1]
		light := service.OpenRequest{Source: jixiao.SourceMonitoring, ProjectID: red.ID, Round: round.Name, Deadline: inDays(20)}
		item, err := rf.Open(c.ctx, u["dept"], light)
		is(t, "open from the red light", err, nil)
		if item == nil || item.SourceRef != "监控轮次“2024年1-7月”红灯" || item.Problem == "" || item.Unit != red.Unit {
			t.Errorf("from the light: %+v", item)
		}
		light.ProjectID = second.ID
		_, err = rf.Open(c.ctx, u["dept"], light)
		is(t, "a project not red", err, jixiao.ErrConflict)
		light.Round = ""
		_, err = rf.Open(c.ctx, u["dept"], light)
		is(t, "no round", err, jixiao.ErrInvalid)
		_, err = rf.Open(c.ctx, u["dept"], service.OpenRequest{Source: jixiao.SourceSelfEval, ProjectID: red.ID, Deadline: inDays(20)})
		is(t, "no final self-evaluation", err, jixiao.ErrConflict)
	})
}
