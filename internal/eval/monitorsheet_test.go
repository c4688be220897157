package eval

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// sheetCase is a round at 31 July on a project of 100 万元 with a
// cumulative 完成率 at 40 % forecast at 70 % (red), a count and a
// qualitative indicator, its 纠偏 decided as 调整绩效目标 of the first.
func sheetCase(t *testing.T) (*jixiao.Document, *jixiao.Actuals) {
	doc := monitoringDoc(t, "≥100%", "≥100人", "有效降低")
	doc.Agency = "广州市荔湾区人力资源和社会保障局"
	doc.Projects[0].Indicators[0].Accrual = jixiao.AccrualCumulative
	a := monitoringRound(t, "48.5",
		jixiao.IndicatorActual{Value: "40", Forecast: "70", Reasons: []jixiao.DeviationReason{jixiao.ReasonFunding},
			Likelihood: jixiao.LikelihoodPossible, Note: "场地未落实"},
		jixiao.IndicatorActual{Text: "60人", Value: "60", Forecast: "100"},
		grade(jixiao.PartlyAchieved, ""))
	a.Projects[0].Forecast, a.Projects[0].HasForecast, a.Projects[0].Note = money(t, "95"), true, "预计可完成主要目标"
	a.Corrections = []jixiao.Correction{{ProjectSeq: 1, Measures: "下半年集中开展宣传", Decision: jixiao.DecisionAdjust,
		IndicatorSeq: 1, Opinion: "同意下调", DecidedBy: "财政", DecidedAt: time.Date(2024, 8, 20, 2, 0, 0, 0, time.UTC)}}
	return doc, a
}

// The 监控表 says what a reader checks against the unit's return: the
// period, the money with its rates on the year's budget, each indicator's
// kind, values, reasons and likelihood, the light and the 纠偏.
func TestMonitorSheet(t *testing.T) {
	doc, a := sheetCase(t)
	pl := Lights(Default(), doc, a)[0]
	sh := BuildMonitorSheet(Default(), doc, &doc.Projects[0], pl, a)
	if sh.Year != "（2024年1-7月）" || sh.MoneyHead()[2] != "1-7月执行数" || sh.MonitorHead()[5] != "1-7月执行情况" {
		t.Errorf("period: %q %q %q", sh.Year, sh.MoneyHead()[2], sh.MonitorHead()[5])
	}
	if sh.Money != [6]string{"100.00", "100.00", "48.50", "48.50%", "95.00", "95.00%"} {
		t.Errorf("money: %q", sh.Money)
	}
	r := sh.Rows
	if r[0].Kind != "累计型" || r[0].Target != "≥100%" || r[0].ToDate != "40%" || r[0].Forecast != "70%" ||
		r[0].Reasons != "经费保障" || r[0].Likelihood != "有可能" || r[0].Note != "场地未落实" || r[0].Light != Red {
		t.Errorf("row 1: %+v", r[0])
	}
	if r[1].Kind != "累计型" || r[1].ToDate != "60人" || r[1].Forecast != "100人" || r[2].Kind != "—" || r[2].ToDate != "部分达成" {
		t.Errorf("rows 2, 3: %+v %+v", r[1], r[2])
	}
	if r[0].Level1Span != 3 || r[1].Level1Span != 0 {
		t.Errorf("spans: %d %d", r[0].Level1Span, r[1].Level1Span)
	}
	if sh.Color != Red || sh.Measures != "下半年集中开展宣传" || sh.Decision != "调整绩效目标（指标 1 指标1）：同意下调（财政，2024-08-20）" ||
		!strings.Contains(sh.CorrectionStatus, "待单位发起目标调整") {
		t.Errorf("light and 纠偏: %s %q %q %q", sh.Color, sh.Measures, sh.Decision, sh.CorrectionStatus)
	}
	s := SummarizeRound(Lights(Default(), doc, a), a)
	if s.Red != 1 || s.Deviating != 1 || s.Measured != 1 || s.Decided != 1 || s.Adjusting != 0 {
		t.Errorf("summary: %+v", s)
	}

	var b bytes.Buffer
	if err := WriteMonitorSheetXLSX(&b, sh); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("监控表")
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, row := range rows {
		text += strings.Join(row, "|") + "\n"
	}
	for _, want := range []string{"项目支出绩效目标执行监控表（2024年1-7月）", "主管部门||广州市荔湾区人力资源和社会保障局",
		"年初预算数|全年预算数|1-7月执行数|1-7月执行率|全年预计执行数|全年预计执行率", "100.00|100.00|48.50|48.50%|95.00|95.00%",
		"指标1|累计型|≥100%|40%|70%|经费保障|有可能|场地未落实", "纠偏措施||下半年集中开展宣传", "财政纠偏决定||调整绩效目标（指标 1 指标1）"} {
		if !strings.Contains(text, want) {
			t.Errorf("workbook lacks %q:\n%s", want, text)
		}
	}
	if o, _ := f.GetPageLayout("监控表"); o.Orientation == nil || *o.Orientation != "landscape" || *o.Size != 9 {
		t.Errorf("page layout: %+v", o)
	}
}

func TestPeriodLabel(t *testing.T) {
	for day, want := range map[string]string{"2024-07-31": "1-7月", "2024-02-29": "1-2月", "2024-09-15": "截至9月15日"} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := PeriodLabel(jixiao.Round{CutOff: d}); got != want {
			t.Errorf("%s: %q, want %q", day, got, want)
		}
	}
}
