package ingest

import (
	"slices"
	"strings"

	"jixiao"
)

// The indicator grid: a header (一级指标 二级指标 三级指标 指标值 …), then
// rows whose 一级 and 二级 cells are written once per group and left blank
// below. Some forms print two sets side by side (中期 and 年度, each with
// its own 二级, 三级 and 指标值). The flattening drops blank cells, so the
// cells are read by what they are (a category label or not) rather than by
// their position.

// gridHeader is one column of the grid's header.
type gridHeader struct {
	col   gridCol
	label string // as printed, qualifier included: "二级指标(长期)"
}

// gridSet is one set of columns after 一级指标: 二级, 三级 and the value
// columns that follow the name, in order.
type gridSet struct {
	cols   []gridHeader
	need   int  // how many of cols a whole row fills (through the last value column)
	period bool // the set's 指标值 is the period's
}

type grid struct {
	header     []gridHeader // as printed, for the next form of a list
	sets       []gridSet
	stream     bool // the header spanned rows: the flattening gives one cell a row
	hasPeriod  bool
	rows       []frow
	indicators []jixiao.Indicator
}

var sectionLabels = newLabelSet(gridSectionKeys()...)

// headerRow takes the grid's header, which may start inside a row after
// the block's last cells and run on into the first data row, and starts
// the grid once the header is whole.
func (r *formReader) headerRow(row frow) bool {
	f := r.cur
	if len(f.header) == 0 {
		row.cells = splitBeforeHeader(row.cells)
		i := headerStart(row.cells)
		if i < 0 {
			return false
		}
		switch {
		case i > 0 && isWideListHeader(row.cells[:i]):
			r.list.wide = true // the list's columns: each project's row fills them
			row.cells = row.cells[i:]
		case i > 0:
			r.blockCells(frow{cells: row.cells[:i], line: row.line})
			row.cells = row.cells[i:]
		}
	}
	n := 0
	for n < len(row.cells) {
		cols, ok := headerCell(row.cells[n])
		if !ok {
			break
		}
		f.header = append(f.header, cols...)
		n++
	}
	if n > 0 {
		f.headerRows++
	}
	if n == len(row.cells) {
		return true
	}
	hdr := f.header
	f.header = nil
	g := newGrid(hdr)
	if g == nil {
		return false
	}
	g.stream = f.headerRows > 2
	f.grid = g
	r.phase = phaseGrid
	row.cells = row.cells[n:]
	if !r.wideRow(row) {
		r.gridRow(row)
	}
	return true
}

// splitBeforeHeader cuts a cell whose words, separated by single spaces,
// run a section label into the grid's header ("年度绩效目标(90分) 一级指标
// 二级指标 …") before the header.
func splitBeforeHeader(cells []fcell) []fcell {
	for i, c := range cells {
		k := strings.Index(c.text, " 一级指标")
		if k <= 0 {
			continue
		}
		out := slices.Clone(cells[:i])
		out = append(out, fcell{text: strings.TrimSpace(c.text[:k]), line: c.line}, fcell{text: strings.TrimSpace(c.text[k:]), line: c.line})
		return append(out, cells[i+1:]...)
	}
	return cells
}

// headerStart finds the cell where the grid's header starts: a header
// cell followed, among header cells only, by a level or name column.
func headerStart(cells []fcell) int {
	for i := range cells {
		for j := i; j < len(cells); j++ {
			cols, ok := headerCell(cells[j])
			if !ok {
				break
			}
			if hasLevelColumn(cols) {
				return i
			}
		}
	}
	return -1
}

// headerCell reads a cell made only of header labels (a section label
// such as 绩效指标 gives no column).
func headerCell(c fcell) ([]gridHeader, bool) {
	var cols []gridHeader
	for _, p := range gridLabels.scanCell(c) {
		if p.label == "" || p.value != "" && !isSubHeader(p.value) {
			return nil, false
		}
		if col, ok := gridKeys[p.label]; ok {
			cols = append(cols, gridHeader{col: col, label: p.labelText})
		}
	}
	return cols, true
}

// isSubHeader accepts the text a header's value cell may carry under its
// label ("(包含数字及文字描述)").
func isSubHeader(v string) bool { return strings.HasPrefix(v, "(") || strings.HasPrefix(v, "（") }

func hasLevelColumn(cols []gridHeader) bool {
	for _, c := range cols {
		if c.col == colLevel1 || c.col == colLevel2 || c.col == colName {
			return true
		}
	}
	return false
}

