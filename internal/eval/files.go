package eval

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/csvcell"
	"jixiao/internal/sheet"
)

// The files units fill in: two tables, as two CSV files in a folder or two
// sheets of one workbook. The headers are fixed; the reader also takes the
// optional columns after them.
const (
	ExecutionFile  = "execution.csv"
	ActualsFile    = "actuals.csv"
	ExecutionSheet = "execution"
	ActualsSheet   = "actuals"
	// The sheets' titles in the template; the English names above are
	// still read.
	ExecutionSheetTitle = "执行情况"
	ActualsSheetTitle   = "指标完成情况"
)

// Column titles in Chinese, as the templates write them; a file may use
// either these or the English names.
var (
	executionTitles = map[string]string{"project_seq": "项目序号", "project": "项目名称", "budget": "全年预算数",
		"executed": "全年执行数", "forecast": "全年预计执行数", "note": "说明", "carried_budget": "上年结转预算数",
		"other_budget": "其他资金预算数", "carried_executed": "上年结转执行数", "other_executed": "其他资金执行数"}
	actualsTitles = map[string]string{"project_seq": "项目序号", "seq": "指标序号", "name": "指标名称",
		"annual_target": "年度指标值", "actual": "实际完成值", "grade": "完成等级", "score": "得分",
		"deviation_reasons": "偏差原因", "note": "说明及改进措施", "forecast": "全年预计完成", "likelihood": "完成可能性",
		"weight": "分值"}
)

// titled writes a table's header in Chinese.
func titled(rows [][]string, titles map[string]string) [][]string {
	head := make([]string, len(rows[0]))
	for i, h := range rows[0] {
		head[i] = titles[h]
	}
	return append([][]string{head}, rows[1:]...)
}

// untitle reads a header cell: a Chinese title becomes its column's name.
func untitle(h string, titles map[string]string) string {
	for name, t := range titles {
		if h == t {
			return name
		}
	}
	return h
}

// titlesOf are the Chinese titles of columns, for messages.
func titlesOf(cols []string, titles map[string]string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = titles[c] + "（" + c + "）"
	}
	return strings.Join(out, ",")
}

// Headers of the two tables, exactly.
var (
	ExecutionHeader = []string{"project_seq", "project", "budget", "executed"}
	ActualsHeader   = []string{"project_seq", "seq", "name", "annual_target", "actual", "grade", "score", "deviation_reasons", "note"}
	// Optional columns a file may add after the fixed ones, in any order:
	// the forecast for the year and a note for a project; the forecast, the
	// likelihood of completion and a weight for an indicator.
	executionOptional = []string{"forecast", "note", "carried_budget", "other_budget", "carried_executed", "other_executed"}
	actualsOptional   = []string{"forecast", "likelihood", "weight"}
)

// FundColumns are the optional columns that split the 全年预算数 (the
// budget column) and the 全年执行数 by fund source: the parts from 上年结转
// and from 其他资金, the rest being 当年财政拨款. The template and the entry
// form always have them, since the 自评表 asks for them.
var FundColumns = []string{"carried_budget", "other_budget", "carried_executed", "other_executed"}

// executionRows and actualsRows are the template's tables, pre-filled with
// every project and indicator, and with whatever a holds (nil for none).
// The fixed columns come first; an optional column is added only when a
// holds something for it, so that nothing recorded is lost on the way back.
func executionRows(doc *jixiao.Document, a *jixiao.Actuals) [][]string {
	var pas []jixiao.ProjectActual
	if a != nil {
		pas = a.Projects
	}
	opt := usedColumns(executionOptional, func(col string) bool {
		for _, pa := range pas {
			if col == "forecast" && pa.HasForecast || col == "note" && pa.Note != "" {
				return true
			}
		}
		return slices.Contains(FundColumns, col)
	})
	rows := [][]string{append(append([]string{}, ExecutionHeader...), opt...)}
	for _, p := range doc.Projects {
		var pa jixiao.ProjectActual
		if a != nil {
			pa, _ = a.Project(p.Seq)
		}
		row := []string{strconv.Itoa(p.Seq), p.Name}
		for _, col := range append([]string{"budget", "executed"}, opt...) {
			row = append(row, ExecutionCell(doc, &p, pa, col))
		}
		rows = append(rows, row)
	}
	return rows
}

