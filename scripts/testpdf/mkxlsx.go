//go:build ignore

// mkxlsx writes the official seven-column table of one document as an .xlsx
// workbook for LibreOffice Calc to print (see make.sh).
//
//	go run scripts/testpdf/mkxlsx.go [-blank 3,4] [-noborder] IN-official.csv OUT.xlsx
//
// IN is the CSV of `jixiao export --table official`. One sheet: title (merged,
// centred), the 部门名称/单位名称 line with 单位：万元 at the right, the header
// row and the rows; amounts are numbers with format #,##0.00, every cell
// wraps, thin borders round every cell of the table. Page setup: A4
// landscape, fit to one page wide, rows 1-3 repeated on every page (print
// titles), print area set, footer "— n —". -blank lists 0-based columns whose
// cells stay empty (荔湾's 财政专户拨款 and 其他资金 are blank in the sample).
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

const sheet = "项目支出绩效目标表"

func main() {
	blank := flag.String("blank", "", "comma-separated 0-based columns left empty")
	font := flag.String("font", "AR PL UMing CN", "font family of every cell")
	noBorder := flag.Bool("noborder", false, "draw no cell borders (the PDF then has no ruling lines)")
	flag.Parse()
	if flag.NArg() != 2 {
		log.Fatal("usage: mkxlsx [-blank 3,4] IN.csv OUT.xlsx")
	}
	in, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(in), "\ufeff"))).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	blanks := map[int]bool{}
	for _, s := range strings.Split(*blank, ",") {
		if s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				log.Fatal(err)
			}
			blanks[n] = true
		}
	}

	f := excelize.NewFile()
	defer f.Close()
	must(f.SetSheetName("Sheet1", sheet))

	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	if *noBorder {
		border = nil
	}
	ft := func(size float64) *excelize.Font { return &excelize.Font{Family: *font, Size: size} }
	st := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	title := st(&excelize.Style{Font: ft(16), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	metaL := st(&excelize.Style{Font: ft(10), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}})
	metaR := st(&excelize.Style{Font: ft(10), Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
	head := st(&excelize.Style{Font: ft(10), Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	text := st(&excelize.Style{Font: ft(9), Border: border,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	num := st(&excelize.Style{Font: ft(9), Border: border, NumFmt: 4, // #,##0.00
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true}})

	widths := []float64{12, 9, 9, 6, 6, 28, 42}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		must(f.SetColWidth(sheet, col, col, w))
	}
	cell := func(c, r int) string {
		n, err := excelize.CoordinatesToCellName(c+1, r)
		must(err)
		return n
	}

	// heading lines
	must(f.SetCellStr(sheet, "A1", rows[0][0]))
	must(f.MergeCell(sheet, "A1", "G1"))
	must(f.SetCellStyle(sheet, "A1", "G1", title))
	must(f.SetRowHeight(sheet, 1, 30))
	must(f.SetCellStr(sheet, "A2", rows[1][0]))
	must(f.MergeCell(sheet, "A2", "E2"))
	must(f.SetCellStyle(sheet, "A2", "E2", metaL))
	must(f.SetCellStr(sheet, "G2", rows[1][6]))
	must(f.SetCellStyle(sheet, "G2", "G2", metaR))

	r := 3
	for i, h := range rows[2] {
		must(f.SetCellStr(sheet, cell(i, r), h))
	}
	must(f.SetCellStyle(sheet, "A3", "G3", head))
	// Calc takes row heights from the file (as Excel writes them), so each
	// row gets the height of its tallest wrapped cell, estimated from the
	// column width: LibreOffice 7.4 lays a width of w characters out as about
	// 6.9w pt (measured); a CJK character of 9pt text is 9pt wide, an ASCII
	// one about half, a line about 9.6pt high.
	lines := func(s string, w float64) int {
		capacity := (6.9*w - 4) / 9
		units := 0.0
		for _, ch := range s {
			if ch < 0x80 {
				units += 0.55
			} else {
				units++
			}
		}
		n := int(units*1.06/capacity) + 1
		return n
	}
	must(f.SetRowHeight(sheet, 3, float64(lines("财政专户拨款", widths[3]))*13+4))
	for _, row := range rows[3:] {
		r++
		n := 1
		for c, v := range row {
			if c < len(widths) {
				n = max(n, lines(v, widths[c]))
			}
		}
		must(f.SetRowHeight(sheet, r, float64(n)*10.2+4))
		for c := 0; c < 7; c++ {
			v := ""
			if c < len(row) {
				v = row[c]
			}
			if c >= 1 && c <= 4 {
				must(f.SetCellStyle(sheet, cell(c, r), cell(c, r), num))
				if v == "" || blanks[c] {
					continue
				}
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					log.Fatalf("row %d col %d: %v", r, c, err)
				}
				must(f.SetCellFloat(sheet, cell(c, r), x, 2, 64))
				continue
			}
			must(f.SetCellStyle(sheet, cell(c, r), cell(c, r), text))
			if v != "" {
				must(f.SetCellStr(sheet, cell(c, r), v))
			}
		}
	}

	orient, size, one, zero := "landscape", 9, 1, 0
	must(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
	fit := true
	must(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	m := func(x float64) *float64 { return &x }
	must(f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: m(0.4), Right: m(0.4), Top: m(0.5), Bottom: m(0.6), Header: m(0.3), Footer: m(0.3)}))
	must(f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C— &P —"}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$3", sheet), Scope: sheet}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: fmt.Sprintf("'%s'!$A$1:$G$%d", sheet, r), Scope: sheet}))
	must(f.SaveAs(flag.Arg(1)))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