// newGrid lays out the sets of a header; nil when it has no name column.
// A second name column right after the first ("三级指标 指标内容", 桃源县)
// describes the indicator: it is a note column.
func newGrid(hdr []gridHeader) *grid {
	g := &grid{header: hdr}
	var cur *gridSet
	named := false // cur has its name column
	for _, h := range hdr {
		switch h.col {
		case colLevel1:
			continue
		case colLevel2:
			if cur != nil && len(cur.cols) > 0 {
				cur, named = nil, false
			}
		case colName:
			if named && cur != nil && len(cur.cols) == 0 {
				h.col = colNote
				break
			}
			if cur != nil && len(cur.cols) > 0 {
				cur = nil
			}
			named = true
		}
		if cur == nil {
			g.sets = append(g.sets, gridSet{})
			cur = &g.sets[len(g.sets)-1]
		}
		if h.col != colLevel2 && h.col != colName {
			cur.cols = append(cur.cols, h)
		}
	}
	if len(g.sets) == 0 {
		return nil
	}
	g.layout()
	return g
}

// layout decides which set is the period's and what a whole row fills.
func (g *grid) layout() {
	hasOp := false
	for _, s := range g.sets {
		for _, c := range s.cols {
			hasOp = hasOp || c.col == colOp
		}
	}
	for i := range g.sets {
		s := &g.sets[i]
		s.period = len(g.sets) == 2 && i == 0
		if q := qualifierPeriod(s.cols); q != 0 {
			s.period = q > 0
		}
		for j, c := range s.cols {
			if c.col == colUnit && !hasOp {
				s.cols[j].col = colNote // the value carries its unit: the column is a note
			}
			if isValueCol(s.cols[j].col) {
				s.need = j + 1
			}
			if c.col == colPeriod || c.col == colValue && s.period {
				g.hasPeriod = true
			}
		}
	}
}

// qualifierPeriod reads "(长期)" / "(年度)" on a set's value column: +1
// period, -1 annual, 0 unsaid.
func qualifierPeriod(cols []gridHeader) int {
	for _, c := range cols {
		if c.col != colValue {
			continue
		}
		switch {
		case containsAny(c.label, []string{"长期", "中期", "实施期"}):
			return 1
		case strings.Contains(c.label, "年度"):
			return -1
		}
	}
	return 0
}

func isValueCol(c gridCol) bool {
	return c == colValue || c == colPeriod || c == colAnnual || c == colOp || c == colTarget || c == colUnit
}

// gridRow takes a row of the grid; the grid is read when it ends.
func (r *formReader) gridRow(row frow) {
	f := r.cur
	if len(f.grid.rows) == 0 && isValueSubHeader(row) || isScoreRange(row) {
		return
	}
	if g := f.grid; !g.stream && len(g.rows) > 0 && isWeightTail(row, g.rows[len(g.rows)-1]) {
		// "… 定性 高中低" / "10": a row of words separated by single spaces
		// whose last cell (a weight) went onto a line of its own.
		prev := &g.rows[len(g.rows)-1]
		prev.cells[0].text += " " + row.cells[0].text
		return
	}
	f.grid.rows = append(f.grid.rows, row)
}

// isScoreRange recognises a category's score range wrapped onto a row of
// its own: "产出指标" / "(40-50)分".
func isScoreRange(row frow) bool {
	if len(row.cells) != 1 {
		return false
	}
	k := cellKey(row.cells[0].text)
	inner, ok := strings.CutSuffix(strings.TrimPrefix(k, "("), ")分")
	return ok && strings.HasPrefix(k, "(") && strings.Trim(inner, "0123456789-—~") == "" && inner != ""
}

// isWeightTail reports a row that is only a number, after a row of one
// cell whose words are separated by spaces.
func isWeightTail(row, prev frow) bool {
	return len(row.cells) == 1 && isNumberWord(row.cells[0].text) && len(prev.cells) == 1 &&
		strings.ContainsFunc(prev.cells[0].text, isSpace)
}

// endsForm reports a cell that starts the form's closing part (审核意见,
// 填表人).
func endsForm(c fcell) bool {
	ps := kvLabels.scanCell(c)
	if len(ps) == 0 {
		return false
	}
	f, _ := fieldOf(ps[0].label) // the cell's first piece alone decides
	return ps[0].label != "" && f == fieldEnd
}

// isValueSubHeader recognises a second header row under 指标值
// ("2021年实际实现值 | 预期2022年实现值"); a category printed with 值
// ("产出值", 临邑县's frame) is a data row.
func isValueSubHeader(row frow) bool {
	for _, c := range row.cells {
		k := cellKey(c.text)
		if _, category := categoryOf(k); !strings.HasSuffix(k, "值") || category {
			return false
		}
	}
	return true
}
