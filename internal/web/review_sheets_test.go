package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestDocumentReviewSheet: after a department 良 and a finance 优 on one
// project, the document's 审核意见汇总表 lists every project with each
// tier's result and counts one 优 and the rest unreviewed; it and the
// project's 审核意见表 download as workbooks with the same figures; a
// filer of another department's table and a visitor get neither.
func TestDocumentReviewSheet(t *testing.T) {
	d := newDraftForFiler(t)
	review := d.edit + "/review"
	if st, body := d.filer.post(d.edit+"/transitions", url.Values{"action": {"submit"}}); st != 200 {
		t.Fatalf("submit: %d %.300s", st, body)
	}
	d.dept.get(review)
	if st, body := d.dept.post(review, reviewForm("良", "", "补充服务对象满意度指标")); st != 200 {
		t.Fatalf("dept 良: %d %.300s", st, body)
	}
	finance := newSession(t, d.srv.URL)
	finance.login(d.users["finance"].Username)
	finance.get(review)
	if st, body := finance.post(review, reviewForm("优", "", "")); st != 200 {
		t.Fatalf("finance 优: %d %.300s", st, body)
	}

	sheet := d.draft + "/reviews"
	st, body := finance.get(sheet)
	if st != 200 || !strings.Contains(body, "项目支出绩效目标审核意见汇总表") || !strings.Contains(body, "2025 年度（草稿）") {
		t.Fatalf("document sheet: %d %.400s", st, body)
	}
	rows := strings.Count(body, "<tr data-project=")
	if rows < 2 || !strings.Contains(body, `<tr data-project="`+d.pid+`">`) {
		t.Fatalf("document sheet lists %d projects, or not project %s", rows, d.pid)
	}
	for _, want := range []string{`data-tier="dept_reviewer">良<`, `data-tier="finance_reviewer">优<`, "补充服务对象满意度指标",
		`<tr data-result="优"><td class="cat">优</td>`, "结果以财政审核为准"} {
		if !strings.Contains(body, want) {
			t.Errorf("document sheet lacks %q", want)
		}
	}
	counts := body[strings.Index(body, `id="review-counts"`):]
	if !strings.Contains(counts, `<tr data-result="优"><td class="cat">优</td><td>`) ||
		!strings.Contains(counts, `</td><td class="num">1</td></tr>`) || !strings.Contains(counts, `<td class="num">`+strconv.Itoa(rows-1)+`</td>`) {
		t.Errorf("counts: want 优 1 and %d unreviewed: %.900s", rows-1, counts)
	}

	resp, data := finance.get(sheet + ".xlsx")
	if resp != 200 {
		t.Fatalf("document sheet xlsx: %d", resp)
	}
	xrows := xlsxRows(t, data)
	if xrows[0][0] != "2025年度项目支出绩效目标审核意见汇总表" || len(xrows) < 3+rows {
		t.Fatalf("workbook heading %q with %d rows", xrows[0], len(xrows))
	}
	found := false
	for _, r := range xrows[3 : 3+rows] {
		if len(r) > 8 && r[5] == "良" && r[8] == "优" {
			found = true
		}
	}
	if !found {
		t.Errorf("the reviewed project is not in the workbook with 良 and 优: %q", xrows[3:3+rows])
	}

	if _, body := d.dept.get(review + "/sheet"); !strings.Contains(body, `id="review-sheet-xlsx" `) && !strings.Contains(body, `id="review-sheet-xlsx">`) {
		t.Errorf("the project's 审核意见表 has no link to its workbook")
	}
	resp, data = d.dept.get(review + "/sheet.xlsx")
	if resp != 200 {
		t.Fatalf("project sheet xlsx: %d", resp)
	}
	var results []string
	for _, r := range xlsxRows(t, data) {
		if len(r) > 2 && r[0] == "审核结果" {
			results = append(results, r[2])
		}
	}
	if strings.Join(results, ",") != "良,优" {
		t.Errorf("project workbook results %q, want 良,优", results)
	}

	outsider := newSession(t, d.srv.URL)
	outsider.login(d.users["filer-out"].Username)
	visitor := newSession(t, d.srv.URL)
	for _, path := range []string{sheet, sheet + ".xlsx", review + "/sheet.xlsx"} {
		if st, _ := outsider.get(path); st != 404 {
			t.Errorf("%s shown to another unit's filer: %d", path, st)
		}
		if st, body := visitor.get(path); st == 200 && !strings.Contains(body, `name="password"`) {
			t.Errorf("%s shown to a visitor", path)
		}
	}
}

// xlsxRows reads a workbook's first sheet.
func xlsxRows(t *testing.T, data string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
