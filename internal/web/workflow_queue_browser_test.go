package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// TestBatchApprovalBrowser is issue 15's "a batch approval of 20 clean
// projects takes one confirmation", in Chromium: 22 projects of a 2025
// draft are submitted, 2 of them with an error finding; the department
// reviewer's 待我审核 counts 22, the batch button offers the 20 clean ones,
// its confirmation page lists them with one button, and that one click
// approves all 20 (the two with errors still wait, not selectable).
func TestBatchApprovalBrowser(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	b := newBrowser(t, f)
	ctx := context.Background()
	wf := f.store.Workflow()
	d, err := wf.CreateDraft(ctx, f.docs[liwanFile].ID, 2025, jixiao.AuditEntry{Username: "测试", Role: jixiao.RoleDeptReviewer})
	if err != nil {
		t.Fatal(err)
	}
	clean, dirty := submitForBatch(t, f, d, 20, 2)

	b.do(t, "login", chromedp.Navigate(b.base+"/login?next=/workflow"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), users["dept"].Username),
		chromedp.SendKeys(chromedp.CSS("#password"), wfPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#drafts-h")))
	bench := fmt.Sprintf("%s/workflow/documents/%d", b.base, d.ID)
	b.do(t, "queue", chromedp.Navigate(bench), chromedp.WaitVisible(chromedp.CSS(`.queue-tabs a[data-tab="mine"]`)),
		chromedp.Click(chromedp.CSS(`.queue-tabs a[data-tab="mine"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.queue-tabs a[data-tab="mine"].current`)))
	if n := eval[string](t, b, `document.querySelector('.queue-tabs a[data-tab="mine"] .count').textContent`); n != "22" {
		t.Errorf("待我审核 counts %s, want 22", n)
	}
	if n := eval[int](t, b, `document.querySelectorAll("#queue tbody tr").length`); n != 22 {
		t.Errorf("待我审核 lists %d rows, want 22", n)
	}
	if n := eval[int](t, b, `document.querySelectorAll("#queue tbody input[data-batch]").length`); n != len(clean) {
		t.Errorf("%d rows selectable for the batch, want %d", n, len(clean))
	}
	for _, id := range dirty {
		if !eval[bool](t, b, fmt.Sprintf(`!!document.querySelector("#p%d input[type=checkbox][disabled]") && !!document.querySelector("#p%d [data-errors]")`, id, id)) {
			t.Errorf("project %d with an error finding is not marked and locked", id)
		}
	}
	b.screenshot(t, "queue-mine")

	b.do(t, "batch", chromedp.Click(chromedp.CSS("#batch-clean")), chromedp.WaitVisible(chromedp.CSS("#batch-confirm")))
	if n := eval[int](t, b, `document.querySelectorAll("#batch-confirm [data-planned]").length`); n != 20 {
		t.Errorf("the confirmation lists %d projects, want 20", n)
	}
	if n := eval[int](t, b, `document.querySelectorAll("button[type=submit]").length - document.querySelectorAll('form[action="/logout"] button').length`); n != 1 {
		t.Errorf("the confirmation has %d buttons, want the one", n)
	}
	b.screenshot(t, "queue-confirm")
	b.do(t, "confirm once", chromedp.Click(chromedp.CSS("#batch-ok")), chromedp.WaitVisible(chromedp.CSS("#batch-done")))
	if n := eval[int](t, b, `document.querySelectorAll("#batch-done [data-approved]").length`); n != 20 {
		t.Errorf("%d approved, want 20", n)
	}
	if eval[bool](t, b, `!!document.querySelector("#batch-refused")`) {
		t.Errorf("the batch refused some: %s", b.text(t, "#batch-refused"))
	}
	for _, id := range clean {
		if ps, err := wf.ProjectStatus(ctx, id); err != nil || ps.State != jixiao.StateDeptApproved {
			t.Errorf("project %d: %+v %v", id, ps, err)
		}
	}
	for _, id := range dirty {
		if ps, err := wf.ProjectStatus(ctx, id); err != nil || ps.State != jixiao.StateSubmitted {
			t.Errorf("project %d with errors: %+v %v", id, ps, err)
		}
	}
	b.do(t, "back", chromedp.Click(chromedp.CSS("#batch-back")), chromedp.WaitVisible(chromedp.CSS(".queue-tabs")))
	if n := eval[string](t, b, `document.querySelector('.queue-tabs a[data-tab="passed"] .count').textContent`); n != "20" {
		t.Errorf("已通过 counts %s, want 20", n)
	}
	noConsoleErrors(t, b, "queue")
}

// submitForBatch submits, through the store, nClean projects of d with no
// error finding and nDirty with one (the store does not check), and
// returns their ids.
func submitForBatch(t *testing.T, f *fixture, d *jixiao.Document, nClean, nDirty int) (clean, dirty []int64) {
	t.Helper()
	ctx := context.Background()
	fs, err := f.store.Findings(ctx, jixiao.FindingQuery{DocumentID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	bad := map[int]bool{}
	for _, x := range fs {
		if x.Severity == jixiao.SeverityError {
			bad[x.ProjectSeq] = true
		}
	}
	for _, p := range d.Projects {
		switch {
		case !bad[p.Seq] && len(clean) < nClean:
			clean = append(clean, p.ID)
		case bad[p.Seq] && len(dirty) < nDirty:
			dirty = append(dirty, p.ID)
		default:
			continue
		}
		e := jixiao.AuditEntry{Username: "填报", Action: jixiao.ActionSubmit, FromState: jixiao.StateDraft, ToState: jixiao.StateSubmitted}
		if _, err := f.store.Workflow().SetProjectState(ctx, p.ID, e); err != nil {
			t.Fatal(err)
		}
	}
	if len(clean) != nClean || len(dirty) != nDirty {
		t.Fatalf("the sample has %d clean and %d projects with errors", len(clean), len(dirty))
	}
	return clean, dirty
}
