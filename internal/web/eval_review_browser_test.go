package web_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
	"jixiao/internal/auth"
)

// TestEvalReviewBrowser: in Chromium, the unit's filer enters project 1's
// self-evaluation and submits it with the entry page's button; once the
// department has passed it, finance rechecks it with a score and an
// opinion, and the 自评表 prints on one A4 page with the 复核 score under
// the self-score.
func TestEvalReviewBrowser(t *testing.T) {
	f := newFixture(t, huaduFile)
	doc := f.docs[huaduFile]
	b := newBrowser(t, f)
	entry := b.base + "/documents/" + strconv.FormatInt(doc.ID, 10) + "/eval/rounds/" + evalSelfRound + "/projects/1"
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	filer := &jixiao.User{Username: "花都填报", Role: jixiao.RoleFiler, Unit: doc.Projects[0].Unit}
	dept := &jixiao.User{Username: "花都部门", Role: jixiao.RoleDeptReviewer, Department: doc.Agency}
	fin := &jixiao.User{Username: "财政复核", Role: jixiao.RoleFinanceReviewer}
	for _, u := range []*jixiao.User{filer, dept, fin} {
		if err := f.store.Workflow().CreateUser(context.Background(), u, hash, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	signedIn := false
	login := func(u *jixiao.User) {
		if signedIn { // 退出登录 on the account page, as a user would
			b.do(t, "log out", chromedp.Navigate(b.base+"/account"),
				chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
				chromedp.WaitNotPresent(chromedp.CSS(`form[action="/account/password"]`))) // the account page has gone
		}
		signedIn = true
		b.do(t, "log in as "+u.Username, chromedp.Navigate(b.base+"/login"),
			chromedp.SendKeys(chromedp.CSS(`#username`), u.Username),
			chromedp.SendKeys(chromedp.CSS(`#password`), wfPassword),
			chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`#password`)),
			chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	}
	login(filer)
	b.do(t, "self-evaluation", chromedp.Navigate(entry),
		chromedp.SendKeys(chromedp.CSS(`input[name=executed]`), "48.07"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_1]`), "18人"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_2]`), "95%"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_3]`), "81"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_4]`), "90"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_5]`), "60"),
		chromedp.SendKeys(chromedp.CSS(`input[name=actual_6]`), "97"),
		chromedp.Click(chromedp.CSS(`.form-actions button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-saved]`)))
	b.do(t, "submit", chromedp.Navigate(entry),
		chromedp.Click(chromedp.CSS(`form[data-step=submit] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#review [data-eval-state="已提交"]`)))
	b.screenshot(t, "eval-review-submitted")
	noConsoleErrors(t, b, "填报审核")

	login(dept)
	b.do(t, "department review", chromedp.Navigate(entry),
		chromedp.SendKeys(chromedp.CSS(`form[data-step=review] textarea[name=opinion]`), "同意"),
		chromedp.Click(chromedp.CSS(`form[data-step=review] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#review [data-eval-state="部门已审"]`)))

	login(fin)
	b.do(t, "复核", chromedp.Navigate(entry),
		chromedp.SendKeys(chromedp.CSS(`form[data-step=recheck] input[name=score]`), "88"),
		chromedp.SendKeys(chromedp.CSS(`form[data-step=recheck] textarea[name=opinion]`), "抽查属实，满意度调查样本偏少"),
		chromedp.Click(chromedp.CSS(`form[data-step=recheck] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#review [data-eval-state="财政已复核"]`)))
	if got := eval[string](t, b, `document.querySelector("#review [data-recheck]").textContent`); got != "88.00" {
		t.Errorf("复核 score on the entry page %q, want 88.00", got)
	}
	b.screenshot(t, "eval-review-rechecked")
	b.do(t, "自评表", chromedp.Navigate(b.base+"/documents/"+strconv.FormatInt(doc.ID, 10)+"/eval/projects/1/sheet"),
		chromedp.WaitVisible(chromedp.CSS(`[data-recheck]`)))
	pdf := evalPrintPortrait(t, b, "eval-review-sheet")
	evalCheckPDFText(t, pdf, "总分100.0090.86", "财政复核得分100.0088.00", "抽查属实，满意度调查样本偏少", "财政已复核")
	noConsoleErrors(t, b, "自评表")
}
