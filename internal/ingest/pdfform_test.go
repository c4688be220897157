package ingest

import (
	"fmt"
	"html"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// formHTML prints a pinned form as the usual 申报表 layout: the block, then
// the grid with one indicator a row.
func formHTML(want expectedForm, ruled bool) string {
	p := want.Projects[0]
	var b strings.Builder
	border := "td,th{border:1px solid #000;padding:3px}"
	if !ruled {
		border = "td,th{border:none;padding:3px 8px}"
	}
	b.WriteString("<!doctype html><meta charset=utf-8><style>@page{size:A4} table{border-collapse:collapse;font-size:10pt;width:100%}" + border + "</style>")
	b.WriteString("<h3 style='text-align:center'>" + html.EscapeString(want.Title) + "</h3><table>")
	row := func(cells ...string) {
		b.WriteString("<tr>")
		for _, c := range cells {
			b.WriteString("<td>" + html.EscapeString(c) + "</td>")
		}
		b.WriteString("</tr>")
	}
	row("项目名称", p.Name, "", "")
	row("主管部门", p.Department, "实施单位", p.Unit)
	keys := make([]string, 0, len(p.Money))
	for k := range p.Money {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return strings.Contains(keys[i], "总额") && !strings.Contains(keys[j], "总额")
	})
	for _, k := range keys {
		row("项目资金（万元）", k, p.Money[k], "")
	}
	row("年度目标", p.GoalAnnual, "", "")
	row("一级指标", "二级指标", "三级指标", "指标值")
	for _, in := range p.Indicators {
		row(in.Level1Label, in.Level2Label, in.Name, in.AnnualTarget)
	}
	b.WriteString("</table>")
	return b.String()
}

// One-project forms printed as ruled tables (as departments publish their
// 申报表 in PDF) are read through their cells, a band between two rules a
// row; printed without rules but with the usual cell padding, through the
// rows the padding parts (pdfbands.go). Both give the pinned values
// exactly, but for the spaces of a name that the browser broke the line
// at: a PDF does not print a space at the end of a line.
func TestPDFForms(t *testing.T) {
	for _, tc := range []struct {
		stem  string
		ruled bool
	}{
		{"12-nanyue-tourism-poverty-spaces-ascii-ops", true},
		{"13-nanyue-asset-income-spaces-eq-ops", true},
		{"03-yueyang-county-farmland-cell-per-line", true},
		{"03-yueyang-county-farmland-cell-per-line", false},
		{"12-nanyue-tourism-poverty-spaces-ascii-ops", false},
		{"13-nanyue-asset-income-spaces-eq-ops", false},
		{"02-wuhan-qingshan-glued", false},
		{"26-spam-mirror-epidemic-bond-pipes-mojibake", false},
	} {
		t.Run(fmt.Sprint(tc.stem, " ruled=", tc.ruled), func(t *testing.T) {
			want := readExpectedForm(t, filepath.Join("testdata", "forms", tc.stem+".expected.json"))
			want.Year = 0 // the year stands in the page around the form, not printed here
			doc, err := Parse(tc.stem+".pdf", printPDF(t, formHTML(want, tc.ruled)))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range doc.Projects {
				for i := range p.Indicators {
					p.Indicators[i].Name = strings.ReplaceAll(p.Indicators[i].Name, " ", "")
				}
			}
			for _, p := range want.Projects {
				for i := range p.Indicators {
					p.Indicators[i].Name = strings.ReplaceAll(p.Indicators[i].Name, " ", "")
				}
			}
			checkForm(t, doc, want)
		})
	}
}
