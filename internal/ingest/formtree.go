package ingest

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Some budget systems (Ningxia's) export a project's targets as a tree
// grid: a header 项目 | 指标值 | 绩效金额, then one node a line whose level
// is shown only by its leading spaces — the unit, the project (its amount
// on the next line), 一级, 二级 and 三级 (its value on the next line):
//
//	项目
//	指标值
//	绩效金额
//	 石嘴山市疾病预防控制中心
//	  狂犬、乙肝、流感等疫苗及美沙酮药物
//	3000000
//	   产出指标
//	    时效指标(必填)
//	     疫苗提供及时率
//	100%
//
// The tree names no field, so the reader names them by level: it turns the
// tree into the rows of a labelled form (预算单位, 项目名称, 绩效金额, then an
// indicator grid), one form per project, on the tree's own line numbers.

// treeHeader is the tree's header, as folded keys.
var treeHeader = []string{"项目", "指标值", "绩效金额"}

// treeHeaderKey is the header squeezed, for isFormText.
var treeHeaderKey = strings.Join(treeHeader, "")

// treeNode is one line of the tree: a node, or (depth 0) the value of the
// node above it.
type treeNode struct {
	depth int
	text  string
	line  int
}

// treeHeaderAt reports whether the tree's header starts at line i, on one
// line or one cell a line, and returns the index of the line after it.
func treeHeaderAt(lines []string, i int) (int, bool) {
	var cells []string
	for ; i < len(lines) && len(cells) < len(treeHeader); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue
		}
		for _, c := range splitCells(t) {
			cells = append(cells, cellKey(c))
		}
	}
	return i, slices.Equal(cells, treeHeader)
}

// treeNodes reads the tree's lines from line i: nodes and their values, up
// to the first line that is neither (page furniture, notes). It returns
// the nodes and the index of the line after them.
func treeNodes(lines []string, i int) ([]treeNode, int) {
	var nodes []treeNode
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue
		}
		d := leadingSpaces(lines[i])
		if d == 0 && (len(nodes) == 0 || nodes[len(nodes)-1].depth == 0 || isFurniture(cellKey(t))) {
			break // a value must follow a node
		}
		nodes = append(nodes, treeNode{depth: d, text: t, line: i + 1})
	}
	return nodes, i
}

// leadingSpaces counts the white space a line is indented by.
func leadingSpaces(l string) int {
	n := 0
	for _, r := range l {
		if r != ' ' && r != '\t' && r != '\u3000' && r != '\u00a0' {
			break
		}
		n++
	}
	return n
}

// Tree levels, counted from the deepest: the indicator's name, 二级, 一级,
// the project and (when printed) the unit.
const (
	treeName = iota
	treeLevel2
	treeLevel1
	treeProject
	treeUnit
)

// treeLevels maps each node depth to its level, from the deepest; ok is
// false for a tree too shallow to hold projects and indicators.
func treeLevels(nodes []treeNode) (map[int]int, bool) {
	var depths []int
	for _, n := range nodes {
		if n.depth > 0 && !slices.Contains(depths, n.depth) {
			depths = append(depths, n.depth)
		}
	}
	if len(depths) < treeProject+1 || len(depths) > treeUnit+1 {
		return nil, false
	}
	slices.Sort(depths)
	levels := map[int]int{}
	for i, d := range depths {
		levels[d] = len(depths) - 1 - i
	}
	return levels, true
}

// treeBuilder turns a tree's nodes into the rows of labelled forms.
type treeBuilder struct {
	levels   map[int]int
	unitCell string // the money unit printed above the tree ("单位:元")
	rows     []frow
	unit     *treeNode
	pending  *frow // a row waiting for its value on the next line
	header   bool  // the pending row is a project's: the grid header follows it
	forms    int
}

// treeRows turns a tree's nodes into rows. unitCell, the money unit the
// text printed above the tree, is repeated for each form after the first.
func treeRows(nodes []treeNode, levels map[int]int, unitCell string) []frow {
	b := &treeBuilder{levels: levels, unitCell: unitCell}
	for i := range nodes {
		b.node(&nodes[i])
	}
	b.flush()
	return b.rows
}

func (b *treeBuilder) node(n *treeNode) {
	if n.depth == 0 {
		if b.pending != nil {
			b.pending.cells = append(b.pending.cells, fcell{text: n.text, line: n.line})
		}
		return
	}
	b.flush()
	switch b.levels[n.depth] {
	case treeUnit:
		b.unit = n
	case treeProject:
		b.project(n)
	default:
		b.pending = &frow{line: n.line, cells: []fcell{{text: n.text, line: n.line}}}
	}
}

// project starts a form: its unit and name, then its amount (the value
// line that follows) under 绩效金额.
func (b *treeBuilder) project(n *treeNode) {
	start := frow{line: n.line, starts: true}
	if b.forms > 0 && b.unitCell != "" {
		start.cells = append(start.cells, fcell{text: b.unitCell, line: n.line})
	}
	if b.unit != nil {
		start.cells = append(start.cells, fcell{text: "预算单位", line: n.line}, fcell{text: b.unit.text, line: b.unit.line})
	}
	start.cells = append(start.cells, fcell{text: "项目名称", line: n.line}, fcell{text: n.text, line: n.line})
	b.rows = append(b.rows, start)
	b.pending = &frow{line: n.line, cells: []fcell{{text: "绩效金额", line: n.line}}}
	b.header = true
	b.forms++
}

// flush emits the pending row, and after a project's money row the grid's
// header.
func (b *treeBuilder) flush() {
	if b.pending == nil {
		return
	}
	b.rows = append(b.rows, *b.pending)
	line := b.pending.line
	b.pending = nil
	if b.header {
		b.header = false
		h := frow{line: line}
		for _, c := range []string{"一级指标", "二级指标", "三级指标", "指标值"} {
			h.cells = append(h.cells, fcell{text: c, line: line})
		}
		b.rows = append(b.rows, h)
	}
}

// isMoneyUnitCell recognises a line that gives the money unit: "单位:元".
func isMoneyUnitCell(t string) bool {
	k := cellKey(t)
	return utf8.RuneCountInString(k) <= 8 && (k == "单位:元" || k == "单位:万元" || k == "金额单位:元" || k == "金额单位:万元")
}
