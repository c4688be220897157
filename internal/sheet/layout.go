package sheet

import (
	"strings"
	"unicode/utf8"

	"jixiao"
)

type layoutKind int

const (
	layoutNone layoutKind = iota
	layoutOfficial
	layoutFlat
)

// header is a recognised header row: its layout and where each field is.
type header struct {
	layout layoutKind
	col    map[string]int
}

func (h header) get(g *grid, r int, field string) string {
	c, ok := h.col[field]
	if !ok {
		return ""
	}
	return g.cell(r, c)
}

// blank reports whether the field's cell on row r is there and empty: a
// money cell the table left blank, not a column it does not have.
func (h header) blank(g *grid, r int, field string) bool {
	_, ok := h.col[field]
	return ok && jixiao.IsBlankCell(h.get(g, r, field))
}

// merged reports whether the field's cell on row r repeats a merged cell.
func (h header) merged(g *grid, r int, field string) bool {
	c, ok := h.col[field]
	return ok && g.merged[[2]int{r, c}]
}

func (h header) has(field string) bool { _, ok := h.col[field]; return ok }

// officialFields maps the official header's cells to fields by substring,
// so that "项目名称（资金使用单位）" and "总计（万元）" both match.
var officialFields = []struct{ field, word string }{
	{"project", "项目名称"}, {"total", "总计"}, {"special_account", "财政专户"}, {"fiscal", "财政拨款"},
	{"other", "其他资金"}, {"goal", "绩效目标"}, {"indicators", "绩效指标"},
}

// flatAliases maps a flat header's cells, compared whole after folding, to
// the indicator export's columns: the English names themselves or the
// Chinese names finance systems print.
var flatAliases = map[string]string{
	"文档": "document", "文档编号": "document",
	"项目序号": "project_seq",
	"单位":   "unit", "单位名称": "unit", "资金使用单位": "unit", "预算单位": "unit",
	"项目": "project", "项目名称": "project",
	"序号": "seq", "指标序号": "seq",
	"一级指标编码": "level1_code", "一级指标代码": "level1_code", "一级指标": "level1",
	"二级指标编码": "level2_code", "二级指标代码": "level2_code", "二级指标": "level2",
	"三级指标": "name", "指标名称": "name", "绩效指标名称": "name",
	"实施周期指标值": "period_target", "实施期指标值": "period_target", "中长期指标值": "period_target",
	"年度指标值": "annual_target",
	"绩效目标":  "goal", "总计": "total", "财政拨款": "fiscal", "财政专户拨款": "special_account", "其他资金": "other",
	"原文": "raw",
}

var flatFields = map[string]bool{
	"document": true, "project_seq": true, "unit": true, "project": true, "seq": true,
	"level1_code": true, "level1": true, "level2_code": true, "level2": true, "name": true,
	"period_target": true, "annual_target": true, "goal": true,
	"total": true, "fiscal": true, "special_account": true, "other": true, "raw": true,
}

// maxHeaderBytes bounds a header cell ("项目名称（资金使用单位）" is 36 bytes);
// longer cells (goals, indicators) are not folded when every row is
// checked for a repeated header.
const maxHeaderBytes = 64

// headerKey folds a cell for comparison with header names; a cell too long
// to be a header gives "".
func headerKey(s string) string {
	if len(s) > maxHeaderBytes {
		return ""
	}
	return strings.ToLower(strings.Join(strings.Fields(jixiao.FoldWidth(s)), ""))
}

// classify recognises a header row of either layout.
func classify(row []string) header {
	flat := header{layout: layoutFlat, col: map[string]int{}}
	for i, c := range row {
		k := headerKey(c)
		if f, ok := flatAliases[k]; ok {
			k = f
		}
		if flatFields[k] {
			if _, dup := flat.col[k]; !dup {
				flat.col[k] = i
			}
		}
	}
	if flat.has("project") && flat.has("name") && (flat.has("annual_target") || flat.has("period_target")) {
		return flat
	}
	off := header{layout: layoutOfficial, col: map[string]int{}}
	for i, c := range row {
		k := headerKey(c)
		for _, f := range officialFields {
			if _, dup := off.col[f.field]; !dup && strings.Contains(k, f.word) {
				off.col[f.field] = i
				break
			}
		}
	}
	if off.has("project") && off.has("total") && (off.has("indicators") || off.has("goal")) {
		return off
	}
	return header{}
}

