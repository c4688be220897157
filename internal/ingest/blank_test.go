package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"jixiao"
)

const blankBoth = jixiao.ColSpecialAccount | jixiao.ColOther

// TestBlankCells reads which money cells a source left blank (issue 19) on
// the published samples and variants of them in testdata/blank: Liwan's
// markdown leaves 财政专户拨款 and 其他资金 empty in every row (its variant
// prints 0.00 in one 财政专户拨款 cell); Huadu's text prints 0.00 (its
// variant drops the two zeros of one row, as PDF text drops empty cells);
// the PDFs of both read the same. A blank cell is 0 to the sums.
func TestBlankCells(t *testing.T) {
	cases := []struct {
		file   string
		stated jixiao.AmountCols // the 合计 row's blank cells
		first  jixiao.AmountCols // the first project's
		rest   jixiao.AmountCols // every other project's
	}{
		{"../../testdata/liwan-hrss-bureau-2024.md", blankBoth, blankBoth, blankBoth},
		{"testdata/blank/liwan-special-zero.md", blankBoth, jixiao.ColOther, blankBoth},
		{"../../testdata/huadu-employment-center-2024.txt", 0, 0, 0},
		{"testdata/blank/huadu-blank-row.txt", 0, blankBoth, 0},
		{"testdata/pdf/liwan-chromium.pdf", blankBoth, blankBoth, blankBoth},
		{"testdata/pdf/liwan-writer.pdf", blankBoth, blankBoth, blankBoth},
		{"testdata/pdf/huadu-chromium.pdf", 0, 0, 0},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(filepath.Base(tc.file), data)
			if err != nil {
				t.Fatal(err)
			}
			if !doc.HasStated || doc.Stated.Blank != tc.stated {
				t.Errorf("合计 blank %v, want %v", doc.Stated.Blank.Names(), tc.stated.Names())
			}
			for i, p := range doc.Projects {
				want := tc.rest
				if i == 0 {
					want = tc.first
				}
				if p.Amounts.Blank != want {
					t.Errorf("project %d %s: blank %v, want %v", p.Seq, p.Name, p.Amounts.Blank.Names(), want.Names())
				}
				if p.Amounts.SpecialAccount != 0 || p.Amounts.Other != 0 || p.Amounts.Sum() != p.Amounts.Total {
					t.Errorf("project %d %s: amounts %+v", p.Seq, p.Name, p.Amounts)
				}
			}
			for _, u := range doc.Units {
				if u.HasStated && u.Stated.Blank != tc.stated {
					t.Errorf("unit %s: blank %v, want %v", u.Name, u.Stated.Blank.Names(), tc.stated.Names())
				}
			}
			for _, f := range doc.Findings {
				if f.Severity == jixiao.SeverityError {
					t.Errorf("finding %s: %s", f.Rule, f.Message)
				}
			}
		})
	}
}

// TestFormBlankCells: a one-project form whose 其他资金 (or 财政拨款) label
// is printed with nothing beside it has that cell blank; a printed 0 is
// not blank, and neither is a line the form does not print.
func TestFormBlankCells(t *testing.T) {
	cases := []struct {
		name string
		rows []string
		want jixiao.AmountCols
	}{
		{"blank 其他资金", []string{"| 项目资金（万元） | 年度资金总额 | 12.5 |", "| 其中：财政拨款 | 12.5 |", "| 其他资金 |  |"}, jixiao.ColOther},
		{"printed 0", []string{"| 项目资金（万元） | 年度资金总额 | 12.5 |", "| 其中：财政拨款 | 12.5 |", "| 其他资金 | 0 |"}, 0},
		{"no 其他资金 line", []string{"| 项目资金（万元） | 年度资金总额 | 12.5 |", "| 其中：财政拨款 | 12.5 |"}, 0},
		{"blank 财政拨款", []string{"| 项目资金（万元） | 年度资金总额 | 12.5 |", "| 其中：财政拨款 |  |", "| 其他资金 | 12.5 |"}, jixiao.ColFiscal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse("form.txt", []byte(formText(tc.rows...)))
			if err != nil {
				t.Fatal(err)
			}
			a := doc.Projects[0].Amounts
			if a.Blank != tc.want || a.Total != 12_500_000 {
				t.Errorf("amounts %+v (blank %v), want blank %v", a, a.Blank.Names(), tc.want.Names())
			}
		})
	}
}
