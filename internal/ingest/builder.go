package ingest

import (
	"fmt"
	"sort"
	"strings"

	"jixiao"
)

// builder assembles a Document from the rows a reader recognises: the 合计
// row, unit rows and project rows, in source order. Both readers use it, so
// that units, totals and findings come out the same whatever the layout.
type builder struct {
	doc        *jixiao.Document
	agencyLine int
	unit       string // the unit the next project belongs to
	hasUnit    bool
	indicators jixiao.IndicatorParser
}

// total records the 合计 row.
func (b *builder) total(line int, a jixiao.Amounts, bad []string, raw string) {
	if len(bad) > 0 {
		addFinding(b.doc, "parse.amount", jixiao.SeverityError, line,
			fmt.Sprintf("合计行的金额无法读取（%s），已保留原文：%s", strings.Join(bad, "、"), jixiao.CleanText(raw)))
		return
	}
	b.doc.Stated, b.doc.HasStated, b.doc.StatedLine = a, true, line
}

// unitRow opens a unit's group.
func (b *builder) unitRow(line int, name string, a jixiao.Amounts, bad []string, raw string) {
	u := jixiao.Unit{Name: name, Stated: a, HasStated: len(bad) == 0, Line: line}
	if len(bad) > 0 {
		u.Stated = jixiao.Amounts{}
		addFinding(b.doc, "parse.amount", jixiao.SeverityError, line,
			fmt.Sprintf("单位“%s”的小计金额无法读取（%s），已保留原文：%s", name, strings.Join(bad, "、"), jixiao.CleanText(raw)))
		b.doc.Findings[len(b.doc.Findings)-1].Unit = name
	}
	b.doc.Units = append(b.doc.Units, u)
	b.unit, b.hasUnit = name, true
}

// project appends a project row and returns its sequence number. A row
// whose amounts could not be read keeps its source line in Raw.
func (b *builder) project(p jixiao.Project, bad []string, raw string) int {
	if !b.hasUnit {
		// A unit's own table, or a department's without unit rows: the
		// projects belong to the agency.
		b.doc.Units = append(b.doc.Units, jixiao.Unit{Name: b.doc.Agency, Line: b.agencyLine})
		b.unit, b.hasUnit = b.doc.Agency, true
	}
	p.Unit = b.unit
	b.doc.Projects = append(b.doc.Projects, p)
	seq := len(b.doc.Projects)
	if p.Name == "" {
		addFinding(b.doc, "parse.name", jixiao.SeverityError, p.Line, "这一行有金额但没有项目名称，已按无名项目导入："+jixiao.CleanText(raw))
		b.doc.Findings[len(b.doc.Findings)-1].ProjectSeq = seq
	}
	if len(bad) > 0 {
		b.doc.Projects[seq-1].Raw = strings.TrimSpace(raw)
		addFinding(b.doc, "parse.amount", jixiao.SeverityError, p.Line,
			fmt.Sprintf("项目“%s”的金额无法读取（%s），已保留原文，请核对原表：%s", p.Name, strings.Join(bad, "、"), jixiao.CleanText(raw)))
		f := &b.doc.Findings[len(b.doc.Findings)-1]
		f.Unit, f.Project, f.ProjectSeq = p.Unit, p.Name, seq
	}
	return seq
}

// lineMap maps byte offsets of text joined from several source lines back
// to those lines.
type lineMap struct {
	offs  []int
	lines []int
}

func (m *lineMap) add(off, line int) {
	m.offs = append(m.offs, off)
	m.lines = append(m.lines, line)
}

// at returns the source line of byte offset off.
func (m *lineMap) at(off int) int {
	if len(m.offs) == 0 {
		return 0
	}
	return m.lines[m.index(off)]
}

// index returns which of the joined pieces holds byte offset off.
func (m *lineMap) index(off int) int {
	i := sort.Search(len(m.offs), func(i int) bool { return m.offs[i] > off }) - 1
	return max(i, 0)
}

// strayText reports source text that fits no cell, so that none is dropped
// silently.
func strayText(doc *jixiao.Document, line int, text string) {
	addFinding(doc, "parse.text", jixiao.SeverityWarning, line, "这段文字不属于表格的任何单元格，未导入："+strings.TrimSpace(text))
}
