package ingest

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao"
)

// form is one form being read: its key-value block as labelled slots, and
// its grid.
type form struct {
	title      string
	line       int
	slots      []*slot
	run        []*slot // the labels since the last value: the columns values go to
	last       *slot   // the slot the last value went to (a value spread over cells)
	rowNo      int
	afterValue bool
	unit       jixiao.MoneyUnit // the money block's unit; "" is 万元
	moneyBlock bool             // inside the money block
	header     []gridHeader     // grid header cells seen so far
	headerRows int              // the rows they came in: many mean one cell a row
	grid       *grid
	cutAt      int    // the line where the text stops, when it stops inside the form
	cutText    string // the cell dropped there
	findings   []jixiao.Finding
}

// slot is one labelled field of the block with the text that follows it.
type slot struct {
	field field
	label string // as printed: "年度资金总额", "中期滚动目标(2019年--2021年)"
	line  int
	row   int
	text  []string
	sub   bool // a money line under another ("1、一般公共预算" under "(一)财政拨款小计")
}

func newForm(title string, line int) *form { return &form{title: title, line: line} }

// hasContent reports whether the form holds anything a new title would cut
// off: a labelled field or a grid.
func (f *form) hasContent() bool { return len(f.slots) > 0 || f.grid != nil }

// headed reports whether the form has started: it has its name or its
// grid. A closing label before either (单位负责人 on the heading's row)
// closes nothing.
func (f *form) headed() bool { return f.get(fieldName) != nil || f.grid != nil }

func (f *form) get(fl field) *slot {
	for _, s := range f.slots {
		if s.field == fl {
			return s
		}
	}
	return nil
}

func (f *form) textOf(fl field) string {
	if s := f.get(fl); s != nil {
		return strings.Join(s.text, "")
	}
	return ""
}

// blockRow reads one row of the key-value block.
func (r *formReader) blockRow(row frow) {
	if !r.headerRow(row) {
		r.blockCells(row)
	}
}

// blockCells reads cells of the key-value block.
func (r *formReader) blockCells(row frow) {
	f := r.cur
	f.rowNo++
	var pieces []piece
	for _, c := range joinSplitLabels(row.cells) {
		if _, _, _, ok := numberedMoneyLine(c.text); ok && f.moneyBlock {
			pieces = append(pieces, piece{value: c.text, line: c.line}) // read whole by blockValue
			continue
		}
		pieces = append(pieces, qualifyAmounts(kvLabels.scanCell(c))...)
	}
	for i, p := range pieces {
		if p.label == "" {
			r.blockValue(p, pieces[i+1:])
			continue
		}
		fl, _ := fieldOf(p.label)
		if fl == fieldEnd && !f.headed() {
			continue // "填报单位(盖章): 单位负责人:谭呈祥" above the form
		}
		if fl == fieldEnd {
			r.endForm()
			return
		}
		if fl == fieldName && f.get(fieldName) != nil && r.phase == phaseGrid {
			return
		}
		f.noteUnitField(p)
		if p.noisy {
			r.formFinding(f, "parse.text", jixiao.SeverityWarning, p.line,
				fmt.Sprintf("把“%s”读作“%s”（疑为文字识别错误）；请核对原表", p.labelText, p.label))
		}
		s := f.addLabel(fl, p.labelText, p.line)
		switch {
		case p.value == "":
		case fl == fieldGoal || fl == fieldPeriodGoal || fl == fieldAnnualGoal || fl == fieldNote:
			f.put(s, p.value) // "整体目标: …": the text in the label's own cell is its value
		default:
			r.blockValue(piece{value: p.value, line: p.line}, pieces[i+1:])
		}
	}
}

// joinSplitLabels joins a label that a run of spaces cut into two cells
// ("年度主要目标     和成果 新建…"): the first cell is the start of a label,
// the second starts with its rest.
func joinSplitLabels(cells []fcell) []fcell {
	for i := 0; i+1 < len(cells); i++ {
		a := cellKey(cells[i].text)
		if utf8.RuneCountInString(a) < 2 || isLabelKey(a) {
			continue
		}
		b := cellKey(cells[i+1].text)
		for label := range fieldKeys {
			if len(label) > len(a) && strings.HasPrefix(label, a) && strings.HasPrefix(b, label[len(a):]) {
				out := slices.Clone(cells[:i])
				out = append(out, fcell{text: cells[i].text + cells[i+1].text, line: cells[i].line})
				return append(out, cells[i+2:]...)
			}
		}
	}
	return cells
}

