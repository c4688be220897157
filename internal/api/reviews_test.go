package api_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"jixiao"
)

// reviewBody is a complete review of result res, every criterion marked m.
func reviewBody(m jixiao.Mark, res jixiao.Result, opinion, fixes string) map[string]any {
	var cs []map[string]any
	for _, c := range jixiao.Criteria {
		cs = append(cs, map[string]any{"criterion": c, "mark": m, "opinion": "理由：" + string(c)})
	}
	return map[string]any{"criteria": cs, "result": res, "opinion": opinion, "fixes": fixes}
}

// TestReviewsOverAPI: the department's 中 returns the project with its
// opinions, which the filer reads; after the resubmission the department's
// 良 approves it and finance reads that review with its own pre-filled one;
// finance's 差 makes it 不予安排. Roles out of their place are refused.
func TestReviewsOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		id := d.Projects[0].ID
		path := fmt.Sprintf("/api/v1/projects/%d/reviews", id)
		fair := reviewBody(jixiao.MarkMostlyMeets, jixiao.ResultFair, "请细化量化指标", "")
		if s, b := f.call("POST", path, f.tokens["dept"], fair); s != 409 {
			t.Errorf("review of a draft: %d %s", s, b)
		}
		f.walk(id, jixiao.ActionSubmit)
		for who, want := range map[string]int{"anonymous": 404, "filer": 403, "dept-out": 404, "finance": 409, "admin": 403} {
			if s, b := f.call("POST", path, f.tokens[who], fair); s != want {
				t.Errorf("%s reviews: %d %s, want %d", who, s, b, want)
			}
		}
		if s, b := f.call("POST", path, f.tokens["dept"], reviewBody(jixiao.MarkMeets, jixiao.ResultGood, "", "")); s != 400 {
			t.Errorf("良 without fixes: %d %s", s, b)
		}
		if s, b := f.call("POST", path, f.tokens["dept"], map[string]any{"result": "优", "criteria": []any{}}); s != 400 {
			t.Errorf("no criteria: %d %s", s, b)
		}
		s, b := f.call("GET", path, f.tokens["dept"], nil)
		var sheet struct {
			CanReview bool `json:"can_review"`
			Prefill   *jixiao.Review
			Reviews   []jixiao.StoredReview
		}
		if json.Unmarshal(b, &sheet); s != 200 || !sheet.CanReview || sheet.Prefill == nil || len(sheet.Prefill.Criteria) != 4 {
			t.Fatalf("dept's sheet: %d %s", s, b)
		}
		s, b = f.call("POST", path, f.tokens["dept"], fair)
		var got struct {
			Review jixiao.StoredReview
			Status jixiao.ProjectStatus
		}
		if json.Unmarshal(b, &got); s != 201 || got.Status.State != jixiao.StateDraft || got.Review.Reviewer == "" ||
			got.Review.Tier != jixiao.RoleDeptReviewer {
			t.Fatalf("dept 中: %d %s", s, b)
		}
		s, b = f.call("GET", path, f.tokens["filer"], nil)
		sheet.Prefill, sheet.Reviews = nil, nil
		if json.Unmarshal(b, &sheet); s != 200 || sheet.CanReview || sheet.Prefill != nil || len(sheet.Reviews) != 1 ||
			sheet.Reviews[0].Opinion != "请细化量化指标" {
			t.Errorf("filer's sheet: %d %s", s, b)
		}
		for _, who := range []string{"anonymous", "filer-out"} {
			if s, b := f.call("GET", path, f.tokens[who], nil); s != 404 {
				t.Errorf("%s reads the reviews: %d %s", who, s, b)
			}
		}
		f.walk(id, jixiao.ActionSubmit)
		if s, b := f.call("POST", path, f.tokens["dept"], reviewBody(jixiao.MarkMeets, jixiao.ResultGood, "", "补充满意度指标")); s != 201 {
			t.Fatalf("dept 良: %d %s", s, b)
		}
		s, b = f.call("GET", path, f.tokens["finance"], nil)
		sheet.Prefill, sheet.Reviews = nil, nil
		if json.Unmarshal(b, &sheet); s != 200 || !sheet.CanReview || len(sheet.Reviews) != 2 || sheet.Reviews[1].Fixes != "补充满意度指标" ||
			sheet.Prefill.Tier != jixiao.RoleFinanceReviewer {
			t.Errorf("finance's sheet: %d %s", s, b)
		}
		s, b = f.call("POST", path, f.tokens["finance"], reviewBody(jixiao.MarkFails, jixiao.ResultPoor, "与部门职能无关", ""))
		if json.Unmarshal(b, &got); s != 201 || got.Status.State != jixiao.StateRejected {
			t.Errorf("finance 差: %d %s", s, b)
		}
		// The document's summary: this project 差 by finance over the
		// department's 良, every other one unreviewed.
		sum := fmt.Sprintf("/api/v1/documents/%d/reviews", d.ID)
		s, b = f.call("GET", sum, f.tokens["finance"], nil)
		var all struct {
			Counts     map[jixiao.Result]int `json:"counts"`
			Unreviewed int
			Projects   []struct {
				ProjectID  int64                `json:"project_id"`
				Department *jixiao.StoredReview `json:"department_review"`
				Finance    *jixiao.StoredReview `json:"finance_review"`
			}
		}
		if json.Unmarshal(b, &all); s != 200 || len(all.Projects) != len(d.Projects) || all.Counts[jixiao.ResultPoor] != 1 ||
			len(all.Counts) != 1 || all.Unreviewed != len(d.Projects)-1 {
			t.Fatalf("document reviews: %d %.600s", s, b)
		}
		for _, p := range all.Projects {
			reviewed := p.Department != nil && p.Department.Result == jixiao.ResultGood && p.Finance != nil && p.Finance.Result == jixiao.ResultPoor
			if (p.ProjectID == id) != reviewed || p.ProjectID != id && (p.Department != nil || p.Finance != nil) {
				t.Errorf("project %d in the summary: %+v %+v", p.ProjectID, p.Department, p.Finance)
			}
		}
		for _, who := range []string{"anonymous", "filer-out"} {
			if s, b := f.call("GET", sum, f.tokens[who], nil); s != 404 {
				t.Errorf("%s reads the document's reviews: %d %s", who, s, b)
			}
		}
	})
}
