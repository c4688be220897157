package ingest

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"jixiao"
)

// LayoutForm names documents read from one-project forms (项目支出绩效目标表,
// 申报表, 批复表, 转移支付区域绩效目标表), one project per form.
const LayoutForm = "form"

// The sets of labels the form reader looks for.
var (
	kvLabels       = newOCRLabelSet(mapKeys(fieldKeys)...)
	gridLabels     = newLabelSet(append(mapKeys(gridKeys), gridSectionKeys()...)...)
	categoryLabels = newLabelSet(mapKeys(categoryKeys)...)
)

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func gridSectionKeys() []string {
	var out []string
	for k, f := range fieldKeys {
		if f == fieldGrid {
			out = append(out, k)
		}
	}
	return append(out, "绩效项目指标表", "绩效指标表")
}

// formPhase is where the reader is within a form.
type formPhase int

const (
	phaseSeek    formPhase = iota // before a form's title or 项目名称
	phaseBlock                    // the key-value block
	phaseGrid                     // the indicator grid
	phaseOver                     // after the form's end (审核意见, page furniture)
	phaseRefused                  // inside a form of a kind not read, until the next title
)

// formReader reads a text holding one or more forms into one document.
type formReader struct {
	doc     *jixiao.Document
	ind     jixiao.IndicatorParser
	phase   formPhase
	cur     *form
	title   string // the last title seen before the current form's content
	refused []refusal
	preview bool // a document-sharing site's preview: the text stops early
	units   map[string]bool
	next    *frow // the row after the one being read, to look ahead one cell
	// closedBySatisfaction: the text ends in or after the grid's 满意度
	// rows (see reachedSatisfaction).
	closedBySatisfaction bool
	list                 listState // inside a list of projects (formlist.go)
}

// refusal is a form recognised and not read.
type refusal struct {
	name, title string
	line        int
}

// isFormText reports whether the text holds a one-project form, or a form
// the reader recognises in order to refuse it: a grid header word or a
// form title. It is cheap: most texts are rejected by the first test.
func isFormText(text string) bool {
	if !strings.Contains(text, "指") && !strings.Contains(text, "表") {
		return false
	}
	squeezed := strings.Join(strings.Fields(text), "")
	if strings.Contains(squeezed, "一级指标") || strings.Contains(squeezed, "三级指标") || strings.Contains(squeezed, "一级二级三级") ||
		strings.Contains(squeezed, treeHeaderKey) {
		return true
	}
	for _, r := range refusedForms {
		if strings.Contains(squeezed, r.word) {
			return true
		}
	}
	return false
}

// readForms reads every form of the text. A text whose forms are all of a
// kind not read (部门整体支出绩效目标表, 绩效自评表) is refused by name.
func readForms(name string, lines []string) (*jixiao.Document, error) {
	r := &formReader{doc: &jixiao.Document{Layout: LayoutForm, MoneyUnit: jixiao.WanYuan}, units: map[string]bool{}}
	rows := formRows(lines)
	for i := range rows {
		r.next = nil
		if i+1 < len(rows) {
			r.next = &rows[i+1]
		}
		r.row(rows[i], i == len(rows)-1)
	}
	r.finish(true)
	if len(r.doc.Projects) == 0 {
		return nil, r.refuse(name, lines)
	}
	r.heading()
	return r.doc, nil
}

// refuse explains why no project could be read: the form is of a kind not
// read, named by its title or, failing one, by the words of its body.
func (r *formReader) refuse(name string, lines []string) error {
	if len(r.refused) > 0 {
		f := r.refused[0]
		return inputErr(name, f.line, fmt.Sprintf("这是%s（“%s”），%s", f.name, f.title, readsMsg))
	}
	for _, rf := range refusedForms {
		for i, l := range lines {
			if strings.Contains(cellKey(l), rf.word) {
				return inputErr(name, i+1, fmt.Sprintf("这是%s（文中写有“%s”），%s", rf.name, rf.word, readsMsg))
			}
		}
	}
	return inputErr(name, 0, notPlacedMsg)
}

// readsMsg says what jixiao reads, for refusals.
const readsMsg = "jixiao 目前读取项目支出绩效目标表与申报表（每个项目一张，含批复表、转移支付区域绩效目标表）和项目支出绩效目标汇总表；请导入这些表"

// notPlacedMsg is what a text none of the readers can place is told.
const notPlacedMsg = "认不出这是哪种表：没有找到汇总表的表头（项目名称 总计 财政拨款 … 绩效目标 绩效指标），也没有找到单个项目绩效目标表的“项目名称”和“一级指标 二级指标 三级指标 指标值”；" +
	"jixiao 读取项目支出绩效目标表（汇总表，或每个项目一张的目标表、申报表、批复表、转移支付区域绩效目标表），请确认文件内容"

