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
// (amount.total), the table states 53,584.69 and leaves 财政专户拨款 and
// 其他资金 blank.
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
	if strings.Join(total, "|") != "53,584.69|53,584.69||" {
		t.Errorf("合计 row %q, want the stated 53,584.69", total)
	}
}

// TestPublicBlankCells (issue 19): a money cell the source leaves blank
// shows empty in the 公开版, the review page (and so its print) and on the
// project page, while a printed 0.00 still shows 0.00. The variant of the
// Liwan table prints 0.00 in its first project's 财政专户拨款 and leaves
// every other 财政专户拨款 and 其他资金 blank; Huadu prints 0.00 throughout.
func TestPublicBlankCells(t *testing.T) {
	const variant = "../internal/ingest/testdata/blank/liwan-special-zero.md"
	f := newFixture(t, variant, huaduFile)
	liwan, huadu := f.docs[variant], f.docs[huaduFile]
	cells := func(doc *html.Node, sel string) string {
		var out []string
		for _, td := range all(doc, sel) {
			out = append(out, text(td))
		}
		return strings.Join(out, "|")
	}
	for _, path := range []string{"/documents/%d/public", "/documents/%d"} {
		res, body := f.get(t, fmt.Sprintf(path, liwan.ID))
		mustStatus(t, res, http.StatusOK)
		doc := parseHTML(t, body)
		rows := all(doc, "table.published tr.project")
		if len(rows) != 52 {
			t.Fatalf("%s: %d project rows", path, len(rows))
		}
		for _, c := range []struct{ what, got, want string }{
			{"合计", cells(doc, "table.published tr.total td.num"), "53,584.69|53,584.69||"},
			{"unit row", cells(all(doc, "table.published tr.unit")[0], "td.num"), "50,666.34|50,666.34||"},
			{"project 1 (0.00 printed)", cells(rows[0], "td.num"), "67.00|67.00|0.00|"},
			{"project 2", cells(rows[1], "td.num"), "39,400.00|39,400.00||"},
		} {
			if c.got != c.want {
				t.Errorf("%s: %s cells %q, want %q", path, c.what, c.got, c.want)
			}
		}
		res, body = f.get(t, fmt.Sprintf(path, huadu.ID))
		mustStatus(t, res, http.StatusOK)
		if got := cells(parseHTML(t, body), "table.published tr.total td.num"); got != "13,232.12|13,232.12|0.00|0.00" {
			t.Errorf("%s: Huadu 合计 %q, want its printed 0.00", path, got)
		}
	}
	res, body := f.get(t, fmt.Sprintf("/projects/%d", liwan.Projects[0].ID))
	mustStatus(t, res, http.StatusOK)
	stats := cells(parseHTML(t, body), ".stats .stat-value")
	if stats != "67.00|67.00|0.00|原表空白" {
		t.Errorf("project page amounts %q, want 0.00 for 财政专户拨款 and 原表空白 for 其他资金", stats)
	}
}
