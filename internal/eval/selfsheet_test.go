package eval

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSelfSheet(t *testing.T) {
	doc := huadu(t)
	doc.Year = 2024
	a, err := ReadPath(filepath.Join("testdata", "huadu-2024"), doc, selfRound, Default())
	if err != nil {
		t.Fatal(err)
	}
	p := &doc.Projects[0]
	ps, _ := ScoreProject(Default(), p, a)
	sh := BuildSelfSheet(doc, p, ps, a)
	if sh.Year != "（2024年度）" || sh.Project != "花都区随军家属就业安置财政补贴" || sh.Points != "100.00" || sh.Total != "90.86" ||
		sh.Grade != "优" || len(sh.Missing) != 0 {
		t.Errorf("head %+v", sh)
	}
	if sh.Money[0].Cells != [6]string{"50.60", "50.60", "48.07", "10.00", "95.00%", "9.50"} {
		t.Errorf("money row %v", sh.Money[0].Cells)
	}
	r := sh.Rows
	if len(r) != 6 || r[0].Level1 != "产出指标（50分）" || r[0].Level1Span != 3 || r[1].Level1Span != 0 ||
		r[3].Level1 != "效益指标（30分）" || r[3].Level1Span != 2 || r[5].Level1 != "满意度指标（10分）" || r[0].Level2Span != 1 {
		t.Errorf("spans %+v", r)
	}
	if r[0].Actual != "18人" || r[0].Weight != "16.67" || r[0].Score != "15.00" || r[0].Deviation != "人员保障：符合条件的随军家属少于预期" {
		t.Errorf("row 1 %+v", r[0])
	}
	f, rows := selfSheetWorkbook(t, sh)
	find := func(v string) bool {
		for _, row := range rows {
			for _, c := range row {
				if c == v {
					return true
				}
			}
		}
		return false
	}
	for _, v := range []string{"项目支出绩效自评表（2024年度）", "产出指标（50分）", "偏差原因分析及改进措施", "90.86", "优", "95.00%"} {
		if !find(v) {
			t.Errorf("workbook lacks %q", v)
		}
	}
	merged, _ := f.GetMergeCells("自评表")
	if len(merged) < 10 {
		t.Errorf("only %d merged ranges", len(merged))
	}
}

// A project nobody filled in prints as 未评 with no total, not as 0 and 差;
// one with a missing value prints its provisional total, 未完成, and what
// is missing, in the workbook as on the page.
func TestSelfSheetNotFinal(t *testing.T) {
	doc := huadu(t)
	a, err := ReadPath(filepath.Join("testdata", "huadu-2024"), doc, selfRound, Default())
	if err != nil {
		t.Fatal(err)
	}
	p4 := &doc.Projects[3]
	ps, _ := ScoreProject(Default(), p4, a)
	if sh := BuildSelfSheet(doc, p4, ps, a); sh.Total != "—" || sh.Grade != "未评" || sh.Points != "100.00" {
		t.Errorf("project 4: %s %s %s", sh.Points, sh.Total, sh.Grade)
	}
	a.Indicators = a.Indicators[1:] // project 1, indicator 1
	p1 := &doc.Projects[0]
	ps, _ = ScoreProject(Default(), p1, a)
	sh := BuildSelfSheet(doc, p1, ps, a)
	// 90.86 − 15.00 = 75.86, provisional.
	if sh.Total != "75.86（暂计）" || sh.Grade != "未完成" || len(sh.Missing) != 1 || sh.Missing[0] != "指标 1「申领随军家属补贴人数」的实际完成值" {
		t.Errorf("project 1: %s %s %v", sh.Total, sh.Grade, sh.Missing)
	}
	_, rows := selfSheetWorkbook(t, sh)
	n := len(rows)
	if n < 3 || rows[n-3][0] != "总分" || rows[n-3][5] != "100.00" || rows[n-3][6] != "75.86（暂计）" ||
		rows[n-2][0] != "自评等级" || rows[n-2][5] != "未完成" || rows[n-1][0] != "未完成，缺" || rows[n-1][2] != sh.Missing[0] {
		t.Errorf("last rows %q", rows[max(n-3, 0):])
	}
}

// selfSheetWorkbook writes sh as a workbook and reads it back.
func selfSheetWorkbook(t *testing.T, sh SelfSheet) (*excelize.File, [][]string) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSelfSheetXLSX(&b, sh); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("自评表")
	if err != nil {
		t.Fatal(err)
	}
	return f, rows
}