// row handles one row of the text; last is the final row, which may be
// cut if the text stops inside a form.
func (r *formReader) row(row frow, last bool) {
	if row.starts {
		r.startForm(row.line)
	}
	if r.titleRow(row) {
		return
	}
	if r.truncationRow(row) || r.phase != phaseGrid && r.yearRow(row) {
		return
	}
	if k := r.closingCell(row); k >= 0 {
		// The cells before the closing part belong to the form: a
		// flattening may run the last row and the furniture together.
		if k > 0 {
			row.cells = row.cells[:k]
			r.row(row, false)
		}
		r.endForm()
		return
	}
	if last && r.phase == phaseOver && row.open && cutEndLabel(row) {
		r.cutInClosing(row)
		return
	}
	if last && r.phase == phaseGrid && r.reachedSatisfaction(row) {
		r.closedBySatisfaction = true
	}
	if last && r.phase != phaseOver && r.phase != phaseSeek && row.open && (row.pipe || !r.closedBySatisfaction) {
		row = r.cutLastCell(row)
		if len(row.cells) == 0 {
			return
		}
	}
	if r.listRow(row) || r.wideRow(row) {
		return
	}
	switch r.phase {
	case phaseSeek, phaseOver:
		if r.startsProject(row) {
			r.begin(row.line)
			r.blockRow(row)
		}
	case phaseBlock:
		r.blockRow(row)
	case phaseGrid:
		r.gridRow(row)
	}
}

// titleRow takes a row that is a form's title: it starts a new form when
// the current one has content, or names the one about to start.
//
// The title may follow other cells on its row, where a pipe flattening
// ran the page's furniture into it ("公文时效 |" / "绩效目标申报表 | |||"):
// those are read first, as a row of their own.
func (r *formReader) titleRow(row frow) bool {
	k := slices.IndexFunc(row.cells, isTitleCell)
	if k < 0 || k > 0 && (r.phase == phaseBlock || r.phase == phaseGrid) {
		return false // inside a form, only a row's first cell is taken for a title
	}
	if k > 0 {
		r.row(frow{cells: row.cells[:k], line: row.line, pipe: row.pipe}, false)
		row.cells = row.cells[k:]
	}
	t := row.cells[0].text
	_, refused := formTitle(cellKey(t))
	if r.cur != nil && r.cur.hasContent() {
		r.finish(false)
	}
	if refused != "" {
		r.refused = append(r.refused, refusal{refused, jixiao.CleanText(t), row.line})
		r.phase, r.title = phaseRefused, ""
		return true
	}
	r.title = jixiao.CleanText(t)
	r.takeYear(r.title)
	r.begin(row.line)
	r.cur.title = r.title
	if len(row.cells) > 1 {
		row.cells = row.cells[1:]
		r.blockRow(row)
	}
	return true
}

// isTitleCell reports a cell that is a form's title, read or refused.
func isTitleCell(c fcell) bool {
	if len(c.text) > maxTitleRunes*3 {
		return false
	}
	ok, refused := formTitle(cellKey(c.text))
	return ok || refused != ""
}

// takeYear takes the budget year from a title or a "(2022年度)" line.
func (r *formReader) takeYear(s string) {
	if y := yearInText(s); y != 0 && r.doc.Year == 0 {
		r.doc.Year = y
	}
}

// yearRow takes a row that only gives the year: "(2022年度)", "( 2019 年度)".
func (r *formReader) yearRow(row frow) bool {
	return len(row.cells) == 1 && r.yearCell(row.cells[0].text)
}

// yearCell takes a cell that only gives the year.
func (r *formReader) yearCell(s string) bool {
	k := strings.Trim(cellKey(s), "()")
	if y := yearInText(k); y != 0 && (k == fmt.Sprintf("%d年度", y) || k == fmt.Sprintf("%d年", y)) {
		r.takeYear(k)
		return true
	}
	return false
}

// closingCell finds the cell where the form's closing part starts (审核意见,
// 填表人, or the page furniture after the grid), or -1. In the block only
// the closing labels count, as its heading prints 盖章 too.
func (r *formReader) closingCell(row frow) int {
	if r.phase != phaseGrid && r.phase != phaseBlock {
		return -1
	}
	for k, c := range row.cells {
		if endsForm(c) && (r.cur == nil || r.cur.headed()) || r.phase == phaseGrid && isFurniture(cellKey(c.text)) {
			return k
		}
	}
	return -1
}

// truncationRow recognises a sharing site's "还剩1页未读" and the like.
func (r *formReader) truncationRow(row frow) bool {
	for _, c := range row.cells {
		if len(c.text) < 90 && containsAny(c.text, truncationWords) {
			if r.cur != nil && r.cur.hasContent() {
				r.cur.cutAt = c.line
				r.finish(false)
				r.phase = phaseOver
			} else {
				r.preview = true
			}
			return true
		}
	}
	return false
}

// cutLastCell drops the last cell of the final row of a text that stops
// inside a form: it may be cut off mid-way, and a cut value is a wrong one.
//
// A cell whose text ends in the start of a label ("174.78万元中央补", where
// 中央补助安排 was cut) keeps what comes before it: a label followed it, so
// that much is whole.
func (r *formReader) cutLastCell(row frow) frow {
	c := row.cells[len(row.cells)-1]
	r.ensureForm(row.line)
	r.cur.cutAt, r.cur.cutText = c.line, c.text
	row.cells = row.cells[:len(row.cells)-1]
	if r.phase == phaseBlock {
		if k := cutLabelStart(c.text); k > 0 {
			r.cur.cutText = c.text[k:]
			row.cells = append(row.cells, fcell{text: c.text[:k], line: c.line})
		}
	}
	return row
}

