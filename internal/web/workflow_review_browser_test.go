package web_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao"
	jpdf "jixiao/internal/pdf"
)

// TestReviewWalkBrowser is the walk of issue 15's "Done when", in
// Chromium: a filer submits; the department reviewer opens the 审核 with
// the four criteria pre-filled, marks 相关性 基本符合, gives 中 and the
// project goes back; the filer sees the opinion on the workbench and the
// edit form, fixes and resubmits; the department gives 良 with an agreed
// fix; finance, seeing the department's review, gives 优; the 审核意见表
// shows both reviews and prints on A4.
func TestReviewWalkBrowser(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	b := newBrowser(t, f)
	ctx := context.Background()
	wf := f.store.Workflow()
	d, err := wf.CreateDraft(ctx, f.docs[liwanFile].ID, 2025, jixiao.AuditEntry{Username: "测试", Role: jixiao.RoleDeptReviewer})
	if err != nil {
		t.Fatal(err)
	}
	pid := d.Projects[0].ID
	bench := fmt.Sprintf("%s/workflow/documents/%d", b.base, d.ID)
	row := func(sel string) string { return fmt.Sprintf("#p%d %s", pid, sel) }
	state := func() jixiao.State {
		ps, err := wf.ProjectStatus(ctx, pid)
		if err != nil {
			t.Fatal(err)
		}
		return ps.State
	}
	as := func(t *testing.T, who string) {
		t.Helper()
		b.loginAs(t, users[who].Username, "/workflow", "#drafts-h")
	}
	submit := func(t *testing.T) {
		t.Helper()
		b.do(t, "submit", chromedp.Navigate(bench), chromedp.Click(chromedp.CSS(row(`form[data-action="submit"] button`))),
			chromedp.WaitVisible(chromedp.CSS("#flash")))
		if s := state(); s != jixiao.StateSubmitted {
			t.Fatalf("after submitting: %s", s)
		}
	}
	review := func(t *testing.T, result string, fill ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(bench), chromedp.Click(chromedp.CSS(row("[data-review]"))),
			chromedp.WaitVisible(chromedp.CSS("#review-form"))}
		steps = append(steps, fill...)
		steps = append(steps, chromedp.Click(chromedp.CSS(`#review-form input[name="result"][value="`+result+`"]`)),
			chromedp.Click(chromedp.CSS(`#review-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("#flash")))
		b.do(t, "review "+result, steps...)
	}

	as(t, "filer")
	submit(t)

	as(t, "dept")
	b.do(t, "open the 审核", chromedp.Navigate(bench), chromedp.Click(chromedp.CSS(row("[data-review]"))),
		chromedp.WaitVisible(chromedp.CSS("#review-form")))
	if n := eval[int](t, b, `document.querySelectorAll('#review-form input[type=radio][name^="mark_"]:checked').length`); n != 4 {
		t.Errorf("%d of the four criteria pre-filled", n)
	}
	review(t, "中",
		chromedp.Click(chromedp.CSS(`#review-form input[name="mark_1"][value="基本符合"]`)),
		setValue("#opinion-1", "绩效指标未细化到服务对象"),
		chromedp.SendKeys(chromedp.CSS("#opinion"), "请补充服务对象满意度指标后重新报送"))
	if s := state(); s != jixiao.StateDraft {
		t.Fatalf("after the 中: %s", s)
	}

	as(t, "filer")
	b.do(t, "workbench", chromedp.Navigate(bench), chromedp.WaitVisible(chromedp.CSS(row(`[data-review-result="中"]`))))
	if txt := b.text(t, row(".review-note")); !strings.Contains(txt, "请补充服务对象满意度指标") || !strings.Contains(txt, users["dept"].Username) {
		t.Errorf("the workbench's note: %q", txt)
	}
	b.do(t, "edit form", chromedp.Click(chromedp.CSS(row("[data-edit]"))), chromedp.WaitVisible(chromedp.CSS(`#review-note[data-review-result="中"]`)))
	if txt := b.text(t, "#review-note"); !strings.Contains(txt, "绩效指标未细化到服务对象") {
		t.Errorf("the edit form's note: %q", txt)
	}
	b.do(t, "fix", setValue(`input[name="annual_value_0"]`, ""),
		chromedp.SendKeys(chromedp.CSS(`input[name="annual_value_0"]`), "98"),
		chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#flash")))
	submit(t)

	as(t, "dept")
	review(t, "良", chromedp.SendKeys(chromedp.CSS("#fixes"), "年内补充满意度调查"))
	if s := state(); s != jixiao.StateDeptApproved {
		t.Fatalf("after the 良: %s", s)
	}

	as(t, "finance")
	b.do(t, "finance opens the 审核", chromedp.Navigate(bench), chromedp.Click(chromedp.CSS(row("[data-review]"))),
		chromedp.WaitVisible(chromedp.CSS("#review-form")))
	if txt := b.text(t, "#reviews"); !strings.Contains(txt, "年内补充满意度调查") || !strings.Contains(txt, "请补充服务对象满意度指标") {
		t.Errorf("finance does not see the department's reviews: %q", txt)
	}
	review(t, "优")
	if s := state(); s != jixiao.StateFinanceApproved {
		t.Fatalf("after the 优: %s", s)
	}

	b.do(t, "审核意见表", chromedp.Navigate(fmt.Sprintf("%s/workflow/projects/%d/review", b.base, pid)),
		chromedp.Click(chromedp.CSS("#review-sheet-link")), chromedp.WaitVisible(chromedp.CSS("#review-sheet")))
	sheet := b.text(t, "#review-sheet")
	for _, want := range []string{"完整性", "相关性", "适当性", "可行性", "良", "优", "年内补充满意度调查", users["dept"].Username, users["finance"].Username} {
		if !strings.Contains(sheet, want) {
			t.Errorf("the 审核意见表 lacks %q", want)
		}
	}
	b.screenshot(t, "review-walk-sheet")
	printA4(t, b, "review-walk-sheet", d.Projects[0].Name)
	noConsoleErrors(t, b, "review walk")
}

// printA4 prints the page with its own @page size and checks that every
// page is A4 (either way round) and that the text holds want.
func printA4(t *testing.T, b *browser, name, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print %s: %v", name, err)
	}
	for _, dir := range b.shots {
		os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644)
	}
	portrait := bytes.Count(pdf, []byte("/MediaBox [0 0 594.95996 841.91998]")) + bytes.Count(pdf, []byte("/MediaBox [0 0 595 842]"))
	landscape := bytes.Count(pdf, []byte("/MediaBox [0 0 841.91998 594.95996]")) + bytes.Count(pdf, []byte("/MediaBox [0 0 842 595]"))
	if all := bytes.Count(pdf, []byte("/MediaBox")); all == 0 || portrait+landscape != all {
		t.Errorf("%s: %d pages, %d A4 portrait, %d A4 landscape", name, all, portrait, landscape)
	}
	pages, err := jpdf.PagesText(pdf)
	if err != nil {
		t.Fatalf("reading the printed PDF: %v", err)
	}
	if text := strings.Join(strings.Fields(strings.Join(pages, "")), ""); !strings.Contains(text, want) {
		t.Errorf("%s: the print lacks %q", name, want)
	}
}
