package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"encoding/json"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// TestWorkflowBrowser walks the review cycle of issue 6 in Chromium: the
// department reviewer starts a 2025 draft from the published Liwan table; a
// filer edits project 1, sees target.vague appear next to the indicator
// while typing, fixes it and submits; the department reviewer returns it
// with a comment on indicator 1; the filer fixes and resubmits; both
// reviewers approve; the finance reviewer publishes; an anonymous visitor
// reads the published table; the history shows each step with its author.
func TestWorkflowBrowser(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	b := newBrowser(t, f)
	wf := f.store.Workflow()
	src := f.docs[liwanFile]

	login := func(t *testing.T, who string) {
		t.Helper()
		b.do(t, "login "+who, chromedp.Navigate(b.base+"/login?next=/workflow"),
			chromedp.WaitVisible(chromedp.CSS("#username")),
			chromedp.SendKeys(chromedp.CSS("#username"), users[who].Username),
			chromedp.SendKeys(chromedp.CSS("#password"), wfPassword),
			chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("#drafts-h")))
	}
	logout := func(t *testing.T) {
		t.Helper()
		b.do(t, "logout", chromedp.Navigate(b.base+"/account"),
			chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitNotPresent(chromedp.CSS(`form[action="/logout"]`)))
	}
	var draftID, pid int64
	bench := func() string { return fmt.Sprintf("%s/workflow/documents/%d", b.base, draftID) }
	row := func(sel string) string { return fmt.Sprintf("#p%d %s", pid, sel) }
	transition := func(t *testing.T, action string, extra ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		steps := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(bench()),
			chromedp.WaitVisible(chromedp.CSS(row(`form[data-action="` + action + `"] button`)))}, extra...)
		steps = append(steps, chromedp.Click(chromedp.CSS(row(`form[data-action="`+action+`"] button`))),
			chromedp.WaitVisible(chromedp.CSS("#flash")))
		b.do(t, action, steps...)
	}

	t.Run("dept starts the 2025 draft", func(t *testing.T) {
		login(t, "dept")
		b.do(t, "new draft", chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/workflow/documents/%d/drafts"] button`, src.ID))),
			chromedp.WaitVisible(chromedp.CSS("#flash")))
		ds, err := wf.Drafts(context.Background())
		if err != nil || len(ds) != 1 {
			t.Fatalf("drafts %v %v", ds, err)
		}
		draftID, pid = ds[0].DocumentID, ds[0].Projects[0].ProjectID
		logout(t)
	})

	t.Run("filer sees target.vague while typing and fixes it", func(t *testing.T) {
		login(t, "filer")
		vague := `#ind-f-1 [data-rule="target.vague"]`
		b.do(t, "edit", chromedp.Navigate(bench()), chromedp.Click(chromedp.CSS(row("[data-edit]"))),
			chromedp.WaitVisible(chromedp.CSS("#edit-form")),
			setValue(`input[name="annual_value_0"]`, ""),
			chromedp.SendKeys(chromedp.CSS(`input[name="annual_text_0"]`), "有效提升"),
			chromedp.WaitVisible(chromedp.CSS(vague)))
		b.screenshot(t, "workflow-vague")
		b.do(t, "fix", setValue(`input[name="annual_text_0"]`, ""),
			chromedp.SendKeys(chromedp.CSS(`input[name="annual_value_0"]`), "95"),
			chromedp.WaitNotPresent(chromedp.CSS(vague)),
			chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#flash")))
		if msg := eval[string](t, b, `document.querySelector("#flash").textContent`); !strings.Contains(msg, "第 2 版") {
			t.Errorf("after saving: %q", msg)
		}
		transition(t, "submit")
		noConsoleErrors(t, b, "edit")
		logout(t)
	})

	t.Run("dept returns it with a comment on indicator 1", func(t *testing.T) {
		login(t, "dept")
		transition(t, "return",
			chromedp.SendKeys(chromedp.CSS(row(`form[data-action="return"] input[name="comment"]`)), "指标1的年度指标值请与去年对比说明"),
			setValue(row(`form[data-action="return"] input[name="indicator_seq"]`), "1"))
		if s := eval[string](t, b, fmt.Sprintf(`document.querySelector("#p%d").dataset.state`, pid)); s != "草稿" {
			t.Errorf("after the return the project is %q", s)
		}
		logout(t)
	})

	t.Run("filer fixes and resubmits", func(t *testing.T) {
		login(t, "filer")
		b.do(t, "edit again", chromedp.Navigate(fmt.Sprintf("%s/workflow/projects/%d", b.base, pid)),
			chromedp.WaitVisible(chromedp.CSS("#edit-form")),
			setValue(`input[name="annual_value_0"]`, ""),
			chromedp.SendKeys(chromedp.CSS(`input[name="annual_value_0"]`), "98"),
			chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#flash")))
		transition(t, "submit")
		logout(t)
	})

	t.Run("both reviewers approve and finance publishes", func(t *testing.T) {
		login(t, "dept")
		transition(t, "approve")
		logout(t)
		// The other 51 projects go through the same review in the store.
		ds, _ := wf.DocumentStatus(context.Background(), draftID)
		for _, p := range ds.Projects[1:] {
			for _, a := range []jixiao.Action{jixiao.ActionSubmit, jixiao.ActionDeptApprove, jixiao.ActionFinanceApprove} {
				to, _ := jixiao.Transition(p.State, a)
				if _, err := wf.SetProjectState(context.Background(), p.ProjectID, jixiao.AuditEntry{Username: "批量", Action: a, FromState: p.State, ToState: to}); err != nil {
					t.Fatal(err)
				}
				p.State = to
			}
		}
		login(t, "finance")
		transition(t, "approve")
		b.do(t, "publish", chromedp.Navigate(bench()), chromedp.Click(chromedp.CSS("#publish")),
			chromedp.WaitVisible(chromedp.CSS(`[data-doc-state="已公开"]`)))
		logout(t)
	})

	t.Run("anonymous visitor reads the published table", func(t *testing.T) {
		b.do(t, "public", chromedp.Navigate(fmt.Sprintf("%s/documents/%d", b.base, draftID)),
			chromedp.WaitVisible(chromedp.CSS("table.published")))
		if n := eval[int](t, b, `document.querySelectorAll("table.published tr.project").length`); n != 52 {
			t.Errorf("published table shows %d projects", n)
		}
		b.do(t, "public workbench", chromedp.Navigate(bench()), chromedp.WaitVisible(chromedp.CSS(`[data-doc-state="已公开"]`)))
	})

	t.Run("history shows each step with its author", func(t *testing.T) {
		// The audit trail is for the table's scope, not for the visitor.
		b.do(t, "history as visitor", chromedp.Navigate(bench()+"/history"), chromedp.WaitVisible(chromedp.CSS(".error-page")))
		b.consoleErrors() // the 403 is logged by the browser on purpose
		login(t, "dept")
		b.do(t, "history", chromedp.Navigate(bench()+"/history"), chromedp.WaitVisible(chromedp.CSS("#history")))
		steps := eval[[]string](t, b, `[...document.querySelectorAll("#history tbody tr")]
			.filter(r => r.dataset.user !== "批量")
			.map(r => r.dataset.user + " " + r.dataset.action)`)
		want := []string{"荔湾审核 create_draft", "荔湾填报 edit", "荔湾填报 submit", "荔湾审核 dept_return",
			"荔湾填报 edit", "荔湾填报 submit", "荔湾审核 dept_approve", "财政局 finance_approve", "财政局 publish"}
		if strings.Join(steps, "|") != strings.Join(want, "|") {
			t.Errorf("history:\n%s\nwant:\n%s", strings.Join(steps, "\n"), strings.Join(want, "\n"))
		}
		comment := eval[string](t, b, `document.querySelector('#history tr[data-action="dept_return"] .comment').textContent`)
		if !strings.Contains(comment, "指标1的年度指标值") {
			t.Errorf("return comment %q", comment)
		}
		b.screenshot(t, "workflow-history")
		noConsoleErrors(t, b, "history")
	})
}

// setValue sets an input's value without typing (no input event), as
// chromedp.SetValue would if it accepted an empty value.
func setValue(sel, v string) chromedp.Action[chromedp.Void] {
	q, _ := json.Marshal(sel)
	val, _ := json.Marshal(v)
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf("void (document.querySelector(%s).value = %s)", q, val))
}
