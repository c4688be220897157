package web_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jixiao"
	"jixiao/internal/auth"
	jpdf "jixiao/internal/pdf"
)

// TestEvalBrowser: open a monitoring round, enter one project's execution
// in the form and see its light turn from 未填报 to red; then enter the
// project's self-evaluation and print its 自评表 on A4 portrait.
func TestEvalBrowser(t *testing.T) {
	f := newFixture(t, huaduFile)
	b := newBrowser(t, f)
	base := b.base + "/documents/" + strconv.FormatInt(f.docs[huaduFile].ID, 10) + "/eval"
	light := `document.querySelector("#p1").dataset.light`
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &jixiao.User{Username: "财政审核", Role: jixiao.RoleFinanceReviewer}
	if err := f.store.Workflow().CreateUser(context.Background(), u, hash, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}

	b.do(t, "log in", chromedp.Navigate(b.base+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#username`), u.Username),
		chromedp.SendKeys(chromedp.CSS(`#password`), wfPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#password`)), // the page after logging in has loaded
		chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	b.do(t, "open a round", chromedp.Navigate(base),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "2024年1-7月"),
		chromedp.Click(chromedp.CSS(`form.round-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.lights-table`)))
	if got := eval[string](t, b, light); got != "none" {
		t.Fatalf("light before entering: %q", got)
	}
	b.do(t, "enter one actual", chromedp.Click(chromedp.CSS(`#p1 a.button`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=executed]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=executed]`), "10\t"), // leaving the field runs the live check
		chromedp.WaitVisible(chromedp.CSS(`#live-check [data-preview="red"]`)))
	b.screenshot(t, "eval-entry")
	b.do(t, "save", chromedp.Click(chromedp.CSS(`.form-actions button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-saved]`)))
	if got := eval[string](t, b, light); got != "red" {
		t.Errorf("light after entering 10 of 50.60 by 31 July: %q, want red", got)
	}
	reason := eval[string](t, b, `document.querySelector("#p1 td.reason").textContent`)
	if !strings.Contains(reason, "执行率 19.76% 落后时间进度 58.20%") {
		t.Errorf("reason %q", reason)
	}
	b.screenshot(t, "eval-round")
	noConsoleErrors(t, b, "round")

	b.do(t, "self-evaluation", chromedp.Navigate(base+"/rounds/"+evalSelfRound+"/projects/1"),
		chromedp.SendKeys(chromedp.CSS(`input[name=executed]`), "48.07"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_1]`), "18人"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_2]`), "95%"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_3]`), "81"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_4]`), "90"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_5]`), "60"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_6]`), "97"),
		chromedp.Click(chromedp.CSS(`#i1 input[value="人员保障"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=note_1]`), "符合条件的随军家属少于预期"),
		chromedp.Click(chromedp.CSS(`.form-actions button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-saved]`)),
		chromedp.Click(chromedp.CSS(`#p1 a.button[href$="/sheet"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-total]`)))
	// Worked out by hand in internal/eval/huadu_test.go.
	if total := eval[string](t, b, `document.querySelector("[data-total]").textContent`); total != "90.86" {
		t.Errorf("自评表 total %q, want 90.86", total)
	}
	b.screenshot(t, "eval-sheet")
	noConsoleErrors(t, b, "自评表")
	pdf := evalPrintPortrait(t, b, "eval-sheet")
	// The total row as the form has it: 总分 | 分值 100.00 | 得分 90.86.
	evalCheckPDFText(t, pdf, "项目支出绩效自评表", "花都区随军家属就业安置财政补贴", "人员保障", "总分100.0090.86", "自评等级优")

	b.do(t, "scores", chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(`#chart-scores[data-ready]`)))
	// Only project 1 was filled in; the other eleven are 未评 and left out.
	if avg := eval[string](t, b, `document.querySelector("[data-average]").textContent`); avg != "90.86" {
		t.Errorf("average %q, want 90.86", avg)
	}
	if n := eval[string](t, b, `document.querySelector("[data-not-evaluated]").textContent`); n != "11" {
		t.Errorf("未评 %q, want 11", n)
	}
	b.screenshot(t, "eval-document")
	noConsoleErrors(t, b, "绩效评价")
}

// printPortrait prints the page with its own @page size and checks that
// it is one A4 portrait page (595 × 842 points).
func evalPrintPortrait(t *testing.T, b *browser, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	var path string
	for _, dir := range b.shots {
		path = filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(path, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Contains(pdf, []byte("/MediaBox [0 0 594.95996 841.91998]")) && !bytes.Contains(pdf, []byte("/MediaBox [0 0 595 842]")) {
		i := bytes.Index(pdf, []byte("/MediaBox"))
		t.Errorf("printed page is not A4 portrait: %.60s", pdf[max(i, 0):])
	}
	if n := bytes.Count(pdf, []byte("/Type /Page\n")) + bytes.Count(pdf, []byte("/Type /Page ")); n != 1 {
		t.Errorf("the 自评表 printed on %d pages, want 1", n)
	}
	return path
}

// evalCheckPDFText reads the printed text with jixiao's own PDF reader.
func evalCheckPDFText(t *testing.T, pdf string, want ...string) {
	t.Helper()
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := jpdf.PagesText(data)
	if err != nil {
		t.Fatalf("reading the printed 自评表: %v", err)
	}
	text := strings.Join(strings.Fields(strings.Join(pages, "\n")), "")
	for _, w := range want {
		if !strings.Contains(text, strings.Join(strings.Fields(w), "")) {
			t.Errorf("printed 自评表 lacks %q", w)
		}
	}
}