// extend adds the money columns of a second header row, as systems print
// a two-row header: 总计 | 资金来源 (merged over three columns) above
// 财政拨款 | 财政专户拨款 | 其他资金.
func (h header) extend(row []string) {
	if !isSubHeader(row) {
		return
	}
	for i, c := range row {
		k := headerKey(c)
		for _, f := range officialFields {
			if _, have := h.col[f.field]; !have && strings.HasPrefix(k, f.word) {
				h.col[f.field] = i
			}
		}
	}
}

// isSubHeader recognises the second row of a two-row header: two or more
// cells that are header words (and nothing that reads as an amount).
func isSubHeader(row []string) bool {
	n := 0
	for _, c := range row {
		k := headerKey(c)
		if k == "" {
			continue
		}
		matched := false
		for _, f := range officialFields {
			if strings.HasPrefix(k, f.word) && utf8.RuneCountInString(k) <= 16 {
				matched = true
			}
		}
		if !matched && k != "资金来源" && len(c) <= maxHeaderBytes {
			if _, err := money(c, jixiao.WanYuan); err == nil {
				return false
			}
		}
		if matched {
			n++
		}
	}
	return n >= 2
}

// readOfficial reads the official seven-column layout below the header row.
func readOfficial(g *grid, hr int, h header) (*jixiao.Document, error) {
	doc := heading(g, hr)
	if hr+1 < len(g.rows) {
		h.extend(g.rows[hr+1])
	}
	rd := officialReader{g: g, h: h, doc: doc}
	for r := hr + 1; r < len(g.rows); r++ {
		if g.blank(r) || classify(g.rows[r]).layout != layoutNone || isSubHeader(g.rows[r]) {
			continue // blank rows and the header repeated at page breaks
		}
		rd.row(r)
	}
	if doc.AgencyKind == "" {
		// Without a heading, unit rows (stated subtotals) make the table a
		// department's: a unit's own table has none.
		doc.AgencyKind = jixiao.AgencyUnit
		if len(doc.Units) > 1 || len(doc.Units) == 1 && doc.Units[0].HasStated {
			doc.AgencyKind = jixiao.AgencyDepartment
		}
	}
	if len(doc.Units) == 0 && doc.Agency != "" && len(doc.Projects) > 0 {
		doc.Units = []jixiao.Unit{{Name: doc.Agency}}
	}
	return doc, nil
}

type officialReader struct {
	g          *grid
	h          header
	doc        *jixiao.Document
	unit       string
	indicators jixiao.IndicatorParser
}

func (rd *officialReader) row(r int) {
	g, h, doc := rd.g, rd.h, rd.doc
	line := g.lines[r]
	name := text(h.get(g, r, "project"))
	goal := text(h.get(g, r, "goal"))
	cell := h.get(g, r, "indicators")
	if g.cont[r] && len(doc.Projects) > 0 {
		if h.merged(g, r, "goal") {
			goal = ""
		}
		if h.merged(g, r, "indicators") {
			cell = ""
		}
		rd.continueProject(r, goal, cell)
		return
	}
	amounts, bad := rd.amounts(r)
	switch {
	case isTotalName(name):
		doc.Stated, doc.HasStated, doc.StatedLine = amounts, true, line
		if bad != "" {
			addFinding(doc, "parse.amount", line, jixiao.Finding{}, "合计行的金额 "+quote(bad)+" 无法识别，记为“未读出”，请核对原表")
		}
		return
	case goal == "" && strings.TrimSpace(cell) == "" && bad == "" && rd.unitRowsPossible(r):
		rd.unit = name
		doc.Units = append(doc.Units, jixiao.Unit{Name: name, Stated: amounts, HasStated: true, Line: line})
		return
	}
	unit := rd.unit
	if unit == "" {
		unit = doc.Agency
	}
	p := jixiao.Project{Unit: unit, Name: name, Amounts: amounts, Goal: goal, Line: line}
	if bad != "" {
		p.Raw = strings.Join(g.rows[r], " | ")
		addFinding(doc, "parse.amount", line, jixiao.Finding{Unit: unit, ProjectSeq: len(doc.Projects) + 1, Project: name},
			"项目“"+name+"”的金额 "+quote(bad)+" 无法识别，已保留原文")
	}
	doc.Projects = append(doc.Projects, p)
	rd.addIndicators(r, cell)
}

