package export

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"jixiao"
)

// Sheet names of the workbook WriteXLSX writes.
const (
	SheetOfficial   = "绩效目标表"
	SheetIndicators = "绩效指标"
	SheetFindings   = "审核发现"
)

// Layout of the official sheet: rows 1-3 are title, agency line and header.
const (
	headerRow   = 3
	firstBody   = 4
	bodyFont    = 10.0
	lineHeight  = 14.0 // points per wrapped line of 10-point CJK text, with leading
	paperA4     = 9    // OOXML paper size code for A4
	maxNameCols = 30.0
	goalCols    = 36.0
	indCols     = 64.0
)

// WriteXLSX writes doc as a workbook: the official layout (title, agency
// and money unit, seven-column header, 合计, unit rows, project rows; amounts
// as numbers; wrapped text; frozen header; A4 landscape with the header
// repeated on every printed page), the flat indicator table, and the
// findings.
func WriteXLSX(w io.Writer, doc *jixiao.Document) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetOfficial); err != nil {
		return err
	}
	if err := writeOfficial(f, Official(doc)); err != nil {
		return fmt.Errorf("official sheet: %w", err)
	}
	ind, err := Flat(doc, TableIndicators)
	if err != nil {
		return err
	}
	if err := writeFlat(f, SheetIndicators, ind.Columns, ind.Rows); err != nil {
		return fmt.Errorf("indicator sheet: %w", err)
	}
	if err := writeFlat(f, SheetFindings, findingColumns, findingRows(doc)); err != nil {
		return fmt.Errorf("findings sheet: %w", err)
	}
	if err := f.SetDocProps(docProps(doc)); err != nil {
		return err
	}
	// The official sheet is the first and so the active one; SetActiveSheet
	// would parse every streamed sheet back into memory to say so again.
	_, err = f.WriteTo(w)
	return err
}

// WriteTableXLSX writes one flat table (projects, indicators or units) as
// a workbook of one sheet named after it, with the CSV's column names.
func WriteTableXLSX(w io.Writer, t *Table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Name); err != nil {
		return err
	}
	if err := writeFlatRows(f, t.Name, t.Columns, t.Rows); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// styles are the cell styles of the official sheet.
type styles struct {
	title, agency, unitLabel, header, text, bold int
	amount, boldAmount                           map[int]int // by decimals shown
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Family: "宋体"}
	}
	wrapTop := &excelize.Alignment{WrapText: true, Vertical: "top"}
	s := &styles{amount: map[int]int{}, boldAmount: map[int]int{}}
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: font(true, 16), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.agency, excelize.Style{Font: font(false, bodyFont), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}},
		{&s.unitLabel, excelize.Style{Font: font(false, bodyFont), Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}}},
		{&s.header, excelize.Style{Font: font(true, bodyFont), Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Font: font(false, bodyFont), Border: border, Alignment: wrapTop}},
		{&s.bold, excelize.Style{Font: font(true, bodyFont), Border: border, Alignment: wrapTop}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	for dec := 2; dec <= 6; dec++ {
		format := "#,##0." + strings.Repeat("0", dec)
		for _, bold := range []bool{false, true} {
			id, err := f.NewStyle(&excelize.Style{Font: font(bold, bodyFont), Border: border, CustomNumFmt: &format,
				Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}})
			if err != nil {
				return nil, err
			}
			if bold {
				s.boldAmount[dec] = id
			} else {
				s.amount[dec] = id
			}
		}
	}
	return s, nil
}

func writeOfficial(f *excelize.File, t *OfficialTable) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	widths := officialWidths(t)
	if err := setPrintSetup(f, SheetOfficial); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(SheetOfficial)
	if err != nil {
		return err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: "A" + strconv.Itoa(firstBody), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := writeOfficialHead(sw, t, st); err != nil {
		return err
	}
	for i, r := range t.Rows {
		if err := writeOfficialRow(sw, firstBody+i, r, t.MoneyUnit, st, widths); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func writeOfficialHead(sw *excelize.StreamWriter, t *OfficialTable, st *styles) error {
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: t.Title}}, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	agency := []any{excelize.Cell{StyleID: st.agency, Value: t.Agency}, nil, nil, nil, nil, nil,
		excelize.Cell{StyleID: st.unitLabel, Value: t.UnitLabel}}
	if err := sw.SetRow("A2", agency, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	header := make([]any, len(OfficialHeader))
	for i, h := range OfficialHeader {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A3", header, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", "G1"); err != nil {
		return err
	}
	return sw.MergeCell("A2", "E2")
}

func writeOfficialRow(sw *excelize.StreamWriter, row int, r OfficialRow, u jixiao.MoneyUnit, st *styles, widths []float64) error {
	text, amount := st.text, st.amount
	if r.Kind != RowProject {
		text, amount = st.bold, st.boldAmount
	}
	cells := []any{excelize.Cell{StyleID: text, Value: r.Name}}
	for _, s := range printedCells(r.Amounts, u) {
		if s == "" { // blank in the source: an empty cell, not 0
			cells = append(cells, excelize.Cell{StyleID: amount[2]})
			continue
		}
		if s == jixiao.UnreadAmount { // never a 0 that Excel would sum
			cells = append(cells, excelize.Cell{StyleID: text, Value: s})
			continue
		}
		num, _ := strconv.ParseFloat(s, 64)
		cells = append(cells, excelize.Cell{StyleID: amount[decimals(s)], Value: num})
	}
	cells = append(cells, excelize.Cell{StyleID: text, Value: r.Goal}, excelize.Cell{StyleID: text, Value: r.Indicators})
	h := rowHeight(widths, r.Name, "", "", "", "", r.Goal, r.Indicators)
	return sw.SetRow("A"+strconv.Itoa(row), cells, excelize.RowOpts{Height: h})
}

// decimals counts the decimals of a formatted amount, so that the cell's
// number format shows every decimal the source had (89.974 stays 89.974).
func decimals(s string) int {
	_, frac, _ := strings.Cut(s, ".")
	return min(max(len(frac), 2), 6)
}

// setPrintSetup prints the sheet on A4 landscape, one page wide, with the
// header row repeated on every page. It must run before the stream writer
// is created, which copies the sheet's settings.
func setPrintSetup(f *excelize.File, sheet string) error {
	size, orient, wide, tall, fit := paperA4, "landscape", 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	m := 0.5
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headerRow, headerRow),
		Scope:    sheet,
	})
}

