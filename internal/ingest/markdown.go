package ingest

import (
	"strings"

	"jixiao"
)

// columns maps the table's columns, found by their header names, to cell
// indexes (-1 when the table has no such column).
type columns struct {
	name, goal, indicators int
	amounts                [amountCols]int
	n                      int
}

// headerColumns recognises a header row by its column names.
func headerColumns(cells []string) (columns, bool) {
	c := columns{name: -1, goal: -1, indicators: -1, amounts: [amountCols]int{-1, -1, -1, -1}, n: len(cells)}
	for i, cell := range cells {
		s := jixiao.CleanText(cell)
		switch {
		case strings.Contains(s, "项目名称") || s == "项目" || s == "资金使用单位":
			c.name = i
		case s == "总计" || s == "合计" && c.amounts[0] < 0:
			c.amounts[0] = i
		case strings.Contains(s, "专户"):
			c.amounts[2] = i
		case strings.Contains(s, "财政拨款"):
			c.amounts[1] = i
		case strings.Contains(s, "其他资金"):
			c.amounts[3] = i
		case strings.Contains(s, "绩效目标"):
			c.goal = i
		case strings.Contains(s, "绩效指标"):
			c.indicators = i
		}
	}
	return c, c.name >= 0 && c.amounts[0] >= 0
}

// maybeHeader checks a row for column names only when it can be a header.
func maybeHeader(t string, cells []string) (columns, bool) {
	if !strings.Contains(t, "总计") || !strings.Contains(t, "项目") && !strings.Contains(t, "资金使用单位") {
		return columns{}, false
	}
	return headerColumns(cells)
}

// isMarkdown reports whether the text holds a markdown table header row.
func isMarkdown(lines []string) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "|") && strings.Contains(t, "总计") {
			return true
		}
	}
	return false
}

// mdReader reads a markdown table: a heading, then header rows (repeated at
// every page break), separator rows, and one row per 合计, unit or project.
type mdReader struct {
	b       builder
	h       *heading
	cols    *columns
	pending *mdProject
}

// mdProject is a project row whose indicators are parsed once the row is
// complete (a page break may continue its cells in a row with no name).
type mdProject struct {
	p    jixiao.Project
	seq  int
	text strings.Builder
	at   lineMap
}

func readMarkdown(name string, lines []string) (*jixiao.Document, error) {
	doc := &jixiao.Document{Layout: LayoutMarkdown}
	r := &mdReader{b: builder{doc: doc}, h: newHeading()}
	for i, raw := range lines {
		if err := r.line(name, i+1, raw); err != nil {
			return nil, err
		}
	}
	r.flush()
	if r.cols == nil {
		return nil, inputErr(name, 0, "表格中有“总计”，但找不到汇总表的表头行（| 项目名称 | 总计 | 财政拨款 | … |）；"+readsMsg)
	}
	if len(doc.Projects) == 0 && !doc.HasStated && len(doc.Units) == 0 {
		return nil, inputErr(name, 0, "表格中没有任何带金额的行；请确认导出的是项目支出绩效目标表")
	}
	return doc, nil
}

func (r *mdReader) line(name string, n int, raw string) error {
	t := strings.TrimSpace(raw)
	switch {
	case t == "":
		return nil
	case !strings.HasPrefix(t, "|"):
		if r.cols == nil && r.h.take(t, n) || r.h.isFurniture(t) {
			return nil
		}
		strayText(r.b.doc, n, t)
		return nil
	}
	cells := splitRow(t)
	if isSeparatorRow(cells) {
		return nil
	}
	if c, ok := maybeHeader(t, cells); ok {
		if r.cols == nil {
			r.h.apply(r.b.doc)
			r.b.agencyLine = r.h.agencyLine
		}
		r.cols = &c
		return nil
	}
	if r.cols == nil {
		return inputErr(name, n, "表格行出现在表头行（| 项目名称 | 总计 | … |）之前，无法确定各列含义；请补上表头行")
	}
	r.row(n, t, cells)
	return nil
}

// row handles one data row.
func (r *mdReader) row(n int, raw string, cells []string) {
	c := r.cols
	cell := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cells[i]
	}
	for i := c.n; i < len(cells); i++ {
		if strings.TrimSpace(cells[i]) != "" {
			strayText(r.b.doc, n, "多出的单元格："+cells[i])
		}
	}
	var money [amountCols]string
	empty := true
	for i, ci := range c.amounts {
		money[i] = cell(ci)
		empty = empty && strings.TrimSpace(money[i]) == ""
	}
	name := jixiao.CleanText(unbreak(cell(c.name)))
	goal, inds := noneAsEmpty(unbreak(cell(c.goal))), noneAsEmpty(unbreak(cell(c.indicators)))
	if name == "" && empty && r.pending != nil {
		r.continueProject(n, goal, inds)
		return
	}
	r.flush()
	a, bad := parseAmounts(money, r.b.doc.MoneyUnit)
	switch {
	case isTotalName(name):
		r.b.total(n, a, bad, raw)
	case strings.TrimSpace(goal) == "" && strings.TrimSpace(inds) == "":
		r.b.unitRow(n, name, a, bad, raw)
	default:
		p := jixiao.Project{Name: name, Amounts: a, Goal: jixiao.CleanText(goal), Line: n}
		mp := &mdProject{p: p}
		mp.seq = r.b.project(p, bad, raw)
		mp.text.WriteString(inds)
		mp.at.add(0, n)
		r.pending = mp
	}
}

// continueProject adds a continuation row's cells to the pending project.
func (r *mdReader) continueProject(n int, goal, inds string) {
	p := &r.b.doc.Projects[r.pending.seq-1]
	p.Goal += jixiao.CleanText(goal)
	r.pending.at.add(r.pending.text.Len(), n)
	r.pending.text.WriteString(inds)
}

// flush parses the indicators of the pending project.
func (r *mdReader) flush() {
	mp := r.pending
	if mp == nil {
		return
	}
	r.pending = nil
	p := &r.b.doc.Projects[mp.seq-1]
	readIndicators(&r.b, p, mp.seq, mp.text.String(), mp.at.at)
}

// splitRow splits "| a | b |" into its trimmed cells; "\|" is a literal bar.
func splitRow(t string) []string {
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, `\|`) {
		t = t[:len(t)-1]
	}
	if !strings.Contains(t, `\|`) {
		cells := strings.Split(t, "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		return cells
	}
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(t); i++ {
		switch {
		case t[i] == '\\' && i+1 < len(t) && t[i+1] == '|':
			cur.WriteByte('|')
			i++
		case t[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(t[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

// isSeparatorRow recognises "|---|:--:|".
func isSeparatorRow(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, "-: ") != "" || !strings.Contains(c, "-") && c != "" {
			return false
		}
	}
	return true
}

// noneAsEmpty reads the placeholders tables print in an empty text cell
// ("无", "/", "-") as empty: they say there is nothing, and are not a goal or
// an indicator to keep.
func noneAsEmpty(s string) string {
	switch strings.TrimSpace(s) {
	case "无", "/", "／", "-", "—", "－", "——":
		return ""
	}
	return s
}

// unbreak removes the <br> tags converters put where a cell's text wrapped.
func unbreak(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	for _, tag := range []string{"<br>", "<br/>", "<br />", "<BR>"} {
		s = strings.ReplaceAll(s, tag, "")
	}
	return s
}
