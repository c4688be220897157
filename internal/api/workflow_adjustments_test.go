package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"jixiao"
)

// TestAdjustmentsOverAPI: only the unit's filer may propose a change to a
// published target; the reviewers approve it in their order; it shows in
// the published project once finance approves; every role out of its
// place is refused.
func TestAdjustmentsOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		p := f.source.Projects[0]
		path := fmt.Sprintf("/api/v1/projects/%d/adjustments", p.ID)
		body := map[string]any{"field": "annual_target", "indicator_seq": 1, "new": "≥98%", "reason": "上年实际已达 99%"}
		for who, want := range map[string]int{"anonymous": 401, "filer-out": 403, "dept": 403, "finance": 403, "admin": 403} {
			if s, b := f.call("POST", path, f.tokens[who], body); s != want {
				t.Errorf("%s proposes: %d %s", who, s, b)
			}
		}
		if s, b := f.call("POST", path, f.tokens["filer"], map[string]any{"field": "annual_target", "indicator_seq": 1, "new": "≥98%"}); s != 400 {
			t.Errorf("without a reason: %d %s", s, b)
		}
		s, b := f.call("POST", path, f.tokens["filer"], body)
		if s != 201 {
			t.Fatalf("propose: %d %s", s, b)
		}
		var adj jixiao.Adjustment
		json.Unmarshal(b, &adj)
		if adj.State != jixiao.StateSubmitted || adj.Old != p.Indicators[0].Annual.Text {
			t.Errorf("adjustment %+v", adj)
		}
		tr := fmt.Sprintf("/api/v1/adjustments/%d/transitions", adj.ID)
		for _, c := range []struct {
			who, action string
			want        int
		}{
			{"finance", "approve", 409}, {"dept-out", "approve", 403}, {"filer", "approve", 403},
			{"dept", "approve", 200}, {"dept", "approve", 409}, {"finance", "approve", 200}, {"finance", "return", 409},
		} {
			in := map[string]any{"action": c.action, "comment": "意见"}
			if s, b := f.call("POST", tr, f.tokens[c.who], in); s != c.want {
				t.Errorf("%s %s: %d %s", c.who, c.action, s, b)
			}
		}
		s, b = f.call("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil)
		if s != 200 || !strings.Contains(string(b), `"text":"≥98%"`) {
			t.Errorf("published project after the adjustment: %d %.300s", s, b)
		}
		s, b = f.call("GET", fmt.Sprintf("/api/v1/documents/%d/adjustments", f.source.ID), "", nil)
		if s != 200 || !strings.Contains(string(b), `"state":"财政已审"`) || !strings.Contains(string(b), "上年实际已达") {
			t.Errorf("adjustments list: %d %s", s, b)
		}
		s, b = f.call("GET", fmt.Sprintf("/api/v1/documents/%d/history", f.source.ID), f.tokens["dept"], nil)
		if s != 200 || strings.Count(string(b), fmt.Sprintf(`"adjustment_id":%d`, adj.ID)) != 3 {
			t.Errorf("history of the adjustment: %d %s", s, b)
		}
		// A draft's project is edited directly.
		d := f.draft()
		if s, b := f.call("POST", fmt.Sprintf("/api/v1/projects/%d/adjustments", d.Projects[0].ID), f.tokens["filer"], body); s != 409 {
			t.Errorf("adjustment of a draft: %d %s", s, b)
		}
	})
}

// TestReviewHiddenFromOutsiders: a visitor and users out of the published
// document's scope see only its approved adjustments and no history (404);
// users in scope see the adjustment under review with its reason, and the
// history with its authors. (Both used to go to anyone.)
func TestReviewHiddenFromOutsiders(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		propose := func(seq int, reason string) int64 {
			p := f.source.Projects[0]
			body := map[string]any{"field": "annual_target", "indicator_seq": seq, "new": "≥99%", "reason": reason}
			s, b := f.call("POST", fmt.Sprintf("/api/v1/projects/%d/adjustments", p.ID), f.tokens["filer"], body)
			if s != 201 {
				t.Fatalf("propose: %d %s", s, b)
			}
			var adj jixiao.Adjustment
			json.Unmarshal(b, &adj)
			return adj.ID
		}
		approved := propose(1, "公开的调整理由")
		for _, who := range []string{"dept", "finance"} {
			tr := fmt.Sprintf("/api/v1/adjustments/%d/transitions", approved)
			if s, b := f.call("POST", tr, f.tokens[who], map[string]any{"action": "approve"}); s != 200 {
				t.Fatalf("%s approves: %d %s", who, s, b)
			}
		}
		propose(2, "内部理由：尚未审核")
		adjustments := fmt.Sprintf("/api/v1/documents/%d/adjustments", f.source.ID)
		history := fmt.Sprintf("/api/v1/documents/%d/history", f.source.ID)
		for _, who := range []string{"anonymous", "filer-out", "dept-out", "filer", "dept", "finance", "admin"} {
			inScope := who != "anonymous" && !strings.HasSuffix(who, "-out")
			s, b := f.call("GET", adjustments, f.tokens[who], nil)
			var l struct{ Items []jixiao.Adjustment }
			json.Unmarshal(b, &l)
			want := 1
			if inScope {
				want = 2
			}
			if s != 200 || len(l.Items) != want || l.Items[0].ID != approved || strings.Contains(string(b), "内部理由") != inScope {
				t.Errorf("%s lists the adjustments: %d %s", who, s, b)
			}
			s, b = f.call("GET", history, f.tokens[who], nil)
			switch {
			case inScope && (s != 200 || !strings.Contains(string(b), "填报人")):
				t.Errorf("%s reads the history: %d %.300s", who, s, b)
			case !inScope && (s != 404 || strings.Contains(string(b), "填报人")):
				t.Errorf("%s reads the history: %d %.300s", who, s, b)
			}
		}
	})
}