// ExecutionCell is the template's (and the entry form's) cell of column
// col for project p: what pa holds, or, for the budget and its 其他资金
// part, the published figures when pa has none.
func ExecutionCell(doc *jixiao.Document, p *jixiao.Project, pa jixiao.ProjectActual, col string) string {
	u := doc.MoneyUnit
	money := func(m jixiao.Money, ok bool) string {
		if !ok {
			return ""
		}
		return m.Format(u)
	}
	switch col {
	case "budget":
		if !pa.HasBudget && Unread(p, jixiao.ColTotal) {
			return "" // unread: to be entered, never 0.00
		}
		if !pa.HasBudget {
			return p.Amounts.Total.Format(u)
		}
		return pa.Budget.Format(u)
	case "carried_budget":
		return money(pa.CarriedBudget, pa.HasBudget && pa.CarriedBudget != 0)
	case "other_budget":
		if !pa.HasBudget {
			return money(p.Amounts.SpecialAccount+p.Amounts.Other, !Unread(p, jixiao.ColSpecialAccount|jixiao.ColOther) && p.Amounts.SpecialAccount+p.Amounts.Other != 0)
		}
		return money(pa.OtherBudget, pa.OtherBudget != 0)
	case "executed":
		return money(pa.Executed, pa.HasExecuted)
	case "carried_executed":
		return money(pa.CarriedExecuted, pa.HasSplit)
	case "other_executed":
		return money(pa.OtherExecuted, pa.HasSplit)
	case "forecast":
		return money(pa.Forecast, pa.HasForecast)
	case "note":
		return pa.Note
	}
	return ""
}

