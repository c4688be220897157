package ingest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hunan's budget system exports a department's project targets as one
// list: a header 单位代码 | 单位(专项)名称 | 资金总额 | 实施期绩效目标 | 绩效指标
// over the indicator grid's own header, a unit's row ("505006州民族特殊教育
// 学校30.00"), then each project's row, the unit's code repeated ("505006
// 学生伙食费30.00"), followed by its indicator rows. Each project is read as
// a form of its own, under the list's department and the unit above it.

// listState is what a list gives every project of it.
type listState struct {
	on   bool
	unit string // the unit row's name
	// wide: a list whose header prints the project's columns before the
	// grid's in one row (wideRow).
	wide bool
	dept string // the department row's name, for a wide list
}

// codeRow is a unit's or a project's row of a list.
type codeRow struct {
	code, name, amount string
	line               int
}

// isListHeader recognises the list's header row.
func isListHeader(row frow) bool {
	var b strings.Builder
	for _, c := range row.cells {
		b.WriteString(cellKey(c.text))
	}
	k := b.String()
	return strings.Contains(k, "单位代码") && strings.Contains(k, "名称") && strings.Contains(k, "资金总额")
}

// parseCodeRow reads "505006州民族特殊教育学校30.00": a code of three digits
// or more, a name, an amount.
func parseCodeRow(row frow) (codeRow, bool) {
	parts := make([]string, len(row.cells))
	for i, c := range row.cells {
		parts[i] = c.text
	}
	t := strings.TrimSpace(strings.Join(parts, " "))
	i := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' })
	if i < 3 {
		return codeRow{}, false
	}
	code, rest := t[:i], strings.TrimSpace(t[i:])
	j := strings.LastIndexFunc(rest, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if j < 0 {
		return codeRow{}, false
	}
	_, w := utf8.DecodeRuneInString(rest[j:])
	name, amount := strings.TrimSpace(rest[:j+w]), rest[j+w:]
	if !strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return codeRow{}, false
	}
	if _, ok := leadingAmount(amount); !ok {
		return codeRow{}, false
	}
	return codeRow{code: code, name: name, amount: amount, line: row.line}, true
}

// listRow takes a row of a list; false when it is not a list's row.
func (r *formReader) listRow(row frow) bool {
	if r.cur == nil {
		return false
	}
	if r.phase == phaseBlock && isListHeader(row) {
		r.list.on = true
		return true
	}
	if !r.list.on {
		return false
	}
	cr, ok := parseCodeRow(row)
	if !ok {
		return false
	}
	if r.next != nil {
		if nx, ok := parseCodeRow(*r.next); ok && nx.code == cr.code {
			r.list.unit = cr.name // the unit's row, its projects below
			return true
		}
	}
	r.listProject(cr)
	return true
}

// listProject starts the form of a project of the list.
func (r *formReader) listProject(cr codeRow) {
	f := r.cur
	if f.get(fieldName) != nil {
		dept, g := f.textOf(fieldDepartment), f.grid
		r.finish(false)
		r.begin(cr.line)
		f = r.cur
		if dept != "" {
			f.put(f.addLabel(fieldDepartment, "部门", cr.line), dept)
		}
		if g != nil {
			f.grid = newGrid(g.header)
			r.phase = phaseGrid
		}
	}
	f.rowNo++
	f.put(f.addLabel(fieldName, "单位(专项)名称", cr.line), cr.name)
	if r.list.unit != "" {
		f.put(f.addLabel(fieldUnit, "单位", cr.line), r.list.unit)
	}
	f.put(f.addLabel(fieldAmount, "资金总额", cr.line), cr.amount)
}

// Sichuan's budget system exports a list in one wide table: the header
// 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 | … | 指标方向性, the
// department's row ("820-马踏镇部门 | 8,827,620.53"), then each project's
// row carrying its unit (left blank under the first), name, amount and
// goal before its first indicator, and its other indicators below.

// isWideListHeader reports cells before a grid header that are a list's
// columns: labels only, 项目名称 among them.
func isWideListHeader(cells []fcell) bool {
	named := false
	for _, c := range cells {
		k := cellKey(c.text)
		f, ok := fieldOf(k)
		switch {
		case ok && f == fieldName:
			named = true
		case ok || hasAmountWord(k):
		default:
			return false
		}
	}
	return named
}

// wideRow takes a row of a wide list that starts a project or names the
// department; false for an indicator row.
func (r *formReader) wideRow(row frow) bool {
	if !r.list.wide || r.phase != phaseGrid {
		return false
	}
	k := slices.IndexFunc(row.cells, func(c fcell) bool { _, ok := categoryOf(cellKey(c.text)); return ok })
	lead := row.cells
	if k >= 0 {
		lead = row.cells[:k]
	}
	a := slices.IndexFunc(lead, func(c fcell) bool { return isAmountCell(c.text) })
	if a < 1 {
		return false
	}
	if k < 0 {
		// The department's row (its total is no project's) comes once,
		// before the first project, and holds its name and total alone; any
		// other row without a category is an indicator row whose merged
		// category cells were left blank.
		if r.list.dept != "" || r.cur.get(fieldName) != nil || a != 1 || filledCells(row.cells) != 2 {
			return false
		}
		r.list.dept = lead[0].text
		return true
	}
	unit := r.list.unit
	if a >= 2 {
		unit = lead[a-2].text
		r.list.unit = unit
	}
	var goal []string
	for _, c := range lead[a+1:] {
		goal = append(goal, c.text)
	}
	r.wideProject(lead[a-1], lead[a], unit, strings.Join(goal, ""))
	row.cells = row.cells[k:]
	r.gridRow(row)
	return true
}

// isAmountCell reports a cell that is an amount and nothing else:
// "3,309,840.00".
func isAmountCell(s string) bool {
	k := strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if k == "" || strings.Trim(k, "0123456789.") != "" {
		return false
	}
	_, ok := leadingAmount(k)
	return ok
}

// wideProject starts the form of a wide list's project, under the list's
// department and the grid's header; the first project fills the form the
// list's title opened.
func (r *formReader) wideProject(name, amount fcell, unit, goal string) {
	f := r.cur
	if f.get(fieldName) != nil {
		hdr, money := f.grid.header, f.unit
		r.finish(false)
		r.begin(name.line)
		f = r.cur
		f.unit = money
		f.grid = newGrid(hdr)
		r.phase = phaseGrid
	}
	f.rowNo++
	if r.list.dept != "" {
		f.put(f.addLabel(fieldDepartment, "单位名称", name.line), r.list.dept)
	}
	f.put(f.addLabel(fieldName, "项目名称", name.line), name.text)
	if unit != "" {
		f.put(f.addLabel(fieldUnit, "单位名称", name.line), unit)
	}
	f.put(f.addLabel(fieldAmount, "预算数", amount.line), amount.text)
	if goal != "" {
		f.put(f.addLabel(fieldAnnualGoal, "年度目标", name.line), goal)
	}
}

// filledCells counts the cells with text.
func filledCells(cells []fcell) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c.text) != "" {
			n++
		}
	}
	return n
}