// qualifyAmounts joins the words a cell prints before a label to it: before
// a money label anywhere ("当年" + "资金总额", "该项目支出" + "上级资金"),
// before any label when they start the cell ("主管" + "预算部门").
func qualifyAmounts(ps []piece) []piece {
	out := ps[:0]
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if p.label == "" && i+1 < len(ps) && ps[i+1].label != "" && (i == 0 || fieldKeys[ps[i+1].label] == fieldAmount) {
			q := strings.TrimLeft(strings.TrimPrefix(cleanLabel(p.value), "其中"), ":：")
			if q != "" && utf8.RuneCountInString(q) <= 10 && !strings.ContainsFunc(q, unicode.IsDigit) {
				n := ps[i+1]
				n.labelText = q + n.labelText
				out = append(out, n)
				i++
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// addLabel records a label. A label after a value starts a new run.
func (f *form) addLabel(fl field, label string, line int) *slot {
	if f.afterValue || len(f.run) > 0 && familyChanges(f.run[len(f.run)-1].field, fl) {
		f.run, f.afterValue = nil, false
	}
	switch fl {
	case fieldMoney:
		f.moneyBlock = true
		f.noteUnit(label)
	case fieldAmount:
		f.moneyBlock = true
		f.noteUnit(label)
		label = unbracketUnit(label)
	case fieldGoal, fieldPeriodGoal, fieldAnnualGoal, fieldNote, fieldName:
		f.moneyBlock = false
	}
	s := &slot{field: fl, label: label, line: line, row: f.rowNo}
	f.slots = append(f.slots, s)
	f.run = append(f.run, s)
	return s
}

// familyOf groups the fields whose labels may head columns together: a
// run of labels of one family takes the values that follow in order, a
// label of another family starts a new run.
func familyOf(fl field) int {
	switch fl {
	case fieldMoney, fieldAmount:
		return 1
	case fieldGoal, fieldPeriodGoal, fieldAnnualGoal:
		return 2
	case fieldNote:
		return 3
	}
	return 0
}

// familyChanges reports whether label b after a (with no value between)
// starts a new run; the labels of fields not kept belong to any family.
func familyChanges(a, b field) bool {
	return a != fieldIgnored && b != fieldIgnored && familyOf(a) != familyOf(b)
}

// noteUnitField takes the money unit from a "单位:元" or "金额单位:万元"
// field.
func (f *form) noteUnitField(p piece) {
	if p.label != "单位" && p.label != "金额单位" {
		return
	}
	switch cellKey(p.value) {
	case "元":
		f.unit = jixiao.Yuan
	case "万元":
		f.unit = jixiao.WanYuan
	}
}

// noteUnit takes the money unit from a label's qualifier: "项目资金（元）".
func (f *form) noteUnit(label string) {
	k := cellKey(label)
	switch {
	case strings.Contains(k, "(万元)"):
		f.unit = jixiao.WanYuan
	case strings.Contains(k, "(元)"):
		f.unit = jixiao.Yuan
	}
}

// blockValue places a value: after the label it follows on its row, else in
// the first column of the current run still empty, else after the last
// value (a text spread over cells).
func (r *formReader) blockValue(p piece, rest []piece) {
	f := r.cur
	v := strings.TrimSpace(p.value)
	k := cellKey(v)
	switch {
	case k == "" || k == "其中" || k == "及编码" || k == "及代码" || k == "其中:":
		return
	case k == "(万元)" || k == "单位:万元" || k == "万元" && f.last != nil && f.last.field == fieldIgnored:
		f.unit = jixiao.WanYuan
		return
	case k == "(元)" || k == "单位:元":
		f.unit = jixiao.Yuan
		return
	case k == "绩" || k == "效" || k == "总":
		return // 绩效指标, 总体目标 printed down a narrow cell and cut to its first line
	case k == "年度" && (len(rest) > 0 && isProse(rest[0].value) || r.nextIsProse()):
		f.addLabel(fieldAnnualGoal, v, p.line) // 年度目标 cut so
		return
	}
	if f.last == nil && r.yearCell(v) {
		return
	}
	if label, amount, sub, ok := numberedMoneyLine(v); ok && f.moneyBlock {
		s := f.addLabel(fieldAmount, label, p.line)
		s.sub = sub
		f.put(s, amount)
		return
	}
	if len(rest) == 0 && r.next != nil {
		rest = kvLabels.scanCell(r.next.cells[0]) // one cell a line: the amount is on the next
	}
	if label, ok := moneyLabel(v, rest, f.moneyBlock); ok {
		f.addLabel(fieldAmount, label, p.line)
		f.moneyBlock = true
		return
	}
	s := f.target()
	if s == nil {
		return // text before any label: the form's furniture
	}
	if s == f.last && len(s.text) > 0 && isLabelPiece(k) {
		r.formFinding(f, "parse.text", jixiao.SeverityWarning, p.line,
			fmt.Sprintf("“%s”像是折行截断的栏目名的一段，未并入上一栏“%s”；请核对原表", v, s.label))
		return
	}
	if s.field == fieldGoal || s.field == fieldPeriodGoal {
		if a, b, ok := splitSentences(v); ok && f.nextEmptyGoal(s) != nil {
			f.put(s, a)
			v, s = b, f.nextEmptyGoal(s)
		}
	}
	f.put(s, v)
}

func (f *form) put(s *slot, v string) {
	s.text = append(s.text, v)
	f.last, f.afterValue = s, true
}

// target chooses the slot a value goes to.
func (f *form) target() *slot {
	for i := len(f.run) - 1; i >= 0; i-- {
		s := f.run[i]
		if s.row == f.rowNo && !isGroup(s) && len(s.text) == 0 {
			return s
		}
		if s.row != f.rowNo {
			break
		}
	}
	if s := f.lastOfStackedLabels(); s != nil {
		return s
	}
	for _, s := range f.run {
		if !isGroup(s) && len(s.text) == 0 {
			return s
		}
	}
	for _, s := range f.run {
		if s.field == fieldGoal && len(s.text) == 0 {
			return s // 总体目标 standing alone holds the goal
		}
	}
	if f.last != nil {
		return f.last
	}
	return nil
}

// lastOfStackedLabels returns the last label of a run of the basic fields
// printed one a row with no value between ("填报单位(盖章)：" / "项目名称" /
// value): one cell a line, a label left blank is followed by the next one,
// and the value is the last one's. Goals and money lines stacked so are
// columns instead, and take their values in order.
func (f *form) lastOfStackedLabels() *slot {
	var empty []*slot
	for _, s := range f.run {
		if !isGroup(s) && len(s.text) == 0 {
			if familyOf(s.field) != 0 || len(empty) > 0 && empty[len(empty)-1].row == s.row {
				return nil
			}
			empty = append(empty, s)
		}
	}
	if len(empty) < 2 {
		return nil
	}
	return empty[len(empty)-1]
}

// nextEmptyGoal returns the goal slot of the run after s that has no text.
func (f *form) nextEmptyGoal(s *slot) *slot {
	seen := false
	for _, t := range f.run {
		if t == s {
			seen = true
			continue
		}
		if seen && (t.field == fieldAnnualGoal || t.field == fieldPeriodGoal) && len(t.text) == 0 {
			return t
		}
	}
	return nil
}

// isGroup reports whether a slot is a heading over other labels (项目资金,
// 总体目标) rather than a field of its own.
func isGroup(s *slot) bool {
	return s.field == fieldMoney || s.field == fieldGoal || s.field == fieldGrid
}

// splitSentences cuts a goal cell where a flattening put one space between
// two cells: after a full stop. "…竣工验收。 工程前期…" → two goals.
func splitSentences(v string) (string, string, bool) {
	for _, stop := range []string{"。 ", "。\u3000"} {
		if i := strings.Index(v, stop); i > 0 {
			a, b := v[:i+len("。")], strings.TrimSpace(v[i+len(stop):])
			if b != "" {
				return a, b, true
			}
		}
	}
	return "", "", false
}

// nextIsProse reports whether the next row starts with a sentence.
func (r *formReader) nextIsProse() bool {
	return r.next != nil && isProse(r.next.cells[0].text)
}

func isProse(s string) bool { return utf8.RuneCountInString(s) > 15 }

// numberedMoneyLine reads a money line written in one cell, as a numbered
// list under 资金总额 prints it: "一、预算资金:250", "(一)财政拨款小计 6.30",
// "1、一般公共预算 6.30". sub is true for a second-level line ("1、"), a
// part of the line above it.
func numberedMoneyLine(v string) (label, amount string, sub, ok bool) {
	rest, level := stripNumbering(v)
	if level == 0 {
		return "", "", false, false
	}
	l, a, found := strings.Cut(rest, ":")
	if !found {
		l, a, found = strings.Cut(rest, "：")
	}
	if !found {
		i := strings.LastIndexFunc(rest, isSpace)
		if i < 0 {
			return "", "", false, false
		}
		l, a = rest[:i], rest[i+1:]
	}
	l, a = strings.TrimSpace(l), strings.TrimSpace(a)
	if l == "" || strings.ContainsFunc(l, unicode.IsDigit) {
		return "", "", false, false
	}
	if _, isAmount := leadingAmount(a); !isAmount && a != "" {
		return "", "", false, false
	}
	return l, a, level == 2, true
}

// stripNumbering takes a list number off a line: "(一)" and "一、" are the
// first level, "1、" and "1." the second. level is 0 for no number.
func stripNumbering(s string) (rest string, level int) {
	s = strings.TrimSpace(s)
	for _, br := range [][2]string{{"(", ")"}, {"（", "）"}} {
		if strings.HasPrefix(s, br[0]) {
			if i := strings.Index(s, br[1]); i > 0 && i <= len(br[0])+6 {
				return strings.TrimSpace(s[i+len(br[1]):]), 1
			}
		}
	}
	r, w := utf8.DecodeRuneInString(s)
	switch {
	case strings.ContainsRune("一二三四五六七八九十", r) && strings.HasPrefix(s[w:], "、"):
		return strings.TrimSpace(s[w+len("、"):]), 1
	case r >= '0' && r <= '9':
		t := strings.TrimLeft(s, "0123456789")
		for _, mark := range []string{"、", "."} {
			if strings.HasPrefix(t, mark) {
				return strings.TrimSpace(t[len(mark):]), 2
			}
		}
	}
	return s, 0
}

// moneyLabel recognises a line of the money block whose label the forms
// word freely ("年度本级预算金额", "其中：当年市级财政资金", "中央补助安排"):
// short, no digit, ending in a money word, and followed by an amount (or,
// inside the money block, standing alone with its amount left blank).
func moneyLabel(v string, rest []piece, inBlock bool) (string, bool) {
	label := strings.TrimPrefix(cleanLabel(v), "其中")
	label = strings.TrimLeft(label, ":：")
	k := stripBrackets(cellKey(label))
	if k == "" || utf8.RuneCountInString(k) > 20 || strings.ContainsFunc(k, unicode.IsDigit) {
		return "", false
	}
	if !hasAmountWord(k) {
		return "", false
	}
	if len(rest) > 0 && rest[0].label == "" {
		if _, ok := leadingAmount(rest[0].value); ok {
			return unbracketUnit(label), true
		}
	}
	return unbracketUnit(label), inBlock
}

func hasAmountWord(k string) bool {
	for _, w := range amountWords {
		if strings.HasSuffix(k, w) {
			return true
		}
	}
	return false
}

// unbracketUnit drops the unit qualifier of a money label: "年度金额(万元)".
func unbracketUnit(label string) string {
	for _, q := range []string{"(万元)", "（万元）", "(元)", "（元）"} {
		label = strings.TrimSuffix(label, q)
	}
	return label
}

// endForm closes the current form at its end marker.
func (r *formReader) endForm() {
	r.finish(false)
	r.phase = phaseOver
}

// isLabelPiece reports whether a short value that would carry on the value
// before it is rather a piece of a label wrapped over several rows:
// "项目资" / "金（万" / "元）" for 项目资金（万元）, its neighbours beside the
// middle piece. That is the start of a label (two characters or more), or
// a short piece with a bracket it does not close or open.
func isLabelPiece(k string) bool {
	n := utf8.RuneCountInString(k)
	if n > 4 {
		return false
	}
	if strings.Count(k, "(") != strings.Count(k, ")") {
		return true
	}
	for label := range fieldKeys {
		if n >= 2 && len(label) > len(k) && strings.HasPrefix(label, k) {
			return true
		}
	}
	return false
}