func actualsRows(doc *jixiao.Document, a *jixiao.Actuals) [][]string {
	var ias []jixiao.IndicatorActual
	if a != nil {
		ias = a.Indicators
	}
	opt := usedColumns(actualsOptional, func(col string) bool {
		for _, ia := range ias {
			if optionalValue(ia, col) != "" {
				return true
			}
		}
		return false
	})
	rows := [][]string{append(append([]string{}, ActualsHeader...), opt...)}
	for _, p := range doc.Projects {
		for _, ind := range p.Indicators {
			row := []string{strconv.Itoa(p.Seq), strconv.Itoa(ind.Seq), ind.Name, ind.Annual.Text, "", "", "", "", ""}
			var ia jixiao.IndicatorActual
			if a != nil {
				ia, _ = a.Indicator(p.Seq, ind.Seq)
			}
			if ia.Target.Text != "" {
				row[3] = ia.Target.Text
			}
			row[4], row[5], row[6] = ia.Text, string(ia.Grade), ia.Score
			row[7], row[8] = jixiao.JoinDeviationReasons(ia.Reasons), ia.Note
			for _, col := range opt {
				row = append(row, optionalValue(ia, col))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func optionalValue(ia jixiao.IndicatorActual, col string) string {
	switch col {
	case "forecast":
		return ia.Forecast
	case "likelihood":
		return string(ia.Likelihood)
	case "weight":
		return ia.Weight
	}
	return ""
}

func usedColumns(cols []string, used func(string) bool) []string {
	var out []string
	for _, c := range cols {
		if used(c) {
			out = append(out, c)
		}
	}
	return out
}

// WriteTemplateCSV writes execution.csv and actuals.csv into dir (made if
// missing), UTF-8 with a BOM so that Excel opens them in Chinese.
func WriteTemplateCSV(dir string, doc *jixiao.Document, a *jixiao.Actuals) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, rows := range map[string][][]string{ExecutionFile: titled(executionRows(doc, a), executionTitles), ActualsFile: titled(actualsRows(doc, a), actualsTitles)} {
		var b bytes.Buffer
		b.WriteString("\uFEFF")
		w := csv.NewWriter(&b)
		if err := w.WriteAll(csvcell.Records(rows)); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteTemplateXLSX writes the two tables as the sheets "execution" and
// "actuals" of one workbook.
func WriteTemplateXLSX(w io.Writer, doc *jixiao.Document, a *jixiao.Actuals) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range []struct {
		name   string
		rows   [][]string
		widths []float64
	}{
		{ExecutionSheetTitle, titled(executionRows(doc, a), executionTitles), nil},
		{ActualsSheetTitle, titled(actualsRows(doc, a), actualsTitles), []float64{11, 6, 40, 18, 14, 10, 8, 20, 30, 14, 10, 8}},
	} {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		if sh.widths == nil {
			sh.widths = executionWidths(executionRows(doc, a)[0])
		}
		for c, wd := range sh.widths[:len(sh.rows[0])] {
			col, _ := excelize.ColumnNumberToName(c + 1)
			_ = f.SetColWidth(sh.name, col, col, wd)
		}
		for r, row := range sh.rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				// Text cells throughout: a target such as "100%" or a seq must
				// come back as written, not as Excel's reading of it.
				if err := f.SetCellStr(sh.name, cell, v); err != nil {
					return err
				}
			}
		}
		_ = f.SetPanes(sh.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	return f.Write(w)
}

// executionWidths are the execution sheet's column widths, by header.
func executionWidths(header []string) []float64 {
	out := make([]float64, len(header))
	for i, h := range header {
		switch h {
		case "project_seq":
			out[i] = 11
		case "project":
			out[i] = 40
		case "note":
			out[i] = 30
		default:
			out[i] = 14
		}
	}
	return out
}

// table is one of the two tables as read: its rows after the header, each
// with the line (CSV) or row (sheet) it came from, and where its columns
// are.
type table struct {
	file  string // for messages: "dir/actuals.csv", "book.xlsx 工作表 actuals"
	rows  [][]string
	lines []int
	col   map[string]int
	sheet bool // numbers may carry float noise ("50.599999999999994")
}

func (t *table) cell(r int, name string) string {
	i, ok := t.col[name]
	if !ok || i >= len(t.rows[r]) {
		return ""
	}
	return strings.TrimSpace(t.rows[r][i])
}

// newTable checks the header: the fixed columns in order, then only known
// optional ones.
func newTable(file string, rows [][]string, lines []int, fixed, optional []string, titles map[string]string) (*table, error) {
	if len(rows) == 0 {
		return nil, &jixiao.InputError{File: file, Msg: "文件是空的，第一行应为表头 " + titlesOf(fixed, titles)}
	}
	head := rows[0]
	for len(head) > 0 && strings.TrimSpace(head[len(head)-1]) == "" {
		head = head[:len(head)-1]
	}
	t := &table{file: file, col: map[string]int{}}
	for i, h := range head {
		h = untitle(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")), titles)
		switch {
		case i < len(fixed) && h != fixed[i]:
			return nil, &jixiao.InputError{File: file, Line: lines[0], Msg: fmt.Sprintf("表头第 %d 列应为 %s（%s），实为 %q；表头须为 %s", i+1, titles[fixed[i]], fixed[i], h, titlesOf(fixed, titles))}
		case i >= len(fixed) && !contains(optional, h):
			return nil, &jixiao.InputError{File: file, Line: lines[0], Msg: fmt.Sprintf("未知的列 %q（可选列只有 %s）", h, titlesOf(optional, titles))}
		}
		if _, dup := t.col[h]; dup {
			return nil, &jixiao.InputError{File: file, Line: lines[0], Msg: fmt.Sprintf("列 %q 出现两次", h)}
		}
		t.col[h] = i
	}
	if len(head) < len(fixed) {
		return nil, &jixiao.InputError{File: file, Line: lines[0], Msg: "表头缺少列，须为 " + titlesOf(fixed, titles)}
	}
	for i := 1; i < len(rows); i++ {
		if blank(rows[i]) {
			continue
		}
		t.rows, t.lines = append(t.rows, rows[i]), append(t.lines, lines[i])
	}
	return t, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readCSVFile reads one CSV file as every door reads CSV (sheet.Decode:
// UTF-8 with or without a BOM, GB18030 as Excel saves it on Chinese
// Windows). Damaged bytes are refused: figures must come back as entered.
func readCSVFile(path string) ([][]string, []int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, &jixiao.InputError{File: path, Msg: "无法读取: " + err.Error()}
	}
	t, err := sheet.ReadCSVTable(path, data)
	if err != nil {
		return nil, nil, err
	}
	if d := t.Damage; d != nil {
		return nil, nil, &jixiao.InputError{File: path, Line: d.Line, Msg: d.Msg() + "；请核对原文件后重新保存"}
	}
	return t.Rows, t.Lines, nil
}

// ReadFolder reads execution.csv and actuals.csv from dir.
func ReadFolder(dir string) (exec, acts *table, err error) {
	er, el, err := readCSVFile(filepath.Join(dir, ExecutionFile))
	if err != nil {
		return nil, nil, err
	}
	ar, al, err := readCSVFile(filepath.Join(dir, ActualsFile))
	if err != nil {
		return nil, nil, err
	}
	if exec, err = newTable(filepath.Join(dir, ExecutionFile), er, el, ExecutionHeader, executionOptional, executionTitles); err != nil {
		return nil, nil, err
	}
	acts, err = newTable(filepath.Join(dir, ActualsFile), ar, al, ActualsHeader, actualsOptional, actualsTitles)
	return exec, acts, err
}

// readWorkbook reads the two sheets of a workbook, by their Chinese
// titles or their English names.
func readWorkbook(name string, data []byte) (exec, acts *table, err error) {
	sheets, err := sheet.ReadTables(name, data)
	if err != nil {
		return nil, nil, err
	}
	read := func(title, english string, fixed, optional []string, titles map[string]string) (*table, error) {
		i := slices.IndexFunc(sheets, func(t sheet.Table) bool { return t.Sheet == title })
		if i < 0 {
			i = slices.IndexFunc(sheets, func(t sheet.Table) bool { return t.Sheet == english })
		}
		if i < 0 {
			return nil, &jixiao.InputError{File: name, Msg: fmt.Sprintf("缺少工作表 %q（工作簿须有 %s 和 %s 两张表）", title, ExecutionSheetTitle, ActualsSheetTitle)}
		}
		sh := sheets[i]
		t, err := newTable(name+" 工作表 "+sh.Sheet, sh.Rows, sh.Lines, fixed, optional, titles)
		if t != nil {
			t.sheet = true
		}
		return t, err
	}
	if exec, err = read(ExecutionSheetTitle, ExecutionSheet, ExecutionHeader, executionOptional, executionTitles); err != nil {
		return nil, nil, err
	}
	acts, err = read(ActualsSheetTitle, ActualsSheet, ActualsHeader, actualsOptional, actualsTitles)
	return exec, acts, err
}