// unitRowsPossible says whether a row with a name and amounts but no goal
// and no indicators may be a unit row: always in a department's table (部门
// 名称), never in a unit's own (单位名称); without a heading, when projects
// follow it, as the markdown reader reads such tables.
func (rd *officialReader) unitRowsPossible(r int) bool {
	switch rd.doc.AgencyKind {
	case jixiao.AgencyDepartment:
		return true
	case jixiao.AgencyUnit:
		return false
	}
	return rd.projectFollows(r)
}

// projectFollows reports whether the next data row after r (skipping blank
// rows and repeated headers) has a goal or indicators.
func (rd *officialReader) projectFollows(r int) bool {
	g, h := rd.g, rd.h
	for n := r + 1; n < len(g.rows); n++ {
		if g.blank(n) || classify(g.rows[n]).layout != layoutNone || isSubHeader(g.rows[n]) {
			continue
		}
		if isTotalName(text(h.get(g, n, "project"))) {
			return false
		}
		return text(h.get(g, n, "goal")) != "" || strings.TrimSpace(h.get(g, n, "indicators")) != ""
	}
	return false
}

// amounts reads the four money cells; bad is the first cell that is not an
// amount, and every such cell is marked unread (Amounts.Unread).
func (rd *officialReader) amounts(r int) (a jixiao.Amounts, bad string) {
	u := rd.doc.MoneyUnit
	if u == "" {
		u = jixiao.WanYuan
	}
	dst := []*jixiao.Money{&a.Total, &a.Fiscal, &a.SpecialAccount, &a.Other}
	for i, f := range []string{"total", "fiscal", "special_account", "other"} {
		s := rd.h.get(rd.g, r, f)
		if rd.h.blank(rd.g, r, f) {
			a.Blank |= jixiao.AmountColumns[i]
			continue
		}
		m, err := money(s, u)
		if err != nil {
			a.Unread |= jixiao.AmountColumns[i]
			if bad == "" {
				bad = s
			}
			continue
		}
		*dst[i] = m
	}
	return a, bad
}

// continueProject adds a row that a merged project cell spans: its own
// indicator text (and goal text, when the goal is not merged too).
func (rd *officialReader) continueProject(r int, goal, cell string) {
	p := &rd.doc.Projects[len(rd.doc.Projects)-1]
	p.Goal += goal
	rd.addIndicators(r, cell)
}

func (rd *officialReader) addIndicators(r int, cell string) {
	p := &rd.doc.Projects[len(rd.doc.Projects)-1]
	line := rd.g.lines[r]
	for it := range rd.indicators.Items(cell) {
		in := it.Indicator
		in.Line = line
		p.Indicators = append(p.Indicators, in)
		if it.Problem != "" {
			addFinding(rd.doc, "parse.indicator", line,
				jixiao.Finding{Unit: p.Unit, ProjectSeq: len(rd.doc.Projects), Project: p.Name, IndicatorSeq: len(p.Indicators)},
				"绩效指标 "+quote(in.Raw)+" 不符合“序号、一级指标；二级指标；指标名称；实施周期指标值:…；年度指标值:…”的格式（"+it.Problem+"），已保留原文")
		}
	}
}

func isTotalName(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	return s == "合计" || s == "总计"
}
