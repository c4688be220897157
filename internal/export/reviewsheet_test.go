package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// reviewedSheet is a document of two projects: one reviewed by the
// department (良, with a fix) and then finance (优), one not yet reviewed
// and with a blank 总计.
func reviewedSheet() ReviewSheet {
	var criteria []jixiao.CriterionReview
	for _, c := range jixiao.Criteria {
		criteria = append(criteria, jixiao.CriterionReview{Criterion: c, Mark: jixiao.MarkMeets})
	}
	good := jixiao.Review{Tier: jixiao.RoleDeptReviewer, Result: jixiao.ResultGood, Fixes: "补充满意度指标",
		Criteria: append([]jixiao.CriterionReview(nil), criteria...)}
	good.Criteria[1] = jixiao.CriterionReview{Criterion: jixiao.Criteria[1], Mark: jixiao.MarkMostlyMeets, Opinion: "指标与目标关联不够紧密"}
	excellent := jixiao.Review{Tier: jixiao.RoleFinanceReviewer, Result: jixiao.ResultExcellent, Criteria: criteria}
	// 16:30 UTC is the next day in Beijing.
	at := time.Date(2025, 3, 9, 16, 30, 0, 0, time.UTC)
	p1 := &jixiao.Project{Seq: 1, Unit: "广州市荔湾区就业训练中心", Name: "职业技能培训补贴", Goal: "完成培训 1200 人次",
		Amounts: jixiao.Amounts{Total: jixiao.Money(123456700), Fiscal: jixiao.Money(123456700)}}
	p2 := &jixiao.Project{Seq: 2, Unit: "广州市荔湾区劳动监察大队", Name: "劳动保障监察",
		Amounts: jixiao.Amounts{Blank: jixiao.ColTotal}}
	return ReviewSheet{Year: 2025, Agency: "广州市荔湾区人力资源和社会保障局", Projects: []ReviewedProject{
		{Project: p1, State: jixiao.StateFinanceApproved, Reviews: []jixiao.StoredReview{
			{Review: good, Reviewer: "dept", At: at}, {Review: excellent, Reviewer: "finance", At: at.Add(48 * time.Hour)}}},
		{Project: p2, State: jixiao.StateSubmitted},
	}, Counts: map[jixiao.Result]int{jixiao.ResultExcellent: 1}, Unreviewed: 1}
}

// cells reads a workbook's first sheet as rows of text.
func cells(t *testing.T, data []byte) (string, [][]string, *excelize.File) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	name := f.GetSheetName(0)
	rows, err := f.GetRows(name)
	if err != nil {
		t.Fatal(err)
	}
	return name, rows, f
}

// findRow is the first row whose first cell is label.
func findRow(rows [][]string, label string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == label {
			return r
		}
	}
	return nil
}

func TestProjectReviewXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteProjectReviewXLSX(&b, reviewedSheet()); err != nil {
		t.Fatal(err)
	}
	name, rows, f := cells(t, b.Bytes())
	if name != "审核意见表" || rows[0][0] != "项目支出绩效目标审核意见表" || rows[1][0] != "2025 年度" {
		t.Errorf("title rows %q %q on sheet %q", rows[0], rows[1], name)
	}
	if r := findRow(rows, "项目资金（万元）"); r == nil || r[2] != "123.4567" {
		t.Errorf("money row %q", r)
	}
	if r := findRow(rows, "相关性"); r == nil || r[2] != "基本符合" || r[3] != "指标与目标关联不够紧密" {
		t.Errorf("the department's 相关性 row %q", r)
	}
	var results, dates []string
	for _, r := range rows {
		switch {
		case len(r) > 3 && r[0] == "审核结果":
			results = append(results, r[2]+" "+r[3])
		case len(r) > 5 && r[0] == "审核人":
			dates = append(dates, r[2]+" "+r[5])
		}
	}
	if strings.Join(results, "|") != "良 "+jixiao.ResultGood.Consequence()+"|优 "+jixiao.ResultExcellent.Consequence() {
		t.Errorf("results %q", results)
	}
	if strings.Join(dates, "|") != "dept 2025年3月10日|finance 2025年3月12日" {
		t.Errorf("reviewers and Beijing dates %q", dates)
	}
	if r := findRow(rows, "商定的修改意见"); r == nil || r[2] != "补充满意度指标" {
		t.Errorf("fixes row %q", r)
	}
	if layout, err := f.GetPageLayout(name); err != nil || layout.Size == nil || *layout.Size != paperA4 {
		t.Errorf("page layout %+v %v, want A4", layout, err)
	}
}

func TestDocumentReviewsXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDocumentReviewsXLSX(&b, reviewedSheet()); err != nil {
		t.Fatal(err)
	}
	name, rows, _ := cells(t, b.Bytes())
	if name != "审核意见汇总" || rows[0][0] != "2025年度项目支出绩效目标审核意见汇总表" ||
		rows[1][0] != "主管部门：广州市荔湾区人力资源和社会保障局　　金额单位：万元" {
		t.Errorf("heading %q %q on %q", rows[0], rows[1], name)
	}
	if strings.Join(rows[2], ",") != strings.Join(reviewColumns, ",") {
		t.Errorf("columns %q", rows[2])
	}
	p1, p2 := rows[3], rows[4]
	if p1[0] != "1" || p1[2] != "职业技能培训补贴" || p1[3] != "123.4567" || p1[4] != string(jixiao.StateFinanceApproved) ||
		p1[5] != "良" || !strings.Contains(p1[6], "补充满意度指标") || p1[7] != "dept 2025年3月10日" || p1[8] != "优" {
		t.Errorf("reviewed project row %q", p1)
	}
	if p2[3] != "原表空白" || len(p2) > 5 && p2[5] != "" {
		t.Errorf("unreviewed project row %q", p2)
	}
	if r := findRow(rows, "优（"+jixiao.ResultExcellent.Consequence()+"）"); r == nil || r[3] != "1" {
		t.Errorf("count of 优 %q", r)
	}
	if r := findRow(rows, "尚未审核"); r == nil || r[3] != "1" {
		t.Errorf("count of unreviewed %q", r)
	}
}
