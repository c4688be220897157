package gen

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"jixiao"
)

// Render writes doc in a layout: Markdown (like the 荔湾 sample: a header
// row repeated at every page break, a row per unit opening its group, empty
// cells for zero) or PDFText (like the 花都 sample: names wrapped and
// indented, amounts on the name's line or their own, goal and indicators
// wrapped with blank lines between, page headers repeated). It panics on an
// unknown layout, which is a programming error.
func Render(doc *jixiao.Document, layout string) []byte {
	switch layout {
	case Markdown:
		return renderMarkdown(doc)
	case PDFText:
		return renderPDFText(doc)
	}
	panic("gen: unknown layout " + strconv.Quote(layout))
}

// Indicators writes a project's indicators in the published string form
// "1、1-产出指标；11-数量指标；name；实施周期指标值:≥20人；年度指标值:≥20人。".
func Indicators(p jixiao.Project) string {
	var b strings.Builder
	for i, in := range p.Indicators {
		fmt.Fprintf(&b, "%d、%s-%s；%s-%s；%s；实施周期指标值:%s；年度指标值:%s。",
			i+1, in.Level1Code, in.Level1, in.Level2Code, in.Level2, in.Name, in.Period.Text, in.Annual.Text)
	}
	return b.String()
}

const mdHeader = "| 项目名称（资金使用单位） | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标 |\n|---|---|---|---|---|---|---|\n"

// rowsPerPage is how many rows a generated page holds before the header
// repeats.
const rowsPerPage = 8

func renderMarkdown(doc *jixiao.Document) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## %s\n\n部门名称：%s\n\n单位：%s\n\n", doc.Title, doc.Agency, doc.MoneyUnit)
	b.WriteString(mdHeader)
	rows := 0
	row := func(name string, a jixiao.Amounts, goal, inds string) {
		if rows > 0 && rows%rowsPerPage == 0 {
			b.WriteString("\n" + mdHeader)
		}
		rows++
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", name,
			cell(a.Total, doc.MoneyUnit), cell(a.Fiscal, doc.MoneyUnit),
			cell(a.SpecialAccount, doc.MoneyUnit), cell(a.Other, doc.MoneyUnit), goal, inds)
	}
	row("合计", doc.Stated, "", "")
	eachUnit(doc, func(u jixiao.Unit, ps []jixiao.Project) {
		row(u.Name, u.Stated, "", "")
		for _, p := range ps {
			row(p.Name, p.Amounts, p.Goal, Indicators(p))
		}
	})
	return b.Bytes()
}

// cell prints an amount as the markdown sample does: grouped, empty for 0.
func cell(m jixiao.Money, u jixiao.MoneyUnit) string {
	if m == 0 {
		return ""
	}
	return m.FormatGrouped(u)
}

// eachUnit calls f for each unit with its projects, in document order.
func eachUnit(doc *jixiao.Document, f func(jixiao.Unit, []jixiao.Project)) {
	i := 0
	for _, u := range doc.Units {
		j := i
		for j < len(doc.Projects) && doc.Projects[j].Unit == u.Name {
			j++
		}
		f(u, doc.Projects[i:j])
		i = j
	}
}

// Widths at which PDF text wraps its three text columns, in runes, as in
// the 花都 sample.
const (
	nameWidth      = 13
	goalWidth      = 24
	indicatorWidth = 33
	linesPerPage   = 60
)

type pdfWriter struct {
	b     bytes.Buffer
	doc   *jixiao.Document
	lines int
}

func renderPDFText(doc *jixiao.Document) []byte {
	w := &pdfWriter{doc: doc}
	w.pageHeader()
	w.line("合计 " + amountCols(doc.Stated, doc.MoneyUnit))
	w.line("")
	eachUnit(doc, func(u jixiao.Unit, ps []jixiao.Project) {
		w.line("    " + u.Name + " " + amountCols(u.Stated, doc.MoneyUnit))
		for _, p := range ps {
			w.project(p)
		}
	})
	return w.b.Bytes()
}

func (w *pdfWriter) pageHeader() {
	kind := "部门名称"
	if w.doc.AgencyKind == jixiao.AgencyUnit {
		kind = "单位名称"
	}
	fmt.Fprintf(&w.b, "\n%s\n\n%s：%s 单位：%s\n\n项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n\n",
		w.doc.Title, kind, w.doc.Agency, w.doc.MoneyUnit)
}

// line writes one line, starting a new page (with its header) now and then,
// in the middle of a row as real PDFs do.
func (w *pdfWriter) line(s string) {
	if w.lines > 0 && w.lines%linesPerPage == 0 {
		w.b.WriteString("\n\n")
		w.pageHeader()
	}
	w.lines++
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

func (w *pdfWriter) project(p jixiao.Project) {
	name := wrap(p.Name, nameWidth)
	money := amountCols(p.Amounts, w.doc.MoneyUnit)
	for i, l := range name {
		if i == 0 {
			l = "    " + l
		}
		if i == len(name)-1 && len(name) == 1 {
			l += " " + money // short names carry their amounts
		}
		w.line(l)
		if i < len(name)-1 {
			w.line("")
		}
	}
	if len(name) > 1 {
		w.line(money)
	}
	w.line("")
	w.paragraph(p.Goal, goalWidth)
	w.paragraph(Indicators(p), indicatorWidth)
}

// paragraph writes text wrapped at width with a blank line after each line.
func (w *pdfWriter) paragraph(s string, width int) {
	for _, l := range wrap(s, width) {
		w.line(l)
		w.line("")
	}
}

func amountCols(a jixiao.Amounts, u jixiao.MoneyUnit) string {
	return a.Total.FormatGrouped(u) + " " + a.Fiscal.FormatGrouped(u) + " " +
		a.SpecialAccount.FormatGrouped(u) + " " + a.Other.FormatGrouped(u)
}

// wrap cuts s into lines of width runes, at any character, as PDF text
// extraction does.
func wrap(s string, width int) []string {
	r := []rune(s)
	var out []string
	for len(r) > width {
		out = append(out, string(r[:width]))
		r = r[width:]
	}
	if len(r) > 0 || len(out) == 0 {
		out = append(out, string(r))
	}
	return out
}
