package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// TestRectifyBrowser is the walk of issue 17 item 3's "Done when" in
// Chromium: after a 中 review, the department reviewer presses 发起整改
// beside it and sets a deadline; the unit's filer uploads a PDF as
// evidence, writes the measures and reports 已整改; the reviewer verifies;
// the item reads 已核实 with its evidence and four steps in its history,
// and the ledger lists it as such.
func TestRectifyBrowser(t *testing.T) {
	d := newDraftForFiler(t)
	if st, _ := d.filer.post(d.edit+"/transitions", url.Values{"action": {"submit"}}); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	if st, _ := d.dept.post(d.edit+"/review", reviewForm("中", "请将指标1细化量化", "")); st != 200 {
		t.Fatalf("dept 中: %d", st)
	}
	b := newBrowser(t, d.f)
	as := func(who string) { b.loginAs(t, d.users[who].Username, "/rectify", "#rectify-items") }
	pdf := filepath.Join(t.TempDir(), "整改报告.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n整改报告\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	as("dept")
	deadline := time.Now().In(jixiao.Beijing).AddDate(0, 1, 0).Format(time.DateOnly)
	b.do(t, "发起整改", chromedp.Navigate(b.base+d.edit+"/review"), chromedp.Click(chromedp.CSS("[data-rectify-review]")),
		chromedp.WaitVisible(chromedp.CSS("#rectify-new")), setValue(`#rectify-new input[name="deadline"]`, deadline),
		chromedp.SendKeys(chromedp.CSS(`#rectify-new textarea[name="requirement"]`), "细化量化产出指标"),
		chromedp.Click(chromedp.CSS(`#rectify-new button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("#rectify-state")))
	if s := b.text(t, "#rectify-state"); s != "待整改" {
		t.Fatalf("opened: %q", s)
	}
	item := b.base + eval[string](t, b, `location.pathname`)

	as("filer")
	b.do(t, "upload", chromedp.Navigate(item), chromedp.WaitVisible(chromedp.CSS("#evidence-form")),
		chromedp.SetUploadFiles(chromedp.CSS(`#evidence-form input[type=file]`), []string{pdf}),
		chromedp.Click(chromedp.CSS(`#evidence-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("#evidence-list")))
	b.do(t, "report done", chromedp.SendKeys(chromedp.CSS(`#report-form textarea[name="measures"]`), "已重新测算，指标1改为培训人次≥500"),
		chromedp.Click(chromedp.CSS(`#report-form button[value="done"]`)), chromedp.WaitVisible(chromedp.CSS(`#rectify-state[data-state="已整改"]`)))

	as("dept")
	b.do(t, "verify", chromedp.Navigate(item), chromedp.WaitVisible(chromedp.CSS("#verify-form")),
		chromedp.SendKeys(chromedp.CSS(`#verify-form textarea[name="opinion"]`), "核实到位"),
		chromedp.Click(chromedp.CSS(`#verify-form button[value="verify"]`)), chromedp.WaitVisible(chromedp.CSS(`#rectify-state[data-state="已核实"]`)))
	if ev := b.text(t, "#evidence-list"); !strings.Contains(ev, "整改报告.pdf") {
		t.Errorf("evidence: %q", ev)
	}
	if n := eval[int](t, b, `document.querySelectorAll('#rectify-history tbody tr').length`); n != 4 {
		t.Errorf("%d steps in the history, want 4", n)
	}
	b.screenshot(t, "rectify-verified")
	b.do(t, "ledger", chromedp.Navigate(b.base+"/rectify"), chromedp.WaitVisible(chromedp.CSS(`#rectify-items tr[data-state="已核实"]`)))
	noConsoleErrors(t, b, "rectify walk")
}

// loginAs logs the browser out of any session and in as username, landing
// on next, and waits for the landing page's selector.
func (b *browser) loginAs(t *testing.T, username, next, landing string) {
	t.Helper()
	b.do(t, "logout", chromedp.Navigate(b.base+"/account"))
	if eval[bool](t, b, `!!document.querySelector('form[action="/logout"] button')`) {
		b.do(t, "logout", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitNotPresent(chromedp.CSS(`form[action="/logout"]`)))
	}
	b.do(t, "login "+username, chromedp.Navigate(b.base+"/login?next="+next),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), wfPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(landing)))
}
