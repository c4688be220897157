package sampletest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/ingest"
)

// SelfEvalFixtures are the real 自评表 that read to a project (the others
// of the collection are refused or stop before their figures).
var SelfEvalFixtures = []string{"01-chizhou-tangxi-commission-glued-fragment.txt", "02-qingshen-ndrc-wages-cell-per-line.txt",
	"03-daying-justice-anke-pipes-two-forms.txt", "08-langfang-food-school-heating-cell-per-line-fragment.txt",
	"09-tianchang-flood-control-spaces-whole.txt"}

// SelfEval reads a real published 自评表 of internal/ingest's collection
// (see its testdata/selfeval/README.md).
func SelfEval(t testing.TB, name string) []byte {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	data, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "ingest", "testdata", "selfeval", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// levelCodes are the Guangzhou table's numbered category labels.
var levelCodes = map[string]string{"产出指标": "1", "效益指标": "2", "满意度指标": "3",
	"数量指标": "11", "质量指标": "12", "时效指标": "13", "成本指标": "14",
	"经济效益指标": "21", "社会效益指标": "22", "生态效益指标": "23", "可持续影响指标": "24", "服务对象满意度指标": "31"}

var numbering = regexp.MustCompile(`^指标\s*\d+\s*[:：]?`)

// TargetTableOf writes the target table a 自评表 is of: a Guangzhou-style
// table (agency, unit, one project row) with the form's project, unit,
// 年初预算数 and indicators (their printed numbering dropped, a blank
// target written as 达到预期), as the unit would have published it.
func TargetTableOf(f *jixiao.SelfEvaluationForm) string {
	agency := f.Department
	if agency == "" {
		agency = f.Unit
	}
	planned := "0" // the 年初预算数: the total's, or the first part's when the total prints 0
	for _, fund := range f.Funds {
		if fund.Planned.OK && fund.Planned.Amount > 0 && planned == "0" {
			planned = fund.Planned.Amount.Format(jixiao.WanYuan)
		}
	}
	var inds []string
	for i, in := range f.Indicators {
		target := strings.TrimSpace(in.Target.Text)
		if target == "" {
			target = "达到预期"
		}
		l1, l2 := in.Level1, in.Level2
		inds = append(inds, fmt.Sprintf("%d、%s-%s；%s-%s；%s；实施周期指标值:%s；年度指标值:%s。", i+1, levelCodes[l1], l1,
			levelCodes[l2], strings.TrimSuffix(l2, "指标"), numbering.ReplaceAllString(in.Name, ""), target, target))
	}
	if len(inds) == 0 { // a form cut before its grid: the project still has a target
		inds = []string{"1、1-产出指标；11-数量指标；完成项目数；实施周期指标值:1个；年度指标值:1个。"}
	}
	goal := "完成年度工作任务"
	if len(f.Goals) > 0 && f.Goals[0].Target != "" {
		goal = f.Goals[0].Target
	}
	return fmt.Sprintf(`## 项目支出绩效目标表

部门名称：%s

单位：万元

| 项目名称（资金使用单位） | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标 |
|---|---|---|---|---|---|---|
| %s | %s | %s | | | | |
| %s | %s | %s | | | %s | %s |
`, agency, f.Unit, planned, planned, f.Project, planned, planned, goal, strings.Join(inds, ""))
}

// TargetTableFor is the target table of the 自评表 in fixture (the form's
// first): its file name, text and budget year, for an import.
func TargetTableFor(t testing.TB, fixture string) (name string, data []byte, year int) {
	t.Helper()
	forms, err := ingest.ParseSelfEvaluation(fixture, SelfEval(t, fixture))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(fixture, ".txt") + "-target.md", []byte(TargetTableOf(forms[0])), forms[0].Year
}
