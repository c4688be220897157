package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestMonitorSheetBrowser: the 绩效监控表 of a red project with its 纠偏
// decided prints on one A4 landscape page, with the cells a reader checks
// against the unit's return (read back from the PDF with jixiao's own
// reader); the 纠偏 page's decision form works in a real browser.
func TestMonitorSheetBrowser(t *testing.T) {
	f := newFixture(t, liwanFile)
	doc := f.docs[liwanFile]
	us := wfUsers(t, f)
	b := newBrowser(t, f)
	filer, finance := newSession(t, b.base), newSession(t, b.base)
	filer.login(us["filer"].Username)
	finance.login(us["finance"].Username)
	ev := "/documents/" + strconv.FormatInt(doc.ID, 10) + "/eval"
	entry := ev + "/rounds/" + url.PathEscape("2024年1-7月") + "/projects/3"
	corr := entry + "/correction"
	finance.get(ev)
	finance.post(ev+"/rounds", url.Values{"name": {"2024年1-7月"}})
	filer.get(corr)
	filer.post(entry+"/accrual", url.Values{"indicator": {"3"}, "accrual": {"cumulative"}})
	filer.get(entry)
	filer.post(entry, url.Values{"executed": {"3400"}, "actual_3": {"40"}, "forecast_3": {"70"},
		"reason_3": {"经费保障"}, "likelihood_3": {"有可能"}, "note_3": {"场地未落实"}})
	filer.get(corr)
	if st, _ := filer.post(corr+"/measures", url.Values{"measures": {"下半年集中开展宣传活动"}}); st != 200 {
		t.Fatalf("measures: %d", st)
	}

	b.do(t, "log in", chromedp.Navigate(b.base+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#username`), us["finance"].Username),
		chromedp.SendKeys(chromedp.CSS(`#password`), wfPassword),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	b.do(t, "decide", chromedp.Navigate(b.base+corr),
		chromedp.SetValue(chromedp.CSS(`#decision select[name=decision]`), "调整绩效目标"),
		chromedp.SetValue(chromedp.CSS(`#decision select[name=indicator_seq]`), "3"),
		chromedp.SendKeys(chromedp.CSS(`#decision textarea[name=opinion]`), "同意下调"),
		chromedp.Click(chromedp.CSS(`#decision button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-decision]`)))
	if got := eval[string](t, b, `document.querySelector("[data-correction-status]").textContent`); !strings.Contains(got, "待单位发起目标调整") {
		t.Errorf("status after the decision: %q", got)
	}
	b.screenshot(t, "monitor-correction")
	noConsoleErrors(t, b, "纠偏")

	b.do(t, "the 监控表", chromedp.Navigate(b.base+entry+"/sheet"), chromedp.WaitVisible(chromedp.CSS(`#monitor-sheet`)))
	b.screenshot(t, "monitor-sheet")
	noConsoleErrors(t, b, "绩效监控表")
	pages := b.printPages(t, "monitor-sheet")
	if len(pages) != 1 {
		t.Errorf("the 监控表 printed on %d pages, want 1; the last: %s", len(pages), pages[len(pages)-1])
	}
	text := strings.Join(strings.Fields(strings.Join(pages, "\n")), "")
	for _, want := range []string{"项目支出绩效目标执行监控表", "（2024年1-7月）", "市就业补助资金（荔湾区）", "1-7月执行数", "3400.00", "58.69%",
		"宣传活动完成率", "累计型", "经费保障", "有可能", "场地未落实", "下半年集中开展宣传活动", "调整绩效目标（指标3宣传活动完成率）：同意下调"} {
		if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the printed 监控表 lacks %q", want)
		}
	}
}
