package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"jixiao"
)

// TestApprovalsOverAPI: POST /documents/{id}/approvals approves the
// submitted projects named and lists each other one with its reason; the
// doors' refusals are the service's (403, 404, 409, 400 for none or too
// many).
func TestApprovalsOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		path := fmt.Sprintf("/api/v1/documents/%d/approvals", d.ID)
		a, b, c := d.Projects[0].ID, d.Projects[1].ID, d.Projects[2].ID
		f.walk(a, jixiao.ActionSubmit)
		f.walk(b, jixiao.ActionSubmit)
		body := map[string]any{"project_ids": []int64{a, b, c}, "versions": map[string]int64{fmt.Sprint(b): 7}, "comment": "同意"}
		for who, want := range map[string]int{"anonymous": 404, "filer": 403, "dept-out": 404, "admin": 403} {
			if s, got := f.call("POST", path, f.tokens[who], body); s != want {
				t.Errorf("%s: %d %s, want %d", who, s, got, want)
			}
		}
		many := make([]int64, 1001)
		for in, want := range map[string]any{
			"none":     map[string]any{"project_ids": []int64{}},
			"too many": map[string]any{"project_ids": many},
			"bad key":  map[string]any{"project_ids": []int64{a}, "versions": map[string]int64{"x": 1}},
		} {
			if s, got := f.call("POST", path, f.tokens["dept"], want); s != 400 {
				t.Errorf("%s: %d %s", in, s, got)
			}
		}
		if s, got := f.call("POST", fmt.Sprintf("/api/v1/documents/%d/approvals", f.source.ID), f.tokens["finance"],
			map[string]any{"project_ids": []int64{f.source.Projects[0].ID}}); s != 409 {
			t.Errorf("published: %d %s", s, got)
		}
		s, got := f.call("POST", path, f.tokens["dept"], body)
		var res struct {
			Approved []struct{ Status jixiao.ProjectStatus }
			Refused  []struct {
				ProjectID int64 `json:"project_id"`
				Reason    string
			}
		}
		if json.Unmarshal(got, &res); s != 200 || len(res.Approved)+len(res.Refused) != 3 || len(res.Refused) < 2 {
			t.Fatalf("batch: %d %s", s, got)
		}
		for _, r := range res.Refused {
			if r.ProjectID != a && !hasHan(r.Reason) {
				t.Errorf("refusal %+v", r)
			}
			if r.ProjectID == b && !strings.Contains(r.Reason, "已修改") || r.ProjectID == c && !strings.Contains(r.Reason, "草稿") {
				t.Errorf("refusal %+v", r)
			}
		}
	})
}

// TestQueueOverAPI: GET /documents/{id}/queue gives the department
// reviewer its 待我审核 with the count, the filer the same rows without
// one, and hides a draft from a visitor.
func TestQueueOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		path := fmt.Sprintf("/api/v1/documents/%d/queue", d.ID)
		f.walk(d.Projects[0].ID, jixiao.ActionSubmit)
		f.walk(d.Projects[1].ID, jixiao.ActionSubmit, jixiao.ActionDeptApprove)
		type queue struct {
			Reviewer bool
			Counts   map[string]int
			Rows     []struct {
				Tab     string
				AtStage bool `json:"at_stage"`
				Errors  int
			}
		}
		s, b := f.call("GET", path, f.tokens["dept"], nil)
		q := decodeTo[queue](t, b)
		if s != 200 || !q.Reviewer || q.Counts["mine"] != 1 || q.Counts["passed"] != 1 || len(q.Rows) != len(d.Projects) ||
			q.Rows[0].Tab != "mine" || !q.Rows[0].AtStage {
			t.Errorf("dept's queue: %d %.400s", s, b)
		}
		s, b = f.call("GET", path, f.tokens["finance"], nil)
		if q := decodeTo[queue](t, b); s != 200 || q.Counts["mine"] != 1 || q.Rows[1].Tab != "mine" || q.Rows[0].Tab != "" {
			t.Errorf("finance's queue: %d %.400s", s, b)
		}
		s, b = f.call("GET", path, f.tokens["filer"], nil)
		if q := decodeTo[queue](t, b); s != 200 || q.Reviewer || q.Counts["mine"] != 0 {
			t.Errorf("filer's queue: %d %.400s", s, b)
		}
		if s, b := f.call("GET", path, "", nil); s != 404 {
			t.Errorf("visitor's queue of a draft: %d %s", s, b)
		}
	})
}
