package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestDocumentPublic: the 公开版 holds the official form only: the caption,
// every unit and project row, the stated 合计, and none of the review's
// marks, source file, import time or findings.
func TestDocumentPublic(t *testing.T) {
	f := newFixture(t, liwanFile)
	liwan := f.docs[liwanFile]
	res, body := f.get(t, fmt.Sprintf("/documents/%d/public", liwan.ID))
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	liwanRows(t, doc, "tr.total td.num")
	table := text(one(t, doc, ".public-form"))
	for _, banned := range []string{"错误", "警告", "提示", "审核发现", liwanFile, "导入于"} {
		if strings.Contains(table, banned) {
			t.Errorf("the public table contains %q", banned)
		}
	}
	if n := len(all(doc, ".public-form .badge")) + len(all(doc, ".public-form [data-rule]")) + len(all(doc, ".public-form [title]")); n != 0 {
		t.Errorf("%d marked elements in the public table", n)
	}
	first := text(all(doc, "table.published tr.project td.indicators")[0])
	if !strings.HasPrefix(first, "1、1-产出指标；11-数量指标；聘用物业管理人员到位率；实施周期指标值:100%；年度指标值:100%。2、") {
		t.Errorf("first indicator cell %q is not the published text", first)
	}
	if !strings.Contains(body, "public.css?v=") {
		t.Error("the public page does not load public.css (page numbers)")
	}
	_, review := f.get(t, fmt.Sprintf("/documents/%d", liwan.ID))
	if strings.Contains(review, "public.css") || !strings.Contains(review, fmt.Sprintf(`href="/documents/%d/public"`, liwan.ID)) {
		t.Error("the review page must link to the 公开版 and not load its page rules")
	}
}

// liwanRows checks the Liwan table's 52 project rows, 7 unit rows and its
// 合计 row (cells by totalSel) as printed: the projects sum to 53,584.70
// (amount.total), the table states 53,584.69.
func liwanRows(t *testing.T, doc *html.Node, totalSel string) {
	t.Helper()
	if n := len(all(doc, "table.published tr.project")); n != 52 {
		t.Errorf("%d project rows, want 52", n)
	}
	if n := len(all(doc, "table.published tr.unit")); n != 7 {
		t.Errorf("%d unit rows, want 7", n)
	}
	var total []string
	for _, td := range all(doc, totalSel) {
		total = append(total, text(td))
	}
	if strings.Join(total, " ") != "53,584.69 53,584.69 0.00 0.00" {
		t.Errorf("合计 row %q, want the stated 53,584.69", total)
	}
}
