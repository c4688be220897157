package ingest

import (
	"errors"
	"fmt"
	"strings"

	"jixiao"
	"jixiao/internal/pdf"
)

// LayoutPDF is a PDF read from its glyph positions (see pdfgrid.go).
const LayoutPDF = jixiao.LayoutPDF

// maxPDFPages and maxPDFGlyphs bound what one import reads: a province's
// table of 200 pages has about 600,000 characters.
const (
	maxPDFPages  = 2000
	maxPDFGlyphs = 1_500_000
)

// cellLine is one line of a table cell.
type cellLine struct {
	n    int // page*pdfLineBase + line on the page
	text string
}

// tableRow is one row of the table: its cells' lines, in reading order. A
// row broken by a page break holds both parts.
type tableRow struct {
	cells [pcols][]cellLine
}

// first returns the row's first line number.
func (r *tableRow) first() int {
	n := 0
	for _, c := range r.cells {
		if len(c) > 0 && (n == 0 || c[0].n < n) {
			n = c[0].n
		}
	}
	return n
}

// text joins a cell's lines as the table wrapped them: with no space, as
// wrapping in these tables cuts Chinese text and numbers at any character.
func (r *tableRow) text(c int) (string, lineMap) {
	ls := make([]srcLine, len(r.cells[c]))
	for i, l := range r.cells[c] {
		ls[i] = srcLine{n: l.n, text: l.text}
	}
	return joinLines(ls)
}

func (r *tableRow) cellText(c int) string {
	s, _ := r.text(c)
	return jixiao.CleanText(s)
}

// raw is the row's text for messages: its cells, " | " between them.
func (r *tableRow) raw() string {
	parts := make([]string, 0, pcols)
	for c := range pcols {
		parts = append(parts, r.cellText(c))
	}
	return strings.TrimRight(strings.Join(parts, " | "), " |")
}

func (r *tableRow) appendRow(o *tableRow) {
	for c := range pcols {
		r.cells[c] = append(r.cells[c], o.cells[c]...)
	}
}

// pdfTable collects the rows of the target table over its pages.
type pdfTable struct {
	doc     *jixiao.Document
	h       *heading
	rows    []tableRow
	pages   []int       // the table's pages
	found   []tablePage // the same, with their lines and grids
	lines   []cellLine  // every page's lines, for reading the PDF as text
	pending []visualLine

	// formLines are the same lines with unruled pages in rows, for the
	// form reader (pdfbands.go).
	formLines []cellLine
	// doubts counts the rows of unruled pages whose bounds the reading is
	// unsure of, and doubtPages where they are.
	doubts     int
	doubtPages []int
}

// tablePage is a page of the table, read once and assembled into rows in
// as many ways as rowModes says.
type tablePage struct {
	lines []visualLine
	g     *pageGrid
}

// rowMode says where a row's 总计 (its anchor) stands in the row on a page
// without rules, which nothing on the page states: cells centred (Writer,
// Chromium's default), at the top (Word's default) or at the bottom
// (Excel's). Each is tried, and the reading with the fewest findings wins.
type rowMode int

const (
	rowsByGap      rowMode = iota // centred: a row ends at the widest gap between two anchors
	rowsFromAnchor                // at the top: a row starts at its anchor
	rowsToAnchor                  // at the bottom: a row ends at its anchor
)

