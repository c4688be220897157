package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"jixiao"
)

// selfBody is a whole self-evaluation of project p: the money executed and
// every indicator reached (a number at its target, or 达成).
func selfBody(p jixiao.Project, executed string) map[string]any {
	var inds []map[string]any
	for _, ind := range p.Indicators {
		in := map[string]any{"project_seq": p.Seq, "seq": ind.Seq, "actual": ind.Annual.Value}
		if !ind.Annual.Quantitative() {
			in["actual"], in["grade"] = "已完成", "达成"
		}
		inds = append(inds, in)
	}
	return map[string]any{"projects": []map[string]any{{"project_seq": p.Seq, "executed": executed}}, "indicators": inds}
}

type scoresAnswer struct {
	Items []struct {
		ProjectSeq int    `json:"project_seq"`
		Total      string `json:"total"`
		Status     string `json:"status"`
		Report     struct {
			State        string `json:"state"`
			RecheckScore string `json:"recheck_score"`
			UpdatedBy    string `json:"updated_by"`
		} `json:"report"`
	}
}

// TestReportTransitionsAPI: the API's door to the review of a
// self-evaluation (POST /documents/{id}/reports/{seq}/transitions), taken
// through its four states; an anonymous visitor's scores and actuals show
// project 1 as 未评 until finance's 复核, then its self-score with the
// 复核 score beside it (through the response cache, which the steps move
// on). Wrong role, state and input answer 401, 403, 409 and 422.
func TestReportTransitionsAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		doc, err := st.Document(context.Background(), f.source.ID)
		if err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/documents/%d", doc.ID)
		p := doc.Projects[0]
		step := func(who, action, opinion, score string) (int, []byte) {
			return f.call("POST", fmt.Sprintf("%s/reports/%d/transitions", base, p.Seq), f.tokens[who],
				map[string]string{"action": action, "opinion": opinion, "score": score})
		}
		visitorSees := func(when string, state, status string) {
			t.Helper()
			_, body := f.call("GET", base+"/scores", "", nil)
			s := decodeTo[scoresAnswer](t, body)
			if len(s.Items) == 0 || s.Items[0].Report.State != state || s.Items[0].Status != status {
				t.Errorf("%s: the visitor's project 1: %+v, want %s %s", when, s.Items[:1], state, status)
			}
			_, body = f.call("GET", base+"/actuals", "", nil)
			a := decodeTo[struct{ Projects []any }](t, body)
			if got := len(a.Projects) > 0; got != (state == string(jixiao.EvalRechecked)) {
				t.Errorf("%s: the visitor's actuals: %d projects", when, len(a.Projects))
			}
		}
		if s, body := f.call("PUT", base+"/actuals", f.tokens["filer"], selfBody(p, "1.00")); s != http.StatusOK {
			t.Fatalf("filer records: %d %s", s, body)
		}
		visitorSees("填报中", "填报中", "未评")
		for _, k := range []struct {
			who, action string
			status      int
		}{{"", "submit", 401}, {"dept", "submit", 403}, {"filer-out", "submit", 403}, {"finance", "recheck", 409}} {
			if s, body := step(k.who, k.action, "", "80"); s != k.status {
				t.Errorf("%q %s: %d %s, want %d", k.who, k.action, s, body, k.status)
			}
		}
		if s, body := step("filer", "submit", "", ""); s != 200 || decodeTo[struct{ State string }](t, body).State != "已提交" {
			t.Fatalf("filer submits: %d %s", s, body)
		}
		if s, _ := f.call("PUT", base+"/actuals", f.tokens["filer"], selfBody(p, "2.00")); s != http.StatusConflict {
			t.Errorf("recording over a submitted report: %d, want 409", s)
		}
		if s, body := step("dept", "return", "", ""); s != 422 || problemField(t, body) != "opinion" {
			t.Errorf("a return without a reason: %d %s", s, body)
		}
		if s, body := step("dept", "review", "同意", ""); s != 200 {
			t.Fatalf("dept reviews: %d %s", s, body)
		}
		visitorSees("部门已审", "填报中", "未评")
		if s, body := step("finance", "recheck", "抽查属实", "很好"); s != 422 || problemField(t, body) != "score" {
			t.Errorf("a 复核 score that is no number: %d %s", s, body)
		}
		if s, body := step("finance", "approve", "", ""); s != 422 {
			t.Errorf("an unknown step: %d %s", s, body)
		}
		s, body := step("finance", "recheck", "抽查属实", "86.5")
		if rep := decodeTo[struct{ State, RecheckScore string }](t, body); s != 200 || rep.State != "财政已复核" {
			t.Fatalf("finance rechecks: %d %s", s, body)
		}
		visitorSees("财政已复核", "财政已复核", "已评")
		_, body = f.call("GET", base+"/scores", "", nil)
		if r := decodeTo[scoresAnswer](t, body).Items[0].Report; r.RecheckScore != "86.50" || r.UpdatedBy != f.users["finance"].Username {
			t.Errorf("the 复核 beside the self-score: %+v", r)
		}
		for path, want := range map[string]int{"/reports/x/transitions": 400, "/reports/999/transitions": 404} {
			if s, body := f.call("POST", base+path, f.tokens["filer"], map[string]string{"action": "submit"}); s != want {
				t.Errorf("%s: %d %s, want %d", path, s, body, want)
			}
		}
		h, err := f.wf.History(context.Background(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		steps := map[jixiao.Action]string{}
		for _, e := range h {
			steps[e.Action] = e.Username
		}
		if steps[jixiao.ActionSubmitEval] != f.users["filer"].Username || steps[jixiao.ActionReviewEval] != f.users["dept"].Username ||
			steps[jixiao.ActionRecheckEval] != f.users["finance"].Username {
			t.Errorf("audit log: %v", steps)
		}
	})
}

// problemField is the field of the first problem of a 422.
func problemField(t *testing.T, body []byte) string {
	t.Helper()
	e := decodeTo[struct {
		Error struct{ Problems []struct{ Field string } }
	}](t, body)
	if len(e.Error.Problems) == 0 {
		return ""
	}
	return e.Error.Problems[0].Field
}
