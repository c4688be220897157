package ingest

import (
	"strings"
	"testing"

	"jixiao"
)

// formText is a small form in pipe rows with the given money rows.
func formText(money ...string) string {
	return "项目支出绩效目标表\n| 项目名称 | 培训项目 |\n" + strings.Join(money, "\n") + "\n" +
		"| 年度目标 | 完成培训 |\n| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n" +
		"| 产出指标 | 数量指标 | 培训人次 | ≥200人次 |\n| 满意度指标 | 服务对象满意度指标 | 学员满意度 | ≥90% |\n"
}

// TestFormMoneyUnits reads amounts in the unit the form prints them in:
// 元 from the block's label, 万 or 元 written after a number, 万元 by
// default, and numbers a space broke.
func TestFormMoneyUnits(t *testing.T) {
	cases := []struct {
		name  string
		rows  []string
		total jixiao.Money // in 分
	}{
		{"block in 元", []string{"| 项目资金（元） | 年度资金总额 | 2,500,000 |", "| 其中：财政拨款 | 2,500,000 |", "| 其他资金 | 0 |"}, 250_000_000},
		{"万 after the number", []string{"| 项目资金（元） | 年度资金总额 | 250万 |", "| 其中：财政拨款 | 250万 |", "| 其他资金 | 0 |"}, 250_000_000},
		{"万元 by default", []string{"| 项目资金 | 年度资金总额 | 12.5 |", "| 其中：财政拨款 | 12.5 |", "| 其他资金 | 0 |"}, 12_500_000},
		{"broken number", []string{"| 项目资金（万元） | 年度资金总额 | 1 000.50 |", "| 其中：财政拨款 | 1000.50 |", "| 其他资金 | 0 |"}, 1_000_500_000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse("form.txt", []byte(formText(tc.rows...)))
			if err != nil {
				t.Fatal(err)
			}
			p := doc.Projects[0]
			if p.Amounts.Total != tc.total || p.Amounts.Fiscal != tc.total || p.Amounts.Other != 0 {
				t.Errorf("amounts %+v, want total and fiscal %d 分", p.Amounts, tc.total)
			}
			for _, f := range doc.Findings {
				if f.Severity == jixiao.SeverityError {
					t.Errorf("finding %s: %s", f.Rule, f.Message)
				}
			}
		})
	}
}

// TestFormArithmetic reports a total that is not the sum of its split as a
// parse.structure error naming the project, and keeps the amounts printed.
func TestFormArithmetic(t *testing.T) {
	doc, err := Parse("form.txt", []byte(formText("| 项目资金（万元） | 年度资金总额 | 100 |", "| 其中：财政拨款 | 80 |", "| 其他资金 | 10 |")))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range doc.Findings {
		if f.Rule == "parse.structure" {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "培训项目") || !strings.Contains(msgs[0], "100.00") || !strings.Contains(msgs[0], "90.00") {
		t.Errorf("parse.structure findings %q, want one naming 培训项目, 100.00 and 90.00", msgs)
	}
	if a := doc.Projects[0].Amounts; a.Total != 100_000_000 || a.Fiscal != 80_000_000 || a.Other != 10_000_000 {
		t.Errorf("amounts %+v, want the printed 100 / 80 / 10", a)
	}
}

// TestFormManyProjects reads a file of forms one after another as one
// document with a project per form, each with its own indicators.
func TestFormManyProjects(t *testing.T) {
	one := formText("| 项目资金 | 年度资金总额 | 5 |", "| 其中：财政拨款 | 5 |", "| 其他资金 | 0 |")
	two := strings.Replace(one, "培训项目", "宣传项目", 1)
	doc, err := Parse("forms.txt", []byte(one+"\n"+two+one))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Projects) != 3 || doc.Projects[1].Name != "宣传项目" || doc.IndicatorCount() != 6 || doc.Total().Total != 15_000_000 {
		t.Errorf("%d projects (%v), %d indicators, total %v", len(doc.Projects), doc.Projects, doc.IndicatorCount(), doc.Total().Total)
	}
}

// TestFormMoneyLineNotRead: a money line whose amount cannot be read
// leaves its cell unread (never 0.00) with a parse.amount error, and the
// split is not checked against it: a 年度资金总额 written in words, a
// 财政拨款 written in words, and a 实施期 total that leaves no 项目期 figure.
func TestFormMoneyLineNotRead(t *testing.T) {
	cases := []struct {
		name   string
		rows   []string
		unread jixiao.AmountCols
		total  jixiao.Money
	}{
		{"total in words", []string{"| 项目资金（万元） | 年度资金总额 | 二十万 |", "| 其中：财政拨款 | 20 |", "| 其他资金 | 0 |"}, jixiao.ColTotal, 0},
		{"fiscal in words", []string{"| 项目资金（万元） | 年度资金总额 | 20 |", "| 其中：财政拨款 | 约十五 |", "| 其他资金 | 5 |"}, jixiao.ColFiscal, 20_000_000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse("form.txt", []byte(formText(tc.rows...)))
			if err != nil {
				t.Fatal(err)
			}
			p := doc.Projects[0]
			if p.Amounts.Unread != tc.unread || p.Amounts.Total != tc.total {
				t.Errorf("amounts %+v, want %v unread and total %d 分", p.Amounts, tc.unread.Names(), tc.total)
			}
			var amount, structure int
			for _, f := range doc.Findings {
				switch f.Rule {
				case "parse.amount":
					amount++
				case "parse.structure":
					structure++
				}
			}
			if amount == 0 || structure != 0 {
				t.Errorf("%d parse.amount and %d parse.structure findings, want the first only", amount, structure)
			}
		})
	}
}
