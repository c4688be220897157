package ingest

import (
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