// parsePDF reads a PDF's target table from the positions of its glyphs.
func parsePDF(name string, data []byte) (*jixiao.Document, error) {
	d, err := pdf.Open(data)
	switch {
	case errors.Is(err, pdf.ErrEncrypted):
		return nil, inputErr(name, 0, "PDF 文件设有打开密码，jixiao 无法读取；请向发布单位索取不加密的文件，或在阅读器中输入密码后另存为不加密的 PDF 再导入")
	case err != nil:
		return nil, inputErr(name, 0, "PDF 文件已损坏或不是有效的 PDF（"+strings.TrimPrefix(err.Error(), "pdf: ")+"）；请重新下载原文件，或导入 xlsx 版本")
	}
	if d.Pages() > maxPDFPages {
		return nil, inputErr(name, 0, fmt.Sprintf("PDF 共 %d 页，超过一次导入的上限 %d 页；请只保留项目支出绩效目标表所在的页后再导入", d.Pages(), maxPDFPages))
	}
	t := &pdfTable{doc: &jixiao.Document{Layout: LayoutPDF}, h: newHeading()}
	stats, err := t.readPages(name, d)
	if err != nil {
		return nil, err
	}
	if len(t.pages) == 0 {
		if stats.glyphs == 0 || stats.unmapped*2 > stats.glyphs {
			return nil, noTableErr(name, d.Pages(), stats)
		}
		return t.readAsText(name, data)
	}
	t.doc = t.bestReading(d.Pages(), stats)
	stamp(t.doc, name, data, t.allText())
	if errs := errorCount(t.doc); errs > 0 {
		// A table printed as running text (no columns) also has a header
		// line; read that way, it may add up where the columns did not.
		if alt, err := t.readAsText(name, data); err == nil && betterAsText(alt, t.doc) {
			return alt, nil
		}
	}
	return t.doc, nil
}

// bestReading assembles the rows in each mode the pages need (one for
// ruled pages) and keeps the document with the fewest findings.
func (t *pdfTable) bestReading(pages int, stats pageStats) *jixiao.Document {
	modes := []rowMode{rowsByGap}
	for _, tp := range t.found {
		if !tp.g.ruled {
			modes = append(modes, rowsFromAnchor, rowsToAnchor)
			break
		}
	}
	var best *jixiao.Document
	var bestRows []tableRow
	bestScore := 0
	for _, m := range modes {
		t.assemble(m)
		t.build()
		t.notePages(pages)
		t.noteUnmapped(stats)
		reconcile(t.doc)
		t.noteDoubts()
		if score := findingCount(t.doc); best == nil || score < bestScore {
			best, bestRows, bestScore = t.doc, t.rows, score
		}
	}
	t.rows = bestRows
	return best
}

// noteDoubts says so when rows of unruled pages could not be told apart
// with confidence: amounts are anchored and checked, but goal and
// indicator text may have gone to the row above or below.
func (t *pdfTable) noteDoubts() {
	if t.doubts == 0 {
		return
	}
	addFinding(t.doc, "parse.structure", jixiao.SeverityError, 0,
		fmt.Sprintf("PDF 第 %s 页的表格没有框线，有 %d 行的上下分界无法确定（各列文字的对齐方式不一致），绩效目标或绩效指标的文字可能错到了相邻的行；请对照原表核对，或导入 xlsx 版本",
			pageRanges(uniquePages(t.doubtPages)), t.doubts))
}

