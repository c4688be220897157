package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
)

// The same real forms, flattened again in the other ways they reach users,
// must give the same pinned values: the rows of a fixture are written as
// pipe rows, markdown rows, cells separated by runs of spaces, one cell a
// line with blank lines between (labels wrapped and letter-spaced), with
// full-width punctuation, and in GB18030.

var variantFixtures = []string{
	"01-huangshi-party-school-pipes",
	"03-yueyang-county-farmland-cell-per-line",
	"11-xiangtan-sanitation-cells-pipe-tails",
	"12-nanyue-tourism-poverty-spaces-ascii-ops",
}

// flattenings write rows of cells as text.
var flattenings = map[string]func(rows [][]string) string{
	"pipes": func(rows [][]string) string {
		return joinRows(rows, func(r []string) string { return strings.Join(r, " | ") + " | |||" })
	},
	"markdown": func(rows [][]string) string {
		return joinRows(rows, func(r []string) string { return "| " + strings.Join(r, " | ") + " |" })
	},
	"spaces": func(rows [][]string) string {
		return joinRows(rows, func(r []string) string { return strings.Join(r, "    ") })
	},
	"cell-per-line": func(rows [][]string) string {
		var b strings.Builder
		for _, r := range rows {
			for _, c := range r {
				b.WriteString(wrapLabel(letterSpace(c)) + "\n\n")
			}
		}
		return b.String()
	},
	"full-width": func(rows [][]string) string {
		return fullWidth(joinRows(rows, func(r []string) string { return strings.Join(r, " | ") + " | ||" }))
	},
}

func joinRows(rows [][]string, row func([]string) string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(row(r) + "\n")
	}
	return b.String()
}

// letterSpace spaces the letters of a short label: "总体目标" → "总 体 目 标".
func letterSpace(c string) string {
	if c != "总体目标" && c != "绩效指标" && c != "项目名称" {
		return c
	}
	return strings.Join(strings.Split(c, ""), " ")
}

// wrapLabel wraps a category label as a narrow cell does: "经济效益\n\n指标".
func wrapLabel(c string) string {
	if c == "经济效益指标" || c == "可持续影响指标" {
		return strings.TrimSuffix(c, "指标") + "\n\n指标"
	}
	return c
}

// fullWidth writes the colons and brackets of labels full-width.
var fullWidth = strings.NewReplacer(":", "：", "(", "（", ")", "）").Replace

func TestFormFlattenings(t *testing.T) {
	for _, base := range variantFixtures {
		path := filepath.Join("testdata", "forms", base+".txt")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rows := fixtureRows(data)
		for name, flatten := range flattenings {
			switch {
			case base == "12-nanyue-tourism-poverty-spaces-ascii-ops" && name == "full-width":
				continue // its names keep ASCII brackets as printed, which full width would change
			case base == "01-huangshi-party-school-pipes" && name == "cell-per-line":
				continue // "项目主管部门 | 实施单位 | 党校": one cell a line, nothing says which label the value is for
			}
			t.Run(base+"/"+name, func(t *testing.T) {
				want := readExpectedForm(t, strings.TrimSuffix(path, ".txt")+".expected.json")
				doc, err := Parse(base+".txt", []byte(flatten(rows)))
				if err != nil {
					t.Fatal(err)
				}
				if name == "full-width" {
					foldExpected(&want)
				}
				checkForm(t, doc, want)
			})
		}
	}
}

// fixtureRows reads a fixture's rows of cells as the reader cuts them.
func fixtureRows(data []byte) [][]string {
	var rows [][]string
	for _, r := range formRows(splitLines(string(dropSourceLine(data)))) {
		var cells []string
		for _, c := range r.cells {
			cells = append(cells, c.text)
		}
		rows = append(rows, cells)
	}
	return rows
}

// foldExpected writes the pinned text values as the full-width variant
// prints them.
func foldExpected(e *expectedForm) {
	e.Title = fullWidth(e.Title)
	for i := range e.Projects {
		p := &e.Projects[i]
		p.Name, p.Period, p.GoalAnnual, p.GoalPeriod = fullWidth(p.Name), fullWidth(p.Period), fullWidth(p.GoalAnnual), fullWidth(p.GoalPeriod)
		p.Department, p.Unit = fullWidth(p.Department), fullWidth(p.Unit)
		money := map[string]string{}
		for k, v := range p.Money {
			money[k] = v
		}
		p.Money = money
		for j := range p.Indicators {
			in := &p.Indicators[j]
			in.Name, in.AnnualTarget, in.PeriodTarget = fullWidth(in.Name), fullWidth(in.AnnualTarget), fullWidth(in.PeriodTarget)
			in.Level1Label, in.Level2Label = fullWidth(in.Level1Label), fullWidth(in.Level2Label)
		}
	}
}

// TestFormGB18030 reads a form saved in GB18030, as Windows tools save
// Chinese text.
func TestFormGB18030(t *testing.T) {
	base := "11-xiangtan-sanitation-cells-pipe-tails"
	path := filepath.Join("testdata", "forms", base+".txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(dropSourceLine(data))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(base+".txt", gb)
	if err != nil {
		t.Fatal(err)
	}
	checkForm(t, doc, readExpectedForm(t, strings.TrimSuffix(path, ".txt")+".expected.json"))
}

// TestFormXLSX reads a real form kept as a workbook, its rows in cells.
func TestFormXLSX(t *testing.T) {
	base := "11-xiangtan-sanitation-cells-pipe-tails"
	path := filepath.Join("testdata", "forms", base+".txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wb := excelize.NewFile()
	for r, row := range fixtureRows(data) {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			wb.SetCellStr("Sheet1", cell, v)
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(base+".xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	checkForm(t, doc, readExpectedForm(t, strings.TrimSuffix(path, ".txt")+".expected.json"))
}

// A label wrapped over three rows with its neighbours beside the middle
// piece (a PDF printed without padding: "项目资" / "金（万 年度资金总额
// 214.06" / "元）") leaves pieces that are no value: they are not glued to
// the unit above, nor "元）" to the amount (which would read 214.06 元),
// and the reader says it left them out.
func TestFormLabelWrappedOverThreeRows(t *testing.T) {
	for _, text := range []string{
		"绩效目标申报表\n项目名称  某项目\n主管部门  南岳镇人民政府  实施单位  衡阳市南岳镇人民政府\n项目资\n金（万  年度资金总额  214.06\n元）\n年度目标  目标\n一级指标  二级指标  三级指标  指标值\n产出指标  数量指标  入股合作社个数  =10个\n满意度指标  服务对象满意度指标  满意度  >=95%\n",
		"绩效目标申报表 |\n项目名称 | 某项目 |\n主管部门 | 南岳镇人民政府 | 实施单位 | 衡阳市南岳镇人民政府 |\n项目资 |\n金（万 | 年度资金总额 | 214.06 |\n元） |\n年度目标 | 目标 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 入股合作社个数 | =10个 |\n",
	} {
		doc, err := Parse("form.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		p := doc.Projects[0]
		if p.Unit != "衡阳市南岳镇人民政府" || p.Department != "南岳镇人民政府" {
			t.Errorf("unit %q department %q", p.Unit, p.Department)
		}
		want, _ := jixiao.ParseMoney("214.06", jixiao.WanYuan)
		if len(p.Money) != 1 || p.Money[0].Label != "年度资金总额" || p.Money[0].Amount != want {
			t.Errorf("money %v, want 年度资金总额 214.06 万元", p.Money)
		}
		if !hasRule(doc, "parse.text") {
			t.Errorf("no parse.text finding for the label pieces left out: %v", doc.Findings)
		}
	}
}
