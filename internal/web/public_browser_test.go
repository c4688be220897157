package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// TestBrowserPublicPrint prints the 公开版 of the Liwan table as PDF through
// Chromium and reads it back with jixiao's own PDF reader: every page
// carries 第 N 页 共 M 页 and the header row, the stated 合计 53,584.69 (the
// projects sum to 53,584.70), no badge, no file name, no import time and
// no findings appendix; and no project row that fits on a page is split.
func TestBrowserPublicPrint(t *testing.T) {
	f := newFixture(t, liwanFile)
	b := newBrowser(t, f)
	liwan := f.docs[liwanFile]
	b.do(t, "document", chromedp.Navigate(fmt.Sprintf("%s/documents/%d", b.base, liwan.ID)),
		chromedp.Click(chromedp.CSS(`a[href$="/public"]`)),
		chromedp.WaitVisible(chromedp.CSS(".public-form table.published")))
	if n := eval[int](t, b, `document.querySelectorAll(".badge, [data-rule], [title]").length`); n != 0 {
		t.Errorf("the public page has %d marked elements", n)
	}
	b.screenshot(t, "document-public")
	pages := b.printPages(t, "document-public")
	if len(pages) < 2 {
		t.Fatalf("the public print takes %d page(s), want several", len(pages))
	}
	text := make([]string, len(pages))
	for i, p := range pages {
		text[i] = strings.Join(strings.Fields(p), "")
	}
	all := strings.Join(text, "\n")
	for i, p := range text {
		if want := fmt.Sprintf("第%d页共%d页", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("printed page %d lacks %q", i+1, want)
		}
		if !strings.Contains(p, "项目名称（资金使用单位）") {
			t.Errorf("printed page %d lacks the header row", i+1)
		}
	}
	if !strings.Contains(text[0], "合计53,584.6953,584.69") || strings.Contains(all, "53,584.70") {
		t.Errorf("the 合计 row is not the stated 53,584.69:\n%.400s", text[0])
	}
	for _, banned := range []string{"错误", "警告", "提示", "审核发现", liwanFile, "来源", "导入于", "打印", "返回审核版"} {
		if strings.Contains(all, banned) {
			t.Errorf("the public print contains %q", banned)
		}
	}
	rowsKeptWhole(t, liwan, text)
	b.do(t, "phone", chromedp.EmulateViewport(390, 844), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(".public-form table.published")))
	if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the public page is %d px wide on a 390 px phone", w)
	}
	b.screenshotView(t, "document-public-phone")
	b.do(t, "desktop", chromedp.EmulateViewport(1440, 900))
	noConsoleErrors(t, b, "document-public")
}

// rowsKeptWhole checks that each project's row ends on the page it starts
// on: the page holding its name and 总计 holds the end of its indicator
// cell. A name and total the table holds twice are left out; at least 45
// of Liwan's 52 projects must be checked.
func rowsKeptWhole(t *testing.T, doc *jixiao.Document, pages []string) {
	t.Helper()
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	all := strings.Join(pages, "\n")
	checked := 0
	for _, p := range doc.Projects {
		if len(p.Indicators) == 0 {
			continue
		}
		start := squeeze(p.Name) + p.Amounts.Total.FormatGrouped(doc.MoneyUnit)
		cell := squeeze(jixiao.IndicatorCell(p.Indicators))
		end := string([]rune(cell)[max(0, len([]rune(cell))-30):])
		if strings.Count(all, start) != 1 {
			continue
		}
		checked++
		for i, page := range pages {
			if strings.Contains(page, start) && !strings.Contains(page, end) {
				t.Errorf("project %s starts on page %d but its indicator cell does not end there (%q)", p.Name, i+1, end)
			}
		}
	}
	if checked < 45 {
		t.Errorf("only %d of %d rows could be told apart by name and total", checked, len(doc.Projects))
	}
}
