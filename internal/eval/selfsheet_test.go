package eval

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao"

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
	sh := BuildSelfSheet(Default(), doc, p, ps, a)
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
	if sh := BuildSelfSheet(Default(), doc, p4, ps, a); sh.Total != "—" || sh.Grade != "未评" || sh.Points != "100.00" {
		t.Errorf("project 4: %s %s %s", sh.Points, sh.Total, sh.Grade)
	}
	a.Indicators = a.Indicators[1:] // project 1, indicator 1
	p1 := &doc.Projects[0]
	ps, _ = ScoreProject(Default(), p1, a)
	sh := BuildSelfSheet(Default(), doc, p1, ps, a)
	// 90.86 − 15.00 = 75.86, provisional.
	if sh.Total != "75.86（暂计）" || sh.Grade != "未完成" || len(sh.Missing) != 1 || sh.Missing[0] != "指标 1「申领随军家属补贴人数」的实际完成值" {
		t.Errorf("project 1: %s %s %v", sh.Total, sh.Grade, sh.Missing)
	}
	_, rows := selfSheetWorkbook(t, sh)
	n := len(rows)
	if n < 4 || rows[n-4][0] != "总分" || rows[n-4][5] != "100.00" || rows[n-4][6] != "75.86（暂计）" ||
		rows[n-3][0] != "自评等级" || rows[n-3][5] != "未完成" || rows[n-2][0] != "未完成，缺" || rows[n-2][2] != sh.Missing[0] ||
		rows[n-1][0] != "计分规则" {
		t.Errorf("last rows %q", rows[max(n-4, 0):])
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

// A project published at 50.00 万元 (财政拨款), adjusted during the year to
// 60.00 of which 10.00 上年结转, and 63.00 spent (10.00 of it 上年结转),
// entered through the template's CSV files. Every cell of its 自评表 is
// worked out by hand here, not by the code:
//
//	年度资金总额  50.00 | 60.00 | 63.00 | 10.00 | 63/60 = 105.00% | capped: 10.00
//	当年财政拨款  50.00 | 60 − 10 = 50.00 | 63 − 10 = 53.00 | — | 106.00% | —
//	上年结转资金  —     | 10.00 | 10.00 | — | 100.00% | —
//	其他资金      0.00  | 0.00  | 0.00  | — | —       | —
//	产出 ≥100人, 90人: 50 × 90/100 = 45.00; 效益 ≥90%, 99: 30.00;
//	满意度 ≥90%, 85: 10 × 85/90 = 9.444… → 9.44.
//	总分 | 100.00 | 10.00 + 45.00 + 30.00 + 9.44 = 94.44; 自评等级 优.
//	超支 63.00 − 60.00 = 3.00 万元.
func TestSelfSheetAdjustedBudget(t *testing.T) {
	doc := &jixiao.Document{ID: 1, Agency: "测试局", Year: 2024, MoneyUnit: jixiao.WanYuan, Projects: []jixiao.Project{{
		Seq: 1, Name: "测试项目", Unit: "测试单位", Goal: "完成培训",
		Amounts:    jixiao.Amounts{Total: money(t, "50"), Fiscal: money(t, "50")},
		Indicators: []jixiao.Indicator{ind(1, "1", "≥100人"), ind(2, "2", "≥90%"), ind(3, "3", "≥90%")},
	}}}
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(ExecutionFile, "project_seq,project,budget,executed,carried_budget,other_budget,carried_executed,other_executed\n"+
		"1,测试项目,60.00,63.00,10.00,,10.00,\n")
	write(ActualsFile, "project_seq,seq,name,annual_target,actual,grade,score,deviation_reasons,note\n"+
		"1,1,指标1,≥100人,90,,,人员保障,报名人数不足\n1,2,指标2,≥90%,99,,,,\n1,3,指标3,≥90%,85,,,,\n")
	a, err := ReadPath(dir, doc, selfRound, Default())
	if err != nil {
		t.Fatal(err)
	}
	p := &doc.Projects[0]
	ps, probs := ScoreProject(Default(), p, a)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	sh := BuildSelfSheet(Default(), doc, p, ps, a)
	wantMoney := []MoneyRow{
		{"年度资金总额", [6]string{"50.00", "60.00", "63.00", "10.00", "105.00%", "10.00"}},
		{"其中：当年财政拨款", [6]string{"50.00", "50.00", "53.00", "—", "106.00%", "—"}},
		{"上年结转资金", [6]string{"—", "10.00", "10.00", "—", "100.00%", "—"}},
		{"其他资金", [6]string{"0.00", "0.00", "0.00", "—", "—", "—"}},
	}
	if !slices.Equal(sh.Money, wantMoney) {
		t.Errorf("money rows\n%q\nwant\n%q", sh.Money, wantMoney)
	}
	var rows [][4]string
	for _, r := range sh.Rows {
		rows = append(rows, [4]string{r.Level1, r.Actual, r.Weight, r.Score})
	}
	wantRows := [][4]string{{"产出指标（50分）", "90", "50.00", "45.00"}, {"效益指标（30分）", "99", "30.00", "30.00"},
		{"满意度指标（10分）", "85", "10.00", "9.44"}}
	if !slices.Equal(rows, wantRows) || sh.Rows[0].Deviation != "人员保障：报名人数不足" {
		t.Errorf("indicator rows %q, want %q (%q)", rows, wantRows, sh.Rows[0].Deviation)
	}
	if sh.Points != "100.00" || sh.Total != "94.44" || sh.Grade != "优" || len(sh.Missing) != 0 ||
		!slices.Equal(sh.Notes, []string{"超支：全年执行数超过全年预算数 3.00 万元（执行率 105.00%），须说明原因；预算执行率按满分计"}) {
		t.Errorf("total %s %s %s, missing %v, notes %q", sh.Points, sh.Total, sh.Grade, sh.Missing, sh.Notes)
	}
	_, cells := selfSheetWorkbook(t, sh)
	n := len(cells)
	if n < 8 || !slices.Equal(cells[4][2:], []string{"50.00", "60.00", "63.00", "10.00", "105.00%", "10.00"}) ||
		!slices.Equal(cells[n-4][5:7], []string{"100.00", "94.44"}) || cells[n-3][5] != "优" || cells[n-2][0] != "说明" ||
		!strings.Contains(cells[n-1][2], "部分达成 得 60%") {
		t.Errorf("workbook rows %q", cells)
	}
}

// A project whose published amounts could not be read: its 自评表 shows the
// source text marked 未读出, never 0.00; it is 未完成 until the unit enters
// its 全年预算数, and the execution does not earn the full points of a
// budget of nothing.
func TestSelfSheetUnreadAmounts(t *testing.T) {
	p := project(t, "0", ind(1, "1", "≥100人"), ind(2, "2", "≥90%"))
	p.Raw = "测试项目 五十万 50"
	doc := &jixiao.Document{MoneyUnit: jixiao.WanYuan, Projects: []jixiao.Project{*p}}
	a := actuals(t, "40", val("100"), val("90"))
	ps, _ := ScoreProject(Default(), p, a)
	if ps.Status != StatusIncomplete || ps.ExecutionScore != 0 || !slices.Contains(ps.Missing, "全年预算数（公开表中的金额未能读出）") {
		t.Errorf("unread: %s %s %v", ps.Status, ps.ExecutionScore, ps.Missing)
	}
	sh := BuildSelfSheet(Default(), doc, p, ps, a)
	if sh.Money[0].Cells[0] != "未读出（原文：测试项目 五十万 50）" || sh.Money[0].Cells[1] != "未读出" || sh.Money[1].Cells[0] != "未读出" {
		t.Errorf("money %q", sh.Money)
	}
	// With the 全年预算数 entered: 40 ÷ 50 = 80 % → 8.00, and complete.
	a.Projects[0].Budget, a.Projects[0].HasBudget = money(t, "50"), true
	ps, _ = ScoreProject(Default(), p, a)
	if ps.Status != StatusScored || ps.ExecutionScore != 800 {
		t.Errorf("with a budget: %s %s %v", ps.Status, ps.ExecutionScore, ps.Missing)
	}
}

// TestSelfSheetRecheck: once finance has rechecked the report, the 自评表
// prints the 复核 score under the self-score (分值 | 得分 as the 总分 row)
// with its opinion and the state, on the page's sheet and the workbook.
func TestSelfSheetRecheck(t *testing.T) {
	p := project(t, "100", ind(1, "1", "≥100人"))
	a := actuals(t, "100", val("100"))
	a.Reviews = []jixiao.EvalReview{{ProjectSeq: p.Seq, State: jixiao.EvalRechecked, RecheckScore: "92.50", RecheckOpinion: "抽查属实"}}
	ps, _ := ScoreProject(Default(), p, a)
	sh := BuildSelfSheet(Default(), &jixiao.Document{Projects: []jixiao.Project{*p}}, p, ps, a)
	if sh.State != "财政已复核" || sh.Recheck != "92.50" || sh.RecheckOpinion != "抽查属实" || sh.Total != "100.00" {
		t.Errorf("sheet: state %q, 复核 %q %q, self %q", sh.State, sh.Recheck, sh.RecheckOpinion, sh.Total)
	}
	_, cells := selfSheetWorkbook(t, sh)
	var got [][]string
	for _, c := range cells {
		if len(c) > 0 && (c[0] == "总分" || c[0] == "财政复核得分" || c[0] == "复核意见" || c[0] == "审核状态") {
			got = append(got, c)
		}
	}
	want := [][]string{{"总分", "", "", "", "", "100.00", "100.00"}, {"财政复核得分", "", "", "", "", "100.00", "92.50"},
		{"复核意见", "", "抽查属实"}, {"审核状态", "", "财政已复核"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("workbook rows %q, want %q", got, want)
	}
}

// A one-project form read without its annual money has its cells marked
// unread and no source row (Raw is empty). Before the marks were asked,
// its 年初预算数 printed 0.00 and its execution earned the full points of
// a budget of nothing.
func TestSelfSheetUnreadCellsWithoutRaw(t *testing.T) {
	p := project(t, "0", ind(1, "1", "≥100人"))
	p.Amounts.Unread = jixiao.AllAmountCols
	doc := &jixiao.Document{MoneyUnit: jixiao.WanYuan, Projects: []jixiao.Project{*p}}
	a := actuals(t, "40", val("100"))
	ps, _ := ScoreProject(Default(), p, a)
	if ps.Status != StatusIncomplete || ps.ExecutionScore != 0 || !ps.BudgetUnread {
		t.Errorf("unread cells: %s, execution %s, budget unread %v, missing %v", ps.Status, ps.ExecutionScore, ps.BudgetUnread, ps.Missing)
	}
	sh := BuildSelfSheet(Default(), doc, p, ps, a)
	if sh.Money[0].Cells[0] != "未读出" || sh.Money[0].Cells[1] != "未读出" || sh.Money[1].Cells[0] != "未读出" || sh.Money[3].Cells[0] != "未读出" {
		t.Errorf("money %q", sh.Money)
	}
	if got := ExecutionCell(doc, p, jixiao.ProjectActual{}, "budget"); got != "" {
		t.Errorf("template budget cell %q, want it left to be entered", got)
	}
	if got := monitorMoney(p, jixiao.ProjectActual{}, jixiao.WanYuan); got[0] != "未读出" || got[1] != "未读出" {
		t.Errorf("monitoring money %q", got)
	}

	// Only 财政拨款 unread: the 合计 is known and scored; the fund row says 未读出.
	p.Amounts.Unread = jixiao.ColFiscal
	p.Amounts.Total = money(t, "50")
	ps, _ = ScoreProject(Default(), p, a)
	if ps.Status != StatusScored || ps.ExecutionScore != 800 {
		t.Errorf("fiscal unread: %s %s %v", ps.Status, ps.ExecutionScore, ps.Missing)
	}
	sh = BuildSelfSheet(Default(), doc, p, ps, a)
	if sh.Money[0].Cells[0] != "50.00" || sh.Money[1].Cells[0] != "未读出" || sh.Money[3].Cells[0] == "未读出" {
		t.Errorf("fiscal unread money %q", sh.Money)
	}
}
