package eval

import (
	"strings"
	"testing"

	"jixiao"
)

// FuzzParseRows feeds arbitrary cells to the reader of filled-in tables:
// it must answer with the actuals or with errors, never panic.
func FuzzParseRows(f *testing.F) {
	f.Add("48.07", "1", "18人", "", "", "人员保障", "", "", "")
	f.Add("-1", "9", "部分档案缺页", "部分达成", "25", "制度、其他", "", "3", "")
	f.Add("1e9", "4", "", "达成", "120%", "经费,经费", "≥5人", "x", "50")
	f.Add("", "1", "５０％", "", "", "", "", "", "")
	doc := &jixiao.Document{Year: 2024, Projects: []jixiao.Project{{Seq: 1, Name: "项目", Amounts: jixiao.Amounts{Total: 50600000},
		Indicators: []jixiao.Indicator{
			{Seq: 1, Level1: "产出指标", Name: "人数", Annual: jixiao.ParseTarget("≥20人")},
			{Seq: 2, Level1: "效益指标", Name: "效果", Annual: jixiao.ParseTarget("有效提升")},
			{Seq: 3, Level1: "满意度指标", Name: "满意度", Annual: jixiao.ParseTarget("≤0次")},
			{Seq: 4, Level1: "产出指标", Name: "任务", Annual: jixiao.ParseTarget("按市下达任务数完成")},
		}}}}
	f.Fuzz(func(t *testing.T, executed, seq, actual, grade, score, reasons, target, likelihood, weight string) {
		name := map[string]string{"1": "人数", "2": "效果", "3": "满意度", "4": "任务"}[strings.TrimSpace(seq)]
		exec := [][]string{ExecutionHeader, {"1", "项目", "", executed}}
		acts := [][]string{append(append([]string{}, ActualsHeader...), "likelihood", "weight"),
			{"1", seq, name, target, actual, grade, score, reasons, "", likelihood, weight}}
		a, err := ParseRows(exec, acts, doc, jixiao.Round{Name: "r"}, Default())
		if err == nil {
			Score(Default(), doc, a)
			Lights(Default(), doc, a)
		}
	})
}