func uniquePages(ps []int) []int {
	var out []int
	for _, p := range ps {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	return out
}

// assemble reads the table's pages into rows afresh.
func (t *pdfTable) assemble(m rowMode) {
	t.doc, t.h, t.rows, t.pending = &jixiao.Document{Layout: LayoutPDF}, newHeading(), nil, nil
	t.doubts, t.doubtPages = 0, nil
	for i := range t.found {
		t.readPage(&t.found[i], i == 0, m)
	}
	for i := range t.pending {
		strayText(t.doc, t.pending[i].n, t.pending[i].Text())
	}
}

func findingCount(doc *jixiao.Document) int {
	n := 0
	for _, f := range doc.Findings {
		if f.Severity != jixiao.SeverityInfo {
			n++
		}
	}
	return n
}

// pageStats counts what the pages hold, for the messages about a PDF
// that gives no table.
type pageStats struct {
	glyphs, unmapped, scanned int
	unmappedPages             []int
	truncated                 []int
	rotated                   []int // pages with text not set left to right
}

func (t *pdfTable) readPages(name string, d *pdf.Doc) (pageStats, error) {
	t.lines, t.formLines = t.lines[:0], t.formLines[:0]
	var st pageStats
	var g *pageGrid
	for n := 1; n <= d.Pages(); n++ {
		p, err := d.Page(n)
		if err != nil {
			return st, inputErr(name, 0, fmt.Sprintf("PDF 第 %d 页无法读取（%s）；请重新下载原文件，或导入 xlsx 版本", n, strings.TrimPrefix(err.Error(), "pdf: ")))
		}
		st.add(p)
		if st.glyphs > maxPDFGlyphs {
			return st, inputErr(name, 0, fmt.Sprintf("PDF 到第 %d 页已有 %d 个字符，超过一次导入的上限 %d；请只保留项目支出绩效目标表所在的页后再导入", n, st.glyphs, maxPDFGlyphs))
		}
		lines := pageLines(p)
		text := textLines(p, lines)
		t.lines = append(t.lines, text...)
		t.formLines = append(t.formLines, formLines(p, lines, text)...)
		if pg, ok := findGrid(p, lines); ok {
			g = pg
		} else if g == nil || !continuesTable(p, lines, g) {
			g = nil
			continue
		} else {
			g = g.inherit(p)
		}
		if p.Unmapped > 0 {
			st.unmappedPages = append(st.unmappedPages, n)
		}
		t.pages = append(t.pages, n)
		t.found = append(t.found, tablePage{lines: lines, g: g})
	}
	return st, nil
}

func (st *pageStats) add(p *pdf.Page) {
	st.glyphs += len(p.Glyphs)
	st.unmapped += p.Unmapped
	if len(p.Glyphs) == 0 && p.ImageArea > 0.5*p.Width*p.Height {
		st.scanned++
	}
	if p.Truncated {
		st.truncated = append(st.truncated, p.Number)
	}
	if p.Rotated > 0 {
		st.rotated = append(st.rotated, p.Number)
	}
}

// noTableErr explains why a PDF gave no target table.
func noTableErr(name string, pages int, st pageStats) error {
	switch {
	case st.glyphs == 0 && st.scanned > 0:
		return inputErr(name, 0, fmt.Sprintf("这个 PDF 是扫描件（%d 页都是图片，没有文字层），jixiao 无法从图片读取表格；请使用可以复制文字的 PDF，或导入 xlsx 版本", pages))
	case st.glyphs == 0:
		return inputErr(name, 0, "PDF 中没有可读取的文字；请使用可以复制文字的 PDF，或导入 xlsx 版本")
	case st.unmapped*2 > st.glyphs:
		return inputErr(name, 0, fmt.Sprintf("PDF 的字体没有提供文字对应关系（ToUnicode），%d 个字符中有 %d 个无法识别为汉字；请使用可以复制文字的 PDF，或导入 xlsx 版本", st.glyphs, st.unmapped))
	}
	return inputErr(name, 0, fmt.Sprintf("PDF 共 %d 页，没有一页有项目支出绩效目标表的表头（项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标）；请确认文件内容，或导入 xlsx/Markdown 版本", pages))
}

// continuesTable reports whether a page without a header row carries on
// the table of the page before: it holds amounts in the 总计 column and
// no other table's header.
func continuesTable(p *pdf.Page, lines []visualLine, g *pageGrid) bool {
	for i := range lines {
		if otherHeader(&lines[i], g) {
			return false
		}
	}
	for i := range lines {
		if _, ok := amountIn(&lines[i], g.cols[pcolTotal]); ok {
			return true
		}
	}
	return false
}

// otherHeader reports whether a line names a 总计 column outside the text
// columns: another table's header. "总计划" in a goal is not one.
func otherHeader(l *visualLine, g *pageGrid) bool {
	for i := 0; i+1 < len(l.Glyphs); i++ {
		if l.Glyphs[i].Text != "总" || l.Glyphs[i+1].Text != "计" {
			continue
		}
		x := (l.Glyphs[i].X0 + l.Glyphs[i+1].X1) / 2
		if !(g.has[pcolGoal] && g.cols[pcolGoal].holds(x)) && !(g.has[pcolIndicators] && g.cols[pcolIndicators].holds(x)) {
			return true
		}
	}
	return false
}

// inherit returns the grid of a continuation page: the columns of the
// page before, rows from this page's rules.
func (g *pageGrid) inherit(p *pdf.Page) *pageGrid {
	n := &pageGrid{headerFirst: -1, headerLast: -1, cols: g.cols, has: g.has, ruled: g.ruled}
	if g.ruled {
		n.rowEdges = horizontalsBelow(p.Rules, 0, g.cols[pcolName].lo, g.tableRight())
		// A row the page break cut starts at the top of the table's
		// vertical rules, with no horizontal rule above it.
		if top, ok := verticalsTop(p.Rules); ok && len(n.rowEdges) > 0 && top < n.rowEdges[0]-1 {
			n.rowEdges = append([]float64{top}, n.rowEdges...)
		}
	}
	return n
}

// verticalsTop returns where the page's vertical rules start.
func verticalsTop(rules []pdf.Rule) (float64, bool) {
	top, ok := 0.0, false
	for _, r := range rules {
		if !r.Horizontal() && (!ok || r.Y0 < top) {
			top, ok = r.Y0, true
		}
	}
	return top, ok
}

// amountIn returns the text of a line's glyphs in a column when it reads
// as an amount.
func amountIn(l *visualLine, b band) (string, bool) {
	s := jixiao.CleanText(pdf.JoinGlyphs(glyphsIn(l.Glyphs, b)))
	if s == "" || !endsLikeNumber(s) {
		return "", false
	}
	_, err := jixiao.ParseMoney(s, jixiao.WanYuan)
	return s, err == nil
}

// readPage adds a page's rows; the lines above the header are the heading
// (first page) or furniture.
func (t *pdfTable) readPage(tp *tablePage, first bool, m rowMode) {
	lines, g := tp.lines, tp.g
	for i := 0; i < g.headerFirst; i++ {
		t.aboveHeader(&lines[i], first)
	}
	if first {
		t.h.apply(t.doc)
	}
	body := lines[g.headerLast+1:]
	var rows []tableRow
	var after []visualLine
	if g.ruled {
		rows, after = ruledRows(body, g)
	} else {
		rows, after = t.unruledRows(body, g, m)
	}
	t.addRows(rows)
	for i := range after {
		if s := after[i].Text(); !isPageNumber(s) && !t.h.isFurniture(s) {
			strayText(t.doc, after[i].n, s)
		}
	}
}

func (t *pdfTable) aboveHeader(l *visualLine, first bool) {
	s := l.Text()
	switch {
	case isPageNumber(s), t.h.isFurniture(s):
	case first && t.h.take(s, l.n):
	default:
		strayText(t.doc, l.n, s)
	}
}

// addRows appends a page's rows; a first row without amounts is the rest
// of the row the page before broke off (as is any row without amounts on
// a ruled page: a line drawn inside a cell).
func (t *pdfTable) addRows(rows []tableRow) {
	for i := range rows {
		r := &rows[i]
		if len(r.cells[pcolTotal]) == 0 && len(t.rows) > 0 {
			t.rows[len(t.rows)-1].appendRow(r)
			continue
		}
		t.rows = append(t.rows, *r)
	}
}

// place puts a line's glyphs into a row's cells, column by column.
func place(r *tableRow, l *visualLine, g *pageGrid) {
	for c := range pcols {
		if !g.has[c] {
			continue
		}
		if gs := glyphsIn(l.Glyphs, g.cols[c]); len(gs) > 0 {
			r.cells[c] = append(r.cells[c], cellLine{n: l.n, text: pdf.JoinGlyphs(gs)})
		}
	}
}

// build turns the rows into the document through the shared builder.
func (t *pdfTable) build() {
	b := &builder{doc: t.doc, agencyLine: t.h.agencyLine}
	for i := range t.rows {
		r := &t.rows[i]
		name := r.cellText(pcolName)
		var cells [amountCols]string
		for k, c := range []int{pcolTotal, pcolFiscal, pcolSpecial, pcolOther} {
			cells[k] = strings.ReplaceAll(r.cellText(c), " ", "")
		}
		a, bad := parseAmounts(cells, t.doc.MoneyUnit)
		line := r.first()
		switch {
		case isTotalName(name):
			b.total(line, a, bad, r.raw())
		case len(r.cells[pcolGoal]) == 0 && len(r.cells[pcolIndicators]) == 0 && t.doc.AgencyKind == jixiao.AgencyDepartment:
			b.unitRow(line, name, a, bad, r.raw())
		default:
			t.project(b, r, name, a, bad, line)
		}
	}
}

func (t *pdfTable) project(b *builder, r *tableRow, name string, a jixiao.Amounts, bad []string, line int) {
	seq := b.project(jixiao.Project{Name: name, Amounts: a, Goal: r.cellText(pcolGoal), Line: line}, bad, r.raw())
	text, at := r.text(pcolIndicators)
	if strings.TrimSpace(text) == "" {
		return
	}
	p := &t.doc.Projects[seq-1]
	if st := jixiao.IndicatorsStart(text); st > 0 {
		// Text before the first "1、" belongs to no indicator: most likely
		// the end of the row before, misplaced by the reading.
		addFinding(t.doc, "parse.text", jixiao.SeverityError, at.at(0),
			fmt.Sprintf("项目“%s”的绩效指标单元格在第一个指标“1、”之前还有文字，可能是上一行或上一页的内容错入本行，未导入：%s", name, jixiao.CleanText(text[:st])))
		f := &t.doc.Findings[len(t.doc.Findings)-1]
		f.Unit, f.Project, f.ProjectSeq = p.Unit, p.Name, seq
		text = text[st:]
		off := st
		readIndicators(b, p, seq, text, func(o int) int { return at.at(off + o) })
		return
	}
	readIndicators(b, p, seq, text, at.at)
}

// notePages says which pages held the table when the PDF has others.
func (t *pdfTable) notePages(total int) {
	if len(t.pages) == total {
		return
	}
	if first, last := t.pages[0], t.pages[len(t.pages)-1]; last-first+1 != len(t.pages) {
		addFinding(t.doc, "parse.pages", jixiao.SeverityWarning, 0,
			fmt.Sprintf("PDF 第 %d–%d 页之间有页没有读取（读取了第 %s 页）：这些页不像项目支出绩效目标表的续页；请核对是否漏读", first, last, pageRanges(t.pages)))
		return
	}
	addFinding(t.doc, "parse.pages", jixiao.SeverityInfo, 0,
		fmt.Sprintf("PDF 共 %d 页，项目支出绩效目标表在第 %s 页，只读取了这些页；其余页是其他表格或说明", total, pageRanges(t.pages)))
}

func (t *pdfTable) noteUnmapped(st pageStats) {
	if len(st.unmappedPages) > 0 {
		addFinding(t.doc, "parse.encoding", jixiao.SeverityError, 0,
			fmt.Sprintf("PDF 第 %s 页有字符无法识别（字体没有提供文字对应关系），已显示为“\uFFFD”；请核对原表，或导入可复制文字的 PDF、xlsx 版本", pageRanges(st.unmappedPages)))
	}
	if len(st.rotated) > 0 {
		addFinding(t.doc, "parse.text", jixiao.SeverityWarning, 0,
			fmt.Sprintf("PDF 第 %s 页有竖排或旋转的文字（如印章、侧注），未导入；请核对其中是否有表格内容", pageRanges(st.rotated)))
	}
	if len(st.truncated) > 0 {
		addFinding(t.doc, "parse.structure", jixiao.SeverityError, 0,
			fmt.Sprintf("PDF 第 %s 页内容过于复杂，超出读取上限，只读取了一部分；请核对原表", pageRanges(st.truncated)))
	}
}

// pageRanges writes page numbers as "3–5、8".
func pageRanges(ps []int) string {
	var parts []string
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", ps[i], ps[j]))
		} else {
			parts = append(parts, fmt.Sprint(ps[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, "、")
}

// allText is the table's text, where a year may be mentioned.
func (t *pdfTable) allText() string {
	var b strings.Builder
	for i := range t.rows {
		b.WriteString(t.rows[i].raw())
		b.WriteByte('\n')
	}
	return b.String()
}

// betterAsText reports whether the PDF read as running text is the better
// reading of a table whose columns gave errors: it must have every project
// the columns found, the 合计 if they found one, and fewer errors after the
// same reconciliation; fewer errors alone could be a table glued into one row.
func betterAsText(alt, doc *jixiao.Document) bool {
	return errorCount(alt) < errorCount(doc) && len(alt.Projects) >= len(doc.Projects) &&
		(alt.HasStated || !doc.HasStated) && alt.Layout == LayoutPDF
}

// readAsText reads the PDF's lines as a text file (the text-flow and
// markdown readers), then numbers what it found by page and line again.
func (t *pdfTable) readAsText(name string, data []byte) (*jixiao.Document, error) {
	lines, text := t.lines, joinCellLines(t.lines)
	if readsAsForm(text) {
		if form := joinCellLines(t.formLines); readsAsForm(form) {
			lines, text = t.formLines, form
		}
	}
	doc, err := parseText(name, data, text, nil)
	if err != nil {
		var ie *jixiao.InputError
		if errors.As(err, &ie) && ie.Line > 0 && ie.Line <= len(lines) {
			n := lines[ie.Line-1].n
			ie.Page, ie.Line = n/pdfLineBase, n%pdfLineBase
		}
		return nil, err
	}
	renumberLines(doc, func(n int) int {
		if n > 0 && n <= len(lines) {
			return lines[n-1].n
		}
		return n
	})
	doc.Layout = LayoutPDF
	reconcile(doc)
	return doc, nil
}

// renumberLines maps every line number a document holds.
func renumberLines(doc *jixiao.Document, at func(int) int) {
	doc.StatedLine = at(doc.StatedLine)
	for i := range doc.Units {
		doc.Units[i].Line = at(doc.Units[i].Line)
	}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		p.Line = at(p.Line)
		for j := range p.Indicators {
			p.Indicators[j].Line = at(p.Indicators[j].Line)
		}
	}
	for i := range doc.Findings {
		f := &doc.Findings[i]
		old := f.Line
		f.Line = at(old)
		if prefix := jixiao.LineLabel(doc.Layout, old) + "："; old > 0 && strings.HasPrefix(f.Message, prefix) {
			f.Message = jixiao.LineLabel(LayoutPDF, f.Line) + "：" + strings.TrimPrefix(f.Message, prefix)
		}
	}
}

func errorCount(doc *jixiao.Document) int {
	n := 0
	for _, f := range doc.Findings {
		if f.Severity == jixiao.SeverityError {
			n++
		}
	}
	return n
}

// layoutText writes a line for the text readers: " | " where a vertical
// rule parts two glyphs (the cells of a ruled table, as a pipe flattening
// writes them), two spaces where the gap is a character wide or more (the
// next cell of an unruled one), one between words.
func layoutText(gs []pdf.Glyph, rules []float64) string {
	var b strings.Builder
	for i, g := range gs {
		if i > 0 {
			prev := gs[i-1]
			switch gap := g.X0 - prev.X1; {
			case ruleBetween(rules, prev.X1-0.5, g.X0+0.5):
				b.WriteString(" | ")
			case gap > 0.9*g.Size:
				b.WriteString("  ")
			case gap > g.Size/3:
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.Text)
	}
	return b.String()
}

func ruleBetween(xs []float64, lo, hi float64) bool {
	for _, x := range xs {
		if x > lo && x < hi {
			return true
		}
	}
	return false
}
