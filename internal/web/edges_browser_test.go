package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestEdgeBrowser checks in Chromium the rough edges of issue 15 that only
// a browser shows: the 草稿/已公开 badge was white on white; the 指标库
// suggestions never loaded (the live check, started by the same change
// event, aborted the library request: both synced on the form); the edit
// form was unstyled (the browser's inputs and fieldset frame); the 目标调整
// picker overflowed its card.
func TestEdgeBrowser(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	b := newBrowser(t, f)
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
	var draftID int64

	t.Run("the table's state badge is readable", func(t *testing.T) {
		login(t, "dept")
		b.do(t, "new draft", chromedp.Navigate(b.base+"/workflow"),
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/workflow/documents/%d/drafts"] button`, src.ID))),
			chromedp.WaitVisible(chromedp.CSS(`[data-doc-state="草稿"]`)))
		ds, err := f.store.Workflow().Drafts(context.Background())
		if err != nil || len(ds) != 1 {
			t.Fatalf("drafts %v %v", ds, err)
		}
		draftID = ds[0].DocumentID
		for id, state := range map[int64]string{draftID: "草稿", src.ID: "已公开"} {
			b.do(t, "workbench", chromedp.Navigate(fmt.Sprintf("%s/workflow/documents/%d", b.base, id)),
				chromedp.WaitVisible(chromedp.CSS(`[data-doc-state="`+state+`"]`)))
			if c := eval[float64](t, b, contrastOf(`[data-doc-state]`)); c < 4.5 {
				t.Errorf("the %s badge's text has contrast %.2f with its background, want at least 4.5", state, c)
			}
		}
		b.screenshotView(t, "edges-badge")
		noConsoleErrors(t, b, "workbench")
		b.do(t, "logout", chromedp.Navigate(b.base+"/account"),
			chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitNotPresent(chromedp.CSS(`form[action="/logout"]`)))
	})

	login(t, "filer")
	t.Run("the 指标库 suggestions load", func(t *testing.T) {
		ds, _ := f.store.Workflow().DocumentStatus(context.Background(), draftID)
		b.do(t, "edit", chromedp.Navigate(fmt.Sprintf("%s/workflow/projects/%d", b.base, ds.Projects[0].ProjectID)),
			chromedp.WaitVisible(chromedp.CSS("#library-pick")),
			// As a person picks: the change event bubbles to the form too,
			// which starts the live check at the same moment.
			chromedp.Evaluate[chromedp.Void](`void (() => { const s = document.querySelector("#library-pick");
				s.value = "11|数量指标"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`))
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#library-list li button"))); err != nil {
			t.Fatalf("the library's suggestions did not load: %v", err)
		}
		noConsoleErrors(t, b, "edit form")
	})

	t.Run("the edit form is styled", func(t *testing.T) {
		if s := eval[string](t, b, `getComputedStyle(document.querySelector("#edit-form fieldset")).borderTopStyle`); s != "none" {
			t.Errorf("the form's fieldset shows the browser's frame (border %s)", s)
		}
		for _, sel := range []string{"#name", `select[name="level2_0"]`, `input[name="annual_value_0"]`, "#goal"} {
			if r := eval[string](t, b, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).borderTopLeftRadius`, sel)); r != "4px" {
				t.Errorf("%s has the browser's look (border radius %s)", sel, r)
			}
		}
		b.screenshot(t, "edges-edit-form")
	})

	t.Run("a refused submission keeps the filer on the form", func(t *testing.T) {
		b.do(t, "clear the goal and save", setValue("#goal", ""),
			chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#flash")),
			chromedp.Click(chromedp.CSS("#submit-project button")), chromedp.WaitVisible(chromedp.CSS("#form-error")))
		if msg := b.text(t, "#form-error"); !strings.Contains(msg, "project.missing-goal") {
			t.Errorf("the refusal says %q", msg)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#edit-form, #submit-project").length`); n != 2 {
			t.Errorf("after the refusal the page has %d of the form and its 提交审核", n)
		}
		b.screenshotView(t, "edges-submit-refused")
		b.consoleErrors() // the browser logs the 409 of the refusal
	})

	t.Run("the 目标调整 picker fits its card", func(t *testing.T) {
		// The project of the filer's unit with the longest goal: its
		// option (现为：the goal) is the widest.
		long := src.Projects[0]
		for _, p := range src.Projects {
			if p.Unit == long.Unit && len(p.Goal) > len(long.Goal) {
				long = p
			}
		}
		b.do(t, "published project", chromedp.Navigate(fmt.Sprintf("%s/workflow/projects/%d", b.base, long.ID)),
			chromedp.WaitVisible(chromedp.CSS(`#adjust select[name="target"]`)))
		over := eval[float64](t, b, `document.querySelector('#adjust select[name="target"]').getBoundingClientRect().right -
			document.querySelector("#adjust").getBoundingClientRect().right`)
		if over > 0 {
			t.Errorf("the picker sticks %.0f px out of its card", over)
		}
		b.do(t, "scroll", chromedp.ScrollIntoView(chromedp.CSS("#adjust")))
		b.screenshotView(t, "edges-adjust")
	})
}

// contrastOf is a JavaScript expression: the WCAG contrast ratio of the
// first element matching sel's text colour against its background colour
// (a transparent background counts as the white page behind it).
func contrastOf(sel string) string {
	return fmt.Sprintf(`(() => {
		const st = getComputedStyle(document.querySelector(%q));
		const rgb = c => { const m = c.match(/[\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? [255, 255, 255] : m.slice(0, 3); };
		const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
			return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
		const a = lum(st.color), b = lum(st.backgroundColor);
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	})()`, sel)
}
