package ingest

import (
	"strings"
	"unicode/utf8"
)

// maxWrapRunes bounds the line of a cell that wrapped without its " |".
const maxWrapRunes = 4

// A one-project form (项目支出绩效目标表, 申报表) reaches users flattened in
// many ways: pipe rows ("a | b | |||"), one cell per line ending in " |"
// with a lone "|" between rows, cells separated by runs of spaces (PDF
// text) or by single spaces, one cell per line with blank lines between,
// or cells glued together with no separator. The reader relies on none of
// them: it cuts the text into rows of cells as well as the flattening
// allows, then reads the cells by their labels.

// fcell is one cell of a flattened form.
type fcell struct {
	text string // as written, trimmed
	line int    // 1-based source line
}

// frow is one table row as the flattening gives it: the cells of one line,
// or of the lines a pipe flattening continues (a line ending in a single
// " |" goes on on the next line).
type frow struct {
	cells []fcell
	line  int
	// open is true for the last row of the text when its flattening marks
	// the end of a row and the text stops before that mark: the row, and
	// its last cell, may be cut.
	open bool
	pipe bool // the row came in a pipe flattening, whose marks tell where it ends
	// starts is true for a row that starts a new form (a tree export's
	// next project, see formtree.go).
	starts bool
}

// formRows cuts lines into rows of non-empty cells.
func formRows(lines []string) []frow {
	rc := &rowCutter{lines: lines}
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if isMoneyUnitCell(t) {
			rc.unitCell = t
		}
		if end, ok := rc.tree(i, t); ok {
			i = end - 1
			continue
		}
		rc.line(i, t)
	}
	if rc.cur != nil && len(rc.cur.cells) > 0 {
		rc.cur.open = true
		rc.rows = append(rc.rows, *rc.cur)
	} else if len(rc.rows) > 0 && !rc.marked {
		rc.rows[len(rc.rows)-1].open = true // nothing marks where the last row ends: it may be cut
	}
	return joinWrapped(joinStacked(rc.rows))
}

// rowCutter collects the rows of formRows.
type rowCutter struct {
	lines    []string
	rows     []frow
	cur      *frow    // the row being collected, nil between rows
	marked   bool     // the last row was closed by a mark ("||" tail, lone "|")
	wrapped  string   // the lines of a cell that wrapped, before its " |"
	unitCell string   // the last line that gave the money unit ("单位:元")
	titles   []string // the titles glued lines started with (formglued.go)
}

// tree reads a tree export (formtree.go) whose header starts at line i,
// and returns the index of the line after it.
func (rc *rowCutter) tree(i int, t string) (int, bool) {
	if cellKey(firstCell(t)) != treeHeader[0] {
		return 0, false
	}
	next, ok := treeHeaderAt(rc.lines, i)
	if !ok {
		return 0, false
	}
	nodes, end := treeNodes(rc.lines, next)
	levels, ok := treeLevels(nodes)
	if !ok {
		return 0, false
	}
	rc.closeRow()
	rc.rows = append(rc.rows, treeRows(nodes, levels, rc.unitCell)...)
	rc.marked = true
	return end, true
}

func firstCell(t string) string {
	if cells := splitCells(t); len(cells) > 0 {
		return cells[0]
	}
	return ""
}

func (rc *rowCutter) line(i int, t string) {
	switch {
	case t == "":
		return
	case strings.Trim(t, "| ") == "": // a lone "|" or a tail of bars: a row break
		rc.closeRow()
		rc.marked = true
		return
	}
	rc.marked = false
	if rows, ok := rc.gluedRows(i, t); ok {
		rc.closeRow()
		rc.rows = append(rc.rows, rows...)
		return
	}
	if rc.cur != nil && !strings.Contains(t, "|") && isWrappedLine(t, rc.lines, i+1) {
		// Inside a row of cells that each end in " |", a line without
		// one is a cell that wrapped: "绩" / "效" / "指" / "标 |".
		rc.wrapped += t
		return
	}
	if rc.cur == nil {
		rc.cur = &frow{line: i + 1, pipe: strings.Contains(t, "|")}
	}
	parts := splitCells(t)
	if rc.wrapped != "" && len(parts) > 0 {
		parts[0] = rc.wrapped + parts[0]
	}
	rc.wrapped = ""
	for _, p := range parts {
		rc.cur.cells = append(rc.cur.cells, fcell{text: p, line: i + 1})
	}
	if !continuesRow(t) || len(parts) > 1 && !nextHasOneCell(rc.lines, i+1) {
		rc.marked = strings.HasSuffix(t, "|")
		rc.closeRow()
	}
}

