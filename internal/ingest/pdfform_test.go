package ingest

import (
	"html"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"jixiao"
)

// cellStyles are the styles forms are printed in: ruled, unruled with the
// usual padding, and unruled without padding (rows not parted at all).
var cellStyles = map[string]string{
	"ruled":       "td,th{border:1px solid #000;padding:3px}",
	"padded":      "td,th{border:none;padding:3px 8px}",
	"paddingless": "td,th{border:none;padding:0 8px}",
}

// formHTML prints a pinned form as the usual 申报表 layout: the block, then
// the grid with one indicator a row, its cells in one of cellStyles.
func formHTML(want expectedForm, style string) string {
	border := cellStyles[style]
	p := want.Projects[0]
	var b strings.Builder
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
		stem, style string
	}{
		{"12-nanyue-tourism-poverty-spaces-ascii-ops", "ruled"},
		{"13-nanyue-asset-income-spaces-eq-ops", "ruled"},
		{"03-yueyang-county-farmland-cell-per-line", "ruled"},
		{"03-yueyang-county-farmland-cell-per-line", "padded"},
		{"12-nanyue-tourism-poverty-spaces-ascii-ops", "padded"},
		{"13-nanyue-asset-income-spaces-eq-ops", "padded"},
		{"02-wuhan-qingshan-glued", "padded"},
		{"26-spam-mirror-epidemic-bond-pipes-mojibake", "padded"},
	} {
		t.Run(tc.stem+" "+tc.style, func(t *testing.T) {
			want := readExpectedForm(t, filepath.Join("testdata", "forms", tc.stem+".expected.json"))
			want.Year = 0 // the year stands in the page around the form, not printed here
			doc, err := Parse(tc.stem+".pdf", printPDF(t, formHTML(want, tc.style)))
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

// Printed without rules or padding, a form's rows are not parted on the
// page: what the reader cannot tell apart it must say, never read wrong
// without an error finding.
func TestPDFFormsTightNeverSilentlyWrong(t *testing.T) {
	for _, stem := range []string{"12-nanyue-tourism-poverty-spaces-ascii-ops", "13-nanyue-asset-income-spaces-eq-ops"} {
		t.Run(stem, func(t *testing.T) {
			want := readExpectedForm(t, filepath.Join("testdata", "forms", stem+".expected.json"))
			want.Year = 0
			doc, err := Parse(stem+".pdf", printPDF(t, formHTML(want, "paddingless")))
			if err != nil {
				t.Fatal(err)
			}
			r := &recorder{TB: t}
			checkForm(r, doc, want)
			if r.failed && !jixiao.HasErrors(doc.Findings) {
				t.Errorf("read wrong with no error finding: %s", r.first)
			}
		})
	}
}
