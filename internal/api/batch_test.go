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