func (rc *rowCutter) closeRow() {
	if rc.cur != nil && len(rc.cur.cells) > 0 {
		rc.rows = append(rc.rows, *rc.cur)
	}
	rc.cur = nil
}

// continuesRow reports whether a pipe flattening goes on with the same row
// on the next line: the line ends in one " |", not in an empty tail "||".
func continuesRow(t string) bool {
	if !strings.HasSuffix(t, "|") || strings.HasPrefix(t, "|") {
		return false // "| a | b |" is a whole markdown row
	}
	rest := strings.TrimRight(strings.TrimSuffix(t, "|"), " ")
	return !strings.HasSuffix(rest, "|")
}

// isWrappedLine reports whether a line without a bar, inside a row of
// cells that each end in " |", is the start of a cell that wrapped: a
// short line, or a longer one the next line's " |" closes (a numbered
// line, "4、…", is prose around the table).
func isWrappedLine(t string, lines []string, next int) bool {
	n := utf8.RuneCountInString(t)
	if n <= maxWrapRunes {
		return true
	}
	if n > 40 || isNumbered(t) {
		return false
	}
	for ; next < len(lines); next++ {
		if u := strings.TrimSpace(lines[next]); u != "" {
			return strings.HasSuffix(u, "|")
		}
	}
	return false
}

// isNumbered recognises "4、", "(1)", "一、" at the start of a line.
func isNumbered(t string) bool {
	r, w := utf8.DecodeRuneInString(t)
	rest := t[w:]
	switch {
	case r >= '0' && r <= '9' || strings.ContainsRune("一二三四五六七八九十", r):
		rest = strings.TrimLeft(rest, "0123456789")
		return strings.HasPrefix(rest, "、") || strings.HasPrefix(rest, ".")
	case r == '(' || r == '（':
		return true
	}
	return false
}

// nextHasOneCell reports whether the next non-blank line holds a single
// cell: a line of several cells ending in " |" continues only onto it.
func nextHasOneCell(lines []string, i int) bool {
	for ; i < len(lines); i++ {
		if t := strings.TrimSpace(lines[i]); t != "" {
			return len(splitCells(t)) <= 1
		}
	}
	return false
}

// splitCells cuts one line into its non-empty cells: at "|" when the line
// has one, else at tabs and runs of two or more spaces (a single space
// stays: it is letter spacing, a space inside a cell, or, in some
// flattenings, a cell boundary the labels find later).
func splitCells(t string) []string {
	var parts []string
	if strings.Contains(t, "|") {
		parts = splitRow(t)
	} else {
		parts = splitSpaces(t)
	}
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitSpaces cuts at tabs and at runs of two or more spaces (ideographic
// spaces count).
func splitSpaces(t string) []string {
	var parts []string
	start, run, runStart := 0, 0, 0
	for i, r := range t {
		if r == ' ' || r == '\t' || r == '\u3000' {
			if run == 0 {
				runStart = i
			}
			run++
			if r == '\t' {
				run++ // a tab alone separates
			}
			continue
		}
		if run >= 2 {
			parts = append(parts, t[start:runStart])
			start = i
		}
		run = 0
	}
	return append(parts, t[start:])
}

// isSpace is the white space a label may be letter-spaced or wrapped with;
// "?" is an ideographic space a code-page conversion lost ("绩??? 效??? 目标").
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u3000' || r == '\n' || r == '\r' || r == '?'
}

// foldRune folds the full-width forms of ASCII, so that "（万元）：" matches
// "(万元):".
func foldRune(r rune) rune {
	if r >= '！' && r <= '～' {
		return r - '！' + '!'
	}
	return r
}

// cellKey folds a cell for label matching: width folded, white space and
// the colon a label may end with removed ("项 目 名 称：" → "项目名称").
func cellKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !isSpace(r) {
			b.WriteRune(foldRune(r))
		}
	}
	return strings.TrimRight(b.String(), ":")
}