// minCutLabelRunes is how much of a cut label cutLabelStart needs to see.
const minCutLabelRunes = 3

// cutLabelStart returns where a text ends in the start of a label of the
// block (three runes at least, after some text), or -1.
func cutLabelStart(text string) int {
	for k := range text {
		tail := cellKey(text[k:])
		n := utf8.RuneCountInString(tail)
		if k == 0 || n < minCutLabelRunes || strings.TrimSpace(text[:k]) == "" {
			continue
		}
		for label := range fieldKeys {
			if len(label) > len(tail) && strings.HasPrefix(label, tail) {
				return k
			}
		}
	}
	return -1
}

// reachedSatisfaction reports a grid that has reached its last block,
// 满意度, when the text ends: the forms end there, so the text ending is no
// sign of a cut (a cut last cell of a pipe row still is).
func (r *formReader) reachedSatisfaction(row frow) bool {
	if r.cur == nil || r.cur.grid == nil {
		return false
	}
	for _, gr := range append(r.cur.grid.rows, row) {
		for _, c := range gr.cells {
			if strings.Contains(cellKey(c.text), "满意度指标") {
				return true
			}
		}
	}
	return false
}

// cutEndLabel reports a last cell that is the start of a closing label
// ("主管" of 主管部门审核意见): the text stops in the form's closing part.
func cutEndLabel(row frow) bool {
	k := cellKey(row.cells[len(row.cells)-1].text)
	if k == "" {
		return false
	}
	for label, f := range fieldKeys {
		if f == fieldEnd && len(label) > len(k) && strings.HasPrefix(label, k) {
			return true
		}
	}
	return false
}

// cutInClosing reports the last form as cut off in its closing part: its
// indicator rows are whole, what follows them is not.
func (r *formReader) cutInClosing(row frow) {
	d := r.doc
	if len(d.Projects) == 0 {
		return
	}
	p := &d.Projects[len(d.Projects)-1]
	c := row.cells[len(row.cells)-1]
	addFinding(d, "parse.truncated", jixiao.SeverityWarning, c.line,
		fmt.Sprintf("项目“%s”的表在审核意见等结尾部分中断（最后一格“%s”不完整）：%d 个指标行完整，其后内容缺失", p.Name, jixiao.CleanText(c.text), len(p.Indicators)))
	f := &d.Findings[len(d.Findings)-1]
	f.Unit, f.Project, f.ProjectSeq = p.Unit, p.Name, len(d.Projects)
}

// startsProject reports whether a row outside a form opens one without a
// title: it holds a 项目名称 label. A label followed by a quotation mark is
// prose naming a project (a cover letter's "项目名称“巩固拓展脱贫攻坚成果”"):
// a form prints its name unquoted.
func (r *formReader) startsProject(row frow) bool {
	for _, c := range row.cells {
		for _, p := range kvLabels.scanCell(c) {
			if f, _ := fieldOf(p.label); p.label != "" && f == fieldName && !quoted(p.value) {
				return true
			}
		}
	}
	return false
}

// quoted reports a text that opens with a quotation mark.
func quoted(s string) bool {
	for _, q := range []string{"“", "\"", "「", "《", "‘"} {
		if strings.HasPrefix(s, q) {
			return true
		}
	}
	return false
}

// startForm opens a new form at a row that starts one whatever the
// current phase (a tree export's next project); a form with no name and
// no grid yet is the heading above the tree, and goes on.
func (r *formReader) startForm(line int) {
	if r.cur != nil && (r.cur.get(fieldName) != nil || r.cur.grid != nil) {
		r.finish(false)
	}
	if r.phase != phaseBlock {
		r.begin(line)
	}
}

// begin opens a form unless one is open and still empty.
func (r *formReader) begin(line int) {
	if r.cur != nil && !r.cur.hasContent() {
		return
	}
	r.cur = newForm(r.title, line)
	r.phase = phaseBlock
}

func (r *formReader) ensureForm(line int) {
	if r.cur == nil {
		r.begin(line)
	}
}

// heading fills the document's title and agency from its forms.
func (r *formReader) heading() {
	d := r.doc
	if d.Title == "" {
		d.Title = "项目支出绩效目标表"
	}
	d.AgencyKind = jixiao.AgencyUnit
	for _, p := range d.Projects {
		if p.Department != "" {
			d.Agency = p.Department
			break
		}
	}
	if d.Agency == "" && len(d.Projects) > 0 {
		d.Agency = d.Projects[0].Unit
	}
	if d.Agency == "" {
		addFinding(d, "parse.header", jixiao.SeverityWarning, 0, "表中没有写明主管部门或实施单位")
	}
}
