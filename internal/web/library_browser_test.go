package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLibraryBrowser: in Chromium, the 指标库 page of 满意度 on the samples
// plus the generated districts draws its box plot (ECharts finishes,
// canvas drawn) beside the figures, lists the planted ≥60% first at the
// low tail, and logs no console error; the list page finds the group.
func TestLibraryBrowser(t *testing.T) {
	f, set := libraryFixture(t)
	b := newBrowser(t, f)
	b.do(t, "list", chromedp.Navigate(b.base+"/library?q=满意"),
		chromedp.WaitVisible(chromedp.CSS("table.library-groups")))
	if got := b.text(t, "table.library-groups tbody tr td a"); got != "满意度" {
		t.Errorf("the first group found for 满意 is %q", got)
	}
	b.do(t, "group", chromedp.Navigate(b.base+groupPath("满意度", "%")),
		chromedp.WaitVisible(chromedp.CSS("#chart-targets[data-ready]")))
	if !eval[bool](t, b, `!!document.querySelector("#chart-targets canvas") && document.querySelector("#chart-targets canvas").width > 100`) {
		t.Error("the box plot has no canvas drawn")
	}
	planted := set.Docs[set.Below[0]].Projects[set.Below[1]-1].Name
	if low := b.text(t, `div[data-tail="floor-low"] tbody tr`); !strings.Contains(low, "≥60%") || !strings.Contains(low, planted) {
		t.Errorf("the low tail starts with %q", low)
	}
	b.screenshot(t, "library-satisfaction")
	noConsoleErrors(t, b, "library group")
}