// joinWrapped joins a label that wrapping split over two one-cell rows
// ("经济效益" / "指标", "主管部门" / "及编码"): the second part is no label
// alone, the two together are one.
//
// The first part may end a row of several cells, or a cell of words
// separated by single spaces ("绩效指标 项目完成" / "指标"). The second
// part may be a label alone when the first is none (wrapsCategory).
func joinWrapped(rows []frow) []frow {
	out := rows[:0]
	for i := 0; i < len(rows); i++ {
		row := rows[i]
		if i+1 < len(rows) && len(rows[i+1].cells) == 1 {
			last := &row.cells[len(row.cells)-1]
			a, b := cellKey(lastWord(last.text)), cellKey(rows[i+1].cells[0].text)
			if len(b) <= 5*3 && (!isLabelKey(b) || wrapsCategory(a, b)) && isLabelKey(a+b) {
				last.text += rows[i+1].cells[0].text
				row.open = rows[i+1].open
				i++
			}
		}
		out = append(out, row)
	}
	return out
}

// maxStackedRunes bounds each piece of a label printed down a narrow cell
// two characters a line.
const maxStackedRunes = 2

// joinStacked joins a label printed down a narrow cell a word a line, over
// three rows or more ("专项" / "年度" / "绩效" / "指标"): short one-cell rows
// whose text, put together, starts a label all the way and ends as one.
// Two rows are joinWrapped's.
func joinStacked(rows []frow) []frow {
	out := rows[:0]
	for i := 0; i < len(rows); i++ {
		if n := stackedLabel(rows[i:]); n > 2 {
			row := rows[i]
			row.cells = []fcell{{text: joinedText(rows[i : i+n]), line: row.cells[0].line}}
			row.open = rows[i+n-1].open
			out = append(out, row)
			i += n - 1
			continue
		}
		out = append(out, rows[i])
	}
	return out
}

// stackedLabel returns how many rows from the first make up one label
// printed down a narrow cell, or 0.
func stackedLabel(rows []frow) int {
	acc := ""
	for n, row := range rows {
		if len(row.cells) != 1 {
			return 0
		}
		k := cellKey(row.cells[0].text)
		if k == "" || utf8.RuneCountInString(k) > maxStackedRunes || n > 0 && isLabelKey(acc) {
			return 0
		}
		acc += k
		switch {
		case isLabelKey(acc) && n > 0:
			return n + 1
		case !startsLabel(acc):
			return 0
		}
	}
	return 0
}

// startsLabel reports whether a key is the start of a label of the form.
func startsLabel(k string) bool {
	for label := range fieldKeys {
		if strings.HasPrefix(label, k) {
			return true
		}
	}
	for label := range gridKeys {
		if strings.HasPrefix(label, k) {
			return true
		}
	}
	for label := range categoryKeys {
		if strings.HasPrefix(label, k) {
			return true
		}
	}
	return false
}

func joinedText(rows []frow) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.TrimSpace(r.cells[0].text))
	}
	return b.String()
}

// wrapsCategory reports a category label wrapped before a part that is a
// label too: "服务对象" / "满意度指标" is 服务对象满意度指标, the first part
// no label alone.
func wrapsCategory(a, b string) bool {
	_, whole := categoryOf(a + b)
	return whole && !isLabelKey(a)
}

// lastWord is what follows a cell's last space: the word a wrap may cut.
func lastWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexFunc(s, isSpace); i >= 0 {
		return s[i+1:]
	}
	return s
}

// isLabelKey reports whether a key is a label of the form: a field, a grid
// column or a category.
func isLabelKey(k string) bool {
	if _, ok := fieldKeys[k]; ok {
		return true
	}
	if _, ok := gridKeys[k]; ok {
		return true
	}
	_, ok := categoryOf(k)
	return ok
}