// officialWidths sizes the seven columns from their content, counting an
// East Asian wide character as two; long text columns are capped and wrap.
func officialWidths(t *OfficialTable) []float64 {
	w := make([]float64, len(OfficialHeader))
	for i, h := range OfficialHeader {
		w[i] = displayWidth(h) + 2
	}
	for _, r := range t.Rows {
		w[0] = max(w[0], displayWidth(r.Name)+2)
		for i, m := range []jixiao.Money{r.Amounts.Total, r.Amounts.Fiscal, r.Amounts.SpecialAccount, r.Amounts.Other} {
			w[i+1] = max(w[i+1], displayWidth(m.FormatGrouped(t.MoneyUnit))+3)
		}
	}
	w[0] = min(w[0], maxNameCols)
	w[5], w[6] = goalCols, indCols
	return w
}

// displayWidth is the width of s in Excel character units: 2 for East Asian
// wide and full-width characters, 1 for the rest.
func displayWidth(s string) float64 { return weightedWidth(s, 2, 1) }

// weightedWidth sums wide for each East Asian wide or full-width character
// of s and narrow for each other one.
func weightedWidth(s string, wide, narrow float64) float64 {
	n := 0.0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += wide
		default:
			n += narrow
		}
	}
	return n
}

// rowHeight estimates the height of a row whose cells wrap in columns of
// the given widths, since neither Excel nor LibreOffice is sure to refit
// rows of a file written without heights. At 10 points a wide character
// takes about 1.5 width units and a narrow one 0.9 (measured on the PDF
// LibreOffice prints); the estimate counts 1.7 and 1.0 to err on the tall
// side, for line-end waste and since a cut-off line is worse than a little
// white space.
func rowHeight(widths []float64, cells ...string) float64 {
	lines := 1.0
	for i, c := range cells {
		if c == "" || i >= len(widths) {
			continue
		}
		per := max(widths[i]-1, 4)
		n := 0.0
		for _, para := range strings.Split(c, "\n") {
			n += max(1, math.Ceil(weightedWidth(para, 1.7, 1.0)/per))
		}
		lines = max(lines, n)
	}
	return min(lines*lineHeight+4, 409) // 409 points is Excel's row height limit
}

// writeFlat writes a table with a bold header row, a frozen header and
// widths fitted to the content.
func writeFlat(f *excelize.File, sheet string, cols []string, rows [][]string) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	return writeFlatRows(f, sheet, cols, rows)
}

func writeFlatRows(f *excelize.File, sheet string, cols []string, rows [][]string) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range flatWidths(cols, rows) {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: bold, Value: c}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	amount, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0.00")})
	if err != nil {
		return err
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			col := "" // a row wider than the header keeps its cells, as text
			if j < len(cols) {
				col = cols[j]
			}
			vals[j] = flatCell(col, v, amount)
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// flatCell writes counts and amounts as numbers (so Excel can sum them and
// flags no "number stored as text") and everything else as text, so that a
// target such as "100" or "0.50" reads back as written.
func flatCell(col, v string, amountStyle int) any {
	switch col {
	case "document", "seq", "project_seq", "projects":
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	case "total", "fiscal", "special_account", "other":
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			return excelize.Cell{StyleID: amountStyle, Value: x}
		}
	}
	return v
}

func ptr[T any](v T) *T { return &v }

func flatWidths(cols []string, rows [][]string) []float64 {
	w := make([]float64, len(cols))
	for i, c := range cols {
		w[i] = float64(utf8.RuneCountInString(c)) + 2
	}
	for _, r := range rows {
		for i, v := range r {
			if i < len(w) {
				w[i] = max(w[i], displayWidth(v)+2)
			}
		}
	}
	for i := range w {
		w[i] = min(w[i], 50)
	}
	return w
}

var findingColumns = []string{"规则", "级别", "单位", "项目序号", "项目", "指标序号", "行", "说明"}

func findingRows(doc *jixiao.Document) [][]string {
	rows := make([][]string, 0, len(doc.Findings))
	for _, fd := range doc.Findings {
		rows = append(rows, []string{fd.Rule, fd.Severity.Label(), fd.Unit, seqText(fd.ProjectSeq),
			fd.Project, seqText(fd.IndicatorSeq), seqText(fd.Line), fd.Message})
	}
	return rows
}

func seqText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// docProps names the workbook after the table and keeps the budget year,
// which the printed form does not show, where sheet.ReadXLSX finds it again.
func docProps(doc *jixiao.Document) *excelize.DocProperties {
	p := &excelize.DocProperties{Title: doc.Title, Subject: doc.Agency, Creator: "jixiao"}
	if doc.Year != 0 {
		p.Keywords = "预算年度 " + strconv.Itoa(doc.Year)
	}
	return p
}
