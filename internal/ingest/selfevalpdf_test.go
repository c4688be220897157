package ingest

import (
	"html"
	"strings"
	"testing"
)

// annexHTML prints annexForm as a ruled HTML table, one <td> a cell.
func annexHTML() string {
	var b strings.Builder
	b.WriteString("<!doctype html><meta charset=utf-8><style>@page{size:A4 landscape} table{border-collapse:collapse;font-size:9pt;width:100%} td{border:1px solid #000;padding:3px}</style>")
	for _, l := range strings.Split(strings.TrimSpace(annexForm), "\n") {
		if !strings.HasPrefix(l, "|") {
			b.WriteString("<h3 style='text-align:center'>" + html.EscapeString(l) + "</h3>")
			continue
		}
		if !strings.Contains(b.String(), "<table>") {
			b.WriteString("<table>")
		}
		b.WriteString("<tr>")
		for _, c := range splitRow(l) {
			b.WriteString("<td>" + html.EscapeString(c) + "</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}

// A 自评表 printed to PDF as a ruled table is read from the PDF's lines,
// with page-numbered lines.
func TestSelfEvalPDF(t *testing.T) {
	forms, err := ParseSelfEvaluation("annex.pdf", printPDF(t, annexHTML()))
	if err != nil {
		t.Fatal(err)
	}
	if len(forms) != 1 {
		t.Fatalf("%d forms", len(forms))
	}
	f := forms[0]
	// The indicators and the total come through the PDF exactly as in the
	// markdown reading; so do the rows whose cells are all filled.
	checkSEForm(t, f, expectedSEForm{
		Title: "项目支出绩效自评表", Year: 2024, Project: "社区养老服务补助", Department: "某区民政局", DepartmentCode: "015001", Unit: "某区养老服务中心",
		Funds: []expectedFund{
			{"年度资金总额", "total", "100", "120", "126", "10", "105.00%", "10"},
			{"当年财政拨款", "fiscal", "80", "100", "100", "", "99%", ""},
			// A PDF's text keeps no blank cell, so the row whose 年初预算数
			// is blank shifts left; the sums below then disagree and say
			// so (two more selfeval.funds findings): it is not silent.
			{"上年结转资金", "carryover", "20", "25", "", "", "", ""},
			{"其他资金", "other", "20", "", "", "", "", ""},
		},
		Goals: []expectedGoal{{"为500名老人提供助餐服务", "为520名老人提供助餐服务"}},
		Indicators: []expectedSEInd{
			{"产出指标", "数量指标", "助餐服务人数", "≥500人", "520人", "30", "30", ""},
			{"产出指标", "质量指标", "服务合格率", "≥95%", "90%", "20", "18", "厨师流动，下年加强培训"},
			{"效益指标", "社会效益指标", "老人就餐便利程度", "明显改善", "明显改善", "20", "20", ""},
			{"满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", "93%", "10", "12", ""},
		},
		TotalWeight: "100", TotalScore: "88", Grade: "优",
		Findings: []string{"selfeval.rate", "selfeval.funds", "selfeval.funds", "selfeval.funds", "selfeval.sum", "selfeval.sum", "selfeval.score", "selfeval.grade"},
	})
	if f.TitleLine < 1000 || !strings.Contains(f.Findings[0].Message, "第 1 页第") {
		t.Errorf("PDF lines are not numbered by page: title line %d, %q", f.TitleLine, f.Findings[0].Message)
	}
}
