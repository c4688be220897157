package doorstest

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"jixiao"
)

// Batch approval (issue 15, item 3) through the API
// (POST /api/v1/documents/{id}/approvals) and the pages (the confirmation
// step, then its one button). A batch that runs but approves nothing —
// each project refused with its reason — is its own outcome: the doors
// answer 200 with the refusals, and nothing may be written.

// refused is a batch that ran and approved none of its projects.
const refused outcome = "refused"

// batchIDs is the case's selection: "" the case's project, "none"
// nothing, "too many" more ids than a batch takes.
func batchIDs(f *fix, input string) []int64 {
	switch input {
	case "none":
		return []int64{}
	case "too many":
		ids := make([]int64, 1001)
		for i := range ids {
			ids[i] = f.project
		}
		return ids
	}
	return []int64{f.project}
}

func batchApprove() *command {
	return &command{action: jixiao.ActionDeptApprove, state: stateOfProject, doors: map[door]doorFunc{
		apiDoor: func(t *testing.T, w *world, as string, f *fix, input string) outcome {
			a := w.apiCall(t, as, "POST", "/documents/"+id(f.doc)+"/approvals",
				map[string]any{"project_ids": batchIDs(f, input), "comment": "同意"})
			if out := apiOutcome(a); out != ok {
				return out
			}
			var res struct{ Approved, Refused []json.RawMessage }
			json.Unmarshal([]byte(a.body), &res)
			return batchOutcome(len(res.Approved), len(res.Refused))
		},
		pageDoor: func(t *testing.T, w *world, as string, f *fix, input string) outcome {
			w.pageGet(t, as, "/workflow/documents/"+id(f.doc))
			form := url.Values{"all": {"selected"}}
			for _, n := range batchIDs(f, input) {
				form.Add("project", id(n))
			}
			if out := pageOutcome(w.pagePost(t, as, "/workflow/documents/"+id(f.doc)+"/approvals/confirm", form)); out != ok {
				return out
			}
			form.Set("comment", "同意")
			a := w.pagePost(t, as, "/workflow/documents/"+id(f.doc)+"/approvals", form)
			if out := pageOutcome(a); out != ok {
				return out
			}
			return batchOutcome(strings.Count(a.body, "data-approved="), strings.Count(a.body, "data-refused="))
		},
	}}
}

// batchOutcome classifies a batch that ran by what it approved.
func batchOutcome(approved, refusedN int) outcome {
	switch {
	case approved > 0:
		return ok
	case refusedN > 0:
		return refused
	}
	return "empty answer"
}

// withErrorAtDept is a draft whose project of unit A lost its goal (an
// error finding, project.missing-goal, stored with the edit) and was then
// submitted through the store, which does not check findings: it is at
// the department's stage, not clean.
func withErrorAtDept(t *testing.T, w *world) *fix {
	t.Helper()
	ctx := context.Background()
	f := w.draft(t)
	p, err := w.st.Project(ctx, f.project)
	if err != nil {
		t.Fatal(err)
	}
	p.Goal = ""
	fs := []jixiao.Finding{{Rule: "project.missing-goal", Severity: jixiao.SeverityError, ProjectSeq: f.seq, Message: "项目没有绩效目标"}}
	if _, err := w.wf.SaveProject(ctx, p, fs, 1, jixiao.AuditEntry{Username: "测试准备", Action: jixiao.ActionEdit}); err != nil {
		t.Fatal(err)
	}
	w.walk(t, f.project, jixiao.ActionSubmit)
	return f
}

func TestBatchApprove(t *testing.T) {
	submitted := draftAt(jixiao.ActionSubmit)
	stillSubmitted := projectIs(func(s projectState) bool { return s.State == jixiao.StateSubmitted })
	batchApprove().run(t, []tcase{
		{name: "allowed", as: "dept", setup: submitted, want: ok, check: projectIs(func(s projectState) bool { return s.State == jixiao.StateDeptApproved })},
		{name: "allowed: finance after department", as: "finance", setup: draftAt(jixiao.ActionSubmit, jixiao.ActionDeptApprove),
			want: ok, action: jixiao.ActionFinanceApprove},
		{name: "role may not", as: "filer", setup: submitted, want: forbidden},
		{name: "other department", as: "dept-out", setup: submitted, want: notFound},
		{name: "refused: wrong state", as: "dept", setup: draft, want: refused},
		{name: "refused: finance before department", as: "finance", setup: submitted, want: refused, check: stillSubmitted},
		{name: "refused: an error finding", as: "dept", setup: withErrorAtDept, want: refused, check: stillSubmitted},
		{name: "invalid input: none", as: "dept", setup: submitted, input: "none", want: invalid},
		{name: "invalid input: too many", as: "dept", setup: submitted, input: "too many", want: invalid, check: stillSubmitted},
		{name: "published", as: "finance", setup: published, want: conflict},
		{name: "visitor", as: "", setup: submitted, want: notFound, pageWant: unauthenticated},
		{name: "visitor, published", as: "", setup: published, want: unauthenticated},
	})
}
