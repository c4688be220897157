package ingest

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao"
)

// gtoken is one cell of the grid, or one part of a cell that glued a
// category label to what follows it.
type gtoken struct {
	cat     *category // nil for text
	text    string    // as printed
	line    int
	row     int  // index of the source row
	rowLast bool // the last token of its row
}

// catLabel is a category as printed and as the scheme names it.
type catLabel struct {
	printed, name string
}

// setState is what one set of the current row holds so far.
type setState struct {
	name string
	line int
	vals []string
	l2   bool // a 二级 label was printed in this row for this set
	// aligned: vals hold one entry per column ("" for a blank cell), as
	// splitColumns placed them.
	aligned bool
}

// gridReader turns the grid's tokens into indicators.
type gridReader struct {
	g      *grid
	r      *formReader
	f      *form
	toks   []gtoken
	l1     catLabel
	pushed bool // under 实施效果指标: 产出 and 效益 are printed as 二级
	l2     [2]catLabel
	set    int
	sets   [2]setState
	group  int // index of the first indicator of the current 一级 group
	// l2Fresh: a 二级 label was printed and no indicator has followed it.
	l2Fresh bool
	cutRow  int // the row the text stops in, or -1
}

// flush reads the collected rows into indicators.
func (g *grid) flush(r *formReader, f *form) {
	gr := &gridReader{g: g, r: r, f: f, cutRow: -1}
	for i, row := range g.rows {
		gr.tokenize(row, i)
		if row.open && gr.f.cutAt > 0 {
			gr.cutRow = i
		}
	}
	for i := range gr.toks {
		gr.token(i)
	}
	gr.closeRow()
	gr.fillPrintedLevel1()
	g.rows = nil
}

// tokenize cuts a row's cells into tokens, splitting category labels off
// the front of a cell ("产出指标数量指标培训人次≥200人次").
func (gr *gridReader) tokenize(row frow, ri int) {
	start := len(gr.toks)
	for _, c := range row.cells {
		gr.cellTokens(c, ri)
	}
	if len(gr.toks) > start {
		gr.toks[len(gr.toks)-1].rowLast = true
	}
}

func (gr *gridReader) cellTokens(c fcell, ri int) {
	text := c.text
	if cat, ok := categoryOf(cellKey(text)); ok {
		gr.toks = append(gr.toks, gtoken{cat: &cat, text: jixiao.CleanText(text), line: c.line, row: ri})
		return
	}
	if l, end, ok := sectionLabels.matchAt(text, skipSpaceAt(text, 0)); ok && l != "" {
		text = strings.TrimSpace(text[skipColon(text, end):])
	}
	after1 := false // a 一级 label was split off: a 二级 may follow without 指标
	for {
		i := skipSpaceAt(text, 0)
		l, end, ok := categoryLabels.matchAt(text, i)
		if !ok || !strings.HasSuffix(l, "指标") && !(after1 && isBareLevel2(l, text[end:])) {
			break
		}
		after1 = categoryKeys[l].level != 2
		end = skipQualifier(text, end)
		if end > i+len(l) && strings.HasPrefix(text[end:], "分") {
			end += len("分") // "成本指标(0-20)分"
		}
		cat, _ := categoryOf(cellKey(text[i:end]))
		gr.toks = append(gr.toks, gtoken{cat: &cat, text: jixiao.CleanText(text[i:end]), line: c.line, row: ri})
		text = text[end:]
	}
	if t := strings.TrimSpace(text); t != "" {
		gr.toks = append(gr.toks, gtoken{text: t, line: c.line, row: ri})
	}
}

// isBareLevel2 reports a 二级 label printed without 指标 ("服务对象满意度")
// glued after its 一级 and before a name: the rest starts with a Chinese
// character, not with a value.
func isBareLevel2(l, rest string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(rest))
	return categoryKeys[l].level == 2 && utf8.RuneCountInString(l) >= 4 && unicode.Is(unicode.Han, r)
}

func skipSpaceAt(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			break
		}
		i += w
	}
	return i
}

// token handles the i-th token.
func (gr *gridReader) token(i int) {
	t := gr.toks[i]
	if t.cat != nil && !gr.repeatedLevel2(i) {
		gr.category(i)
	} else {
		gr.text(i)
	}
	if t.rowLast && !gr.g.stream {
		gr.closeRow()
	}
}

// category places a category label at level 1 or 2.
func (gr *gridReader) category(i int) {
	t := gr.toks[i]
	c := *t.cat
	switch {
	case c.pushed:
		gr.level1(catLabel{t.text, ""}, true)
	case c.level == 1 && gr.pushed:
		gr.level2(catLabel{t.text, ""}, c.name)
	case c.level == 1:
		gr.level1(catLabel{t.text, c.name}, false)
	case c.level == 2:
		gr.level2(catLabel{t.text, c.name}, "")
	case gr.nextIsLevel2(i):
		gr.level1(catLabel{t.text, c.name}, false)
	case c.name == "成本指标" && gr.inferredLevel1() == "产出指标":
		gr.level2(catLabel{t.text, "成本指标"}, "")
	case c.name == "满意度指标" && gr.l1.name == "满意度指标":
		gr.level2(catLabel{t.text, "服务对象满意度指标"}, "")
	default:
		gr.level1(catLabel{t.text, c.name}, false)
	}
}

// repeatedLevel2 reports a 二级 label printed right under the same 二级
// with no indicator between, and followed on its row by a value: the name
// of the group's one indicator ("服务对象满意度指标" / "服务对象满意度" "100%").
func (gr *gridReader) repeatedLevel2(i int) bool {
	t := gr.toks[i]
	if t.cat.level != 2 || !gr.l2Fresh || len(gr.g.sets) != 1 || gr.l2[0].name != t.cat.name {
		return false
	}
	return i+1 < len(gr.toks) && gr.toks[i+1].row == t.row && gr.toks[i+1].cat == nil
}

func (gr *gridReader) nextIsLevel2(i int) bool {
	if i+1 >= len(gr.toks) || gr.toks[i+1].cat == nil {
		return false
	}
	return gr.toks[i+1].cat.level == 2
}

// level1 starts a 一级 group; a label that names the group already running
// (printed below its first rows) keeps the 二级 and names those rows too.
func (gr *gridReader) level1(l catLabel, pushed bool) {
	if gr.rowHasContent() {
		gr.closeRow()
	}
	if l.name != "" && l.name == gr.inferredLevel1() {
		gr.l1 = l
		return
	}
	gr.fillPrintedLevel1()
	gr.l1, gr.pushed = l, pushed
	gr.l2 = [2]catLabel{}
	gr.group = len(gr.g.indicators)
}

// inferredLevel1 is the group's 一级 by name, or the parent of its 二级 when
// no 一级 has been printed yet.
func (gr *gridReader) inferredLevel1() string {
	if gr.l1.name != "" {
		return gr.l1.name
	}
	return parentOf(gr.l2[0].name)
}

// level2 sets the 二级 of the current set, moving to the next set or row
// when the current set is already filled. level1 is the 一级 a pushed-down
// label (产出 under 实施效果指标) stands for.
func (gr *gridReader) level2(l catLabel, level1 string) {
	st := &gr.sets[gr.set]
	if st.name != "" || st.l2 {
		if gr.set+1 < len(gr.g.sets) {
			gr.set++
		} else {
			gr.closeRow()
		}
	}
	if level1 != "" {
		l.name = "" // the 二级 is not printed; the pushed label gives the 一级
		gr.l1.name = level1
	}
	gr.l2[gr.set] = l
	gr.sets[gr.set].l2 = true
	gr.l2Fresh = true
}

// text places a text cell: a name, a value, a note, or a 二级 label the
// scheme does not know ("社会、经济、生态效益指标").
func (gr *gridReader) text(i int) {
	t := gr.toks[i]
	st := &gr.sets[gr.set]
	spec := gr.g.sets[gr.set]
	switch {
	case st.name == "" && gr.unknownLevel2(i):
		gr.level2(catLabel{jixiao.CleanText(t.text), cellKey(t.text)}, "")
	case st.name == "":
		st.name, st.line = t.text, t.line
	case len(st.vals) < spec.need || len(st.vals) < len(spec.cols) && !gr.nextRowStarts(i):
		st.vals = append(st.vals, t.text)
	case gr.set+1 < len(gr.g.sets):
		gr.set++
		gr.text(i)
	default:
		gr.closeRow()
		gr.text(i)
	}
}

// nextRowStarts reports, for a text after a row's values where a note
// column may follow, whether it is rather the next row's name: one cell a
// line drops a blank note, and the cell after a name is its value.
func (gr *gridReader) nextRowStarts(i int) bool {
	if !gr.g.stream || i+1 >= len(gr.toks) {
		return false
	}
	next := gr.toks[i+1]
	return next.cat == nil && looksLikeValue(next.text)
}

// looksLikeValue reports a cell that reads as a quantitative target.
func looksLikeValue(s string) bool {
	return jixiao.ParseTarget(s).Quantitative() || operatorStart(s) == 0
}

// unknownLevel2 reports a text that stands where a 二级 label does, ends in
// 指标, and is followed on its row by a name and the values.
func (gr *gridReader) unknownLevel2(i int) bool {
	t := gr.toks[i]
	k := cellKey(t.text)
	if gr.g.stream || !strings.HasSuffix(k, "指标") || utf8.RuneCountInString(k) > 20 {
		return false
	}
	need := 1 + gr.g.sets[gr.set].need
	n := 0
	for j := i + 1; j < len(gr.toks) && gr.toks[j].row == t.row && gr.toks[j].cat == nil && n < need; j++ {
		n++
	}
	return n >= need
}

func (gr *gridReader) rowHasContent() bool {
	for _, s := range gr.sets[:len(gr.g.sets)] {
		if s.name != "" || len(s.vals) > 0 {
			return true
		}
	}
	return false
}

// closeRow turns the current row into indicators.
func (gr *gridReader) closeRow() {
	sets := gr.sets
	gr.sets, gr.set = [2]setState{}, 0
	if len(gr.g.sets) == 1 {
		gr.emit(sets[0], setState{}, 0)
		return
	}
	a, b := sets[0], sets[1]
	switch {
	case a.name != "" && b.name != "" && cellKey(a.name) != cellKey(b.name):
		gr.emit(a, setState{}, 0)
		gr.emit(setState{}, b, 1)
	case b.name != "":
		gr.emit(a, b, 1)
	case a.name != "":
		gr.emit(a, setState{}, 0)
	}
}

// emit makes one indicator of a row: period holds the period set's cells,
// annual the annual set's (one grid set: annual holds them all, period is
// empty). l2 is the set whose 二级 applies.
func (gr *gridReader) emit(first, second setState, l2 int) {
	main, spec := first, gr.g.sets[0]
	if second.name != "" || len(gr.g.sets) == 2 && l2 == 1 {
		main, spec = second, gr.g.sets[1]
	}
	if main.name == "" || isPlaceholderName(main.name) {
		return
	}
	if len(main.vals) == 0 && gr.gluedColumns(main, spec, l2) {
		return
	}
	if name, vals, ok := splitColumns(main.name, spec.cols); len(main.vals) == 0 && len(spec.cols) > 1 && ok {
		main.name, main.vals, main.aligned = name, vals, true
	} else if len(main.vals) == 0 && spec.need > 0 && gr.unglueNotes(&main, spec) {
		// read around the note columns
	} else if len(main.vals) == 0 && spec.need > 0 {
		glued := main.name
		var guessed bool
		main.name, main.vals, guessed = unglue(main.name)
		if guessed {
			gr.r.formFinding(gr.f, "parse.indicator", jixiao.SeverityWarning, main.line,
				fmt.Sprintf("“%s”的指标名称与指标值连在一起，按常见写法把“%s”读作指标值；请核对原表", glued, main.vals[0]))
		}
	}
	in := gr.indicator(main, l2)
	if in.Level1 == "" && in.Level2 == "" {
		gr.r.formFinding(gr.f, "parse.indicator", jixiao.SeverityWarning, main.line,
			fmt.Sprintf("指标“%s”的一级、二级指标表中没有写明（可能在合并单元格中丢失），已按未分类导入；请核对原表", jixiao.CleanText(main.name)))
	}
	gr.fill(&in, main, spec)
	if len(gr.g.sets) == 2 && second.name != "" && first.name != "" {
		gr.fill(&in, first, gr.g.sets[0])
	}
	if len(main.vals) < spec.need {
		if gr.cutRow >= 0 && gr.lastRow(main.line) {
			return // the row the text stops in: not whole, not imported
		}
		gr.incomplete(&in, main)
	}
	gr.g.indicators = append(gr.g.indicators, in)
	gr.l2Fresh = false
}

// lastRow reports whether a line belongs to the row the text stops in.
func (gr *gridReader) lastRow(line int) bool {
	return line >= gr.g.rows[gr.cutRow].line
}

// incomplete keeps an indicator whose values could not all be read, with
// its text and a finding.
func (gr *gridReader) incomplete(in *jixiao.Indicator, s setState) {
	in.Raw = strings.TrimSpace(s.name + " " + strings.Join(s.vals, " "))
	gr.r.formFinding(gr.f, "parse.indicator", jixiao.SeverityError, s.line,
		fmt.Sprintf("指标“%s”的指标值读不全（应有 %d 格，只读到 %d 格），已保留原文，请核对原表：%s",
			jixiao.CleanText(s.name), gr.g.sets[0].need, len(s.vals), quote(in.Raw)))
}

// indicator builds an indicator's name and levels.
func (gr *gridReader) indicator(s setState, l2set int) jixiao.Indicator {
	in := jixiao.Indicator{Name: strings.TrimSpace(s.name), Line: s.line}
	// Side by side, the first set's 二级 is the one printed first.
	l2 := gr.l2[0]
	if l2.printed == "" {
		l2 = gr.l2[l2set]
	}
	l1 := gr.l1
	in.Level1Printed, in.Level2Printed = l1.printed, l2.printed
	in.Level2, in.Level2Code = l2.name, level2Code(l2.name, l1.name)
	in.Level1 = l1.name
	if in.Level1 == "" || in.Level2 == "服务对象满意度指标" {
		// No 一级 printed yet, or 满意度 under 效益 (the 2015 frame): the
		// scheme files the 二级 under its own parent.
		if p := parentOf(in.Level2); p != "" {
			in.Level1 = p
		}
	}
	in.Level1Code = level1Codes[in.Level1]
	return in
}

// fill sets an indicator's targets and notes from a set's value cells. A
// row whose 指标值类型 is 定性 has no 度量单位 cell: the cells after it move
// one column left (unless the cells were already placed by column, s.aligned).
// A 度量单位 column beside a bare number is the number's unit ("470" "人/天"
// → 470人/天); beside a value that has its unit it is kept as a note.
func (gr *gridReader) fill(in *jixiao.Indicator, s setState, spec gridSet) {
	var op, target, unit, value, unitNote, natureOp string
	var unitCol gridHeader
	hasOp, valuePeriod := false, spec.period
	j := 0
	for _, c := range spec.cols {
		if j >= len(s.vals) {
			break
		}
		if c.col == colUnit && isQualitativeOp(op) && !s.aligned {
			continue
		}
		v := s.vals[j]
		j++
		if v == "" {
			continue
		}
		switch c.col {
		case colValue, colPeriod, colAnnual:
			valuePeriod = c.col == colPeriod || c.col == colValue && spec.period
			value = v
			gr.setTarget(in, v, valuePeriod)
		case colOp:
			op, hasOp = v, true
			if isQualitativeOp(v) {
				in.Notes = append(in.Notes, jixiao.Note{Label: noteLabel(c), Text: v})
			}
		case colTarget:
			target = v
		case colUnit:
			unit = v
		case colNote:
			if isUnitColumn(c) {
				unitNote, unitCol = v, c
				continue
			}
			if strings.Contains(c.label, "性质") && isOperator(v) {
				natureOp = v // 指标性质 holding the comparison ("≥" "95" "%", 井研县)
				continue
			}
			in.Notes = append(in.Notes, jixiao.Note{Label: noteLabel(c), Text: v})
		}
	}
	if hasOp || target != "" {
		gr.setTarget(in, joinTarget(op, target, unit), spec.period)
	}
	if natureOp != "" && value != "" {
		value = natureOp + value
		gr.setTarget(in, value, valuePeriod)
	}
	if unitNote != "" {
		if value != "" && jixiao.ParseTarget(value).Quantitative() && jixiao.ParseTarget(value).Unit == "" {
			gr.setTarget(in, value+unitNote, valuePeriod)
		} else {
			in.Notes = append(in.Notes, jixiao.Note{Label: noteLabel(unitCol), Text: unitNote})
		}
	}
}

// isUnitColumn reports a 度量单位 column the layout made a note (the table
// has no 运算符 column).
func isUnitColumn(c gridHeader) bool {
	switch cleanLabel(c.label) {
	case "度量单位", "计量单位", "单位":
		return true
	}
	return false
}

// noteLabel is a note column's label as printed: "权重(%)", "备注".
func noteLabel(c gridHeader) string { return cleanLabel(c.label) }

// isOperator reports a cell that is only a comparison operator: "≥", "=".
func isOperator(v string) bool {
	v = strings.TrimSpace(v)
	return v != "" && strings.Trim(v, "≥≤＞＜><=≧≦＝") == ""
}

func isQualitativeOp(op string) bool {
	op = strings.TrimSpace(op)
	return op == "定性" || op == "定量"
}

func (gr *gridReader) setTarget(in *jixiao.Indicator, v string, period bool) {
	t := gr.r.ind.Target(v)
	if period {
		in.Period = t
	} else {
		in.Annual = t
	}
}

// joinTarget writes a target split over 运算符, 目标值 and 度量单位 cells as
// one: "≥" "200" "人次" → "≥200人次". 定性 is no operator.
func joinTarget(op, target, unit string) string {
	op = strings.TrimSpace(op)
	if isQualitativeOp(op) {
		op = ""
	}
	if strings.HasSuffix(target, unit) {
		unit = ""
	}
	return op + strings.TrimSpace(target) + strings.TrimSpace(unit)
}

// fillPrintedLevel1 names the rows of a group printed before its 一级 label
// with the label (a label centred in its merged cell flattens below them).
func (gr *gridReader) fillPrintedLevel1() {
	ins := gr.g.indicators
	for i := gr.group; i < len(ins); i++ {
		if ins[i].Level1Printed == "" && gr.l1.printed != "" && ins[i].Level1 == gr.l1.name {
			ins[i].Level1Printed = gr.l1.printed
		}
	}
}

// isPlaceholderName recognises the template rows left unfilled: "…",
// "具体指标", "1.".
func isPlaceholderName(s string) bool {
	k := cellKey(s)
	if _, rest, ok := cutTypeTail(k); ok && strings.Trim(rest, "-—") == "" {
		return true // "-定性": a template row's 度量单位 and 指标值类型, nothing else
	}
	return strings.Trim(k, "…。·.、0123456789*") == "" || k == "具体指标" || k == "……"
}

var level1Codes = map[string]string{"产出指标": "1", "效益指标": "2", "满意度指标": "3", "成本指标": "4"}

// parentOf is the scheme's 一级 of a 二级 name.
func parentOf(level2 string) string {
	if level2 == "" {
		return ""
	}
	for _, s := range []*jixiao.Scheme{jixiao.Scheme2015, jixiao.Scheme2021} {
		for _, c := range s.Level2 {
			if c.Name == level2 {
				if p, ok := s.Level1ByCode(c.Parent); ok {
					return p.Name
				}
			}
		}
	}
	return ""
}

// level2Code is the scheme's code of a 二级 name: 成本指标 under 产出 is the
// 2015 scheme's 14, the 成本 ones of 2021 are 41–43.
func level2Code(level2, level1 string) string {
	for _, s := range []*jixiao.Scheme{jixiao.Scheme2015, jixiao.Scheme2021} {
		for _, c := range s.Level2 {
			if c.Name == level2 {
				return c.Code
			}
		}
	}
	return ""
}

// splitColumns places the words of a row whose cells are separated by
// single spaces, where blank cells left no trace: "检查差旅费 470 人/天 2"
// under 三级指标 指标性质 指标值 度量单位 权重 gives the name, no 指标性质,
// 470, 人/天 and 2. The name runs to the first number or 定性/定量; each
// column then takes the next word only if the word fits it (a 指标性质 is
// 定性 or 定量, a unit is no number, a weight is a number). It fails when a
// word is left over.
func splitColumns(text string, cols []gridHeader) (string, []string, bool) {
	words := strings.Fields(text)
	k := slices.IndexFunc(words, func(w string) bool { return isNumberWord(w) || isQualitativeOp(w) || operatorStart(w) == 0 })
	if k <= 0 {
		return "", nil, false
	}
	vals := make([]string, len(cols))
	rest := words[k:]
	for ci, c := range cols {
		if len(rest) == 0 {
			break
		}
		if fitsColumn(c, rest[0], vals) {
			vals[ci], rest = rest[0], rest[1:]
		}
	}
	if len(rest) > 0 {
		return "", nil, false
	}
	return strings.Join(words[:k], " "), vals, true
}

// fitsColumn reports whether word w may fill column c (vals holds the
// columns filled so far).
func fitsColumn(c gridHeader, w string, vals []string) bool {
	switch {
	case c.col == colOp || strings.Contains(c.label, "性质"):
		return isQualitativeOp(w) || c.col == colOp && operatorStart(w) == 0
	case c.col == colUnit || isUnitColumn(c):
		return !isNumberWord(w) && !slices.ContainsFunc(vals, isQualitativeOp)
	case c.col == colNote:
		return isNumberWord(w) || !strings.ContainsAny(w, "0123456789")
	}
	return true
}

// isNumberWord reports a word that is a plain number: "470", "1.5".
func isNumberWord(w string) bool {
	digits := false
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r != '.' && r != ',':
			return false
		}
	}
	return digits
}

// valueWords are qualitative targets a glued cell may end in
// ("…发展情况稳步提高"), longest first.
var valueWords = []string{"稳步提高", "持续改善", "巩固提高", "有效提升", "明显改善", "逐步提高", "显著提升", "增加岗位", "长远", "提升", "提高", "改善", "及时", "优良", "达标", "合格"}

// unglue splits a cell holding a name and its value with no cell boundary
// the flattening kept: at the last run of spaces ("流转土地 >=60亩"), else
// before the operator ("满意度≥90%"), the closing number and unit
// ("覆盖率100%"), or a qualitative ending ("情况稳步提高"), which is a guess
// (guessed). It returns the cell whole, with no value, when none applies.
func unglue(s string) (name string, vals []string, guessed bool) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexFunc(s, isSpace); i > 0 {
		name, v := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:])
		if name != "" && v != "" {
			return name, []string{v}, false
		}
	}
	for _, cut := range []func(string) int{operatorStart, trailingNumber} {
		if i := cut(s); i > 0 && i < len(s) {
			if j := ocrOperator(s, i); j > 0 {
				return s[:j], []string{s[j:]}, true
			}
			return s[:i], []string{s[i:]}, false
		}
	}
	if i := trailingValueWord(s); i > 0 {
		return s[:i], []string{s[i:]}, true
	}
	return s, nil, false
}

// ocrOperator returns where a "二" stands right before the number a value
// starts with at i ("资金使用效率二100百分比"): no Chinese number is written
// so, it is OCR's reading of "=", and belongs to the value; -1 if none.
func ocrOperator(s string, i int) int {
	if j := i - len("二"); j > 0 && s[j:i] == "二" && s[i] >= '0' && s[i] <= '9' {
		return j
	}
	return -1
}

// operatorStart is where the last comparison operator run starts.
func operatorStart(s string) int {
	last := -1
	prevOp := false
	for i, r := range s {
		op := strings.ContainsRune("≥≤＞＜><=≧≦＝", r)
		if op && !prevOp {
			last = i
		}
		prevOp = op
	}
	return last
}

// trailingNumber is where a closing "100%" or "1600元/亩" starts: a number
// followed by at most a short unit.
func trailingNumber(s string) int {
	rs := []rune(s)
	end := len(rs)
	u := end
	for u > 0 && !unicode.IsDigit(rs[u-1]) && end-u < 5 {
		u--
	}
	if u == 0 || !unicode.IsDigit(rs[u-1]) {
		return -1
	}
	d := u
	for d > 0 && (unicode.IsDigit(rs[d-1]) || rs[d-1] == '.') {
		d--
	}
	if d == 0 {
		return -1
	}
	return len(string(rs[:d]))
}

func trailingValueWord(s string) int {
	for _, w := range valueWords {
		if strings.HasSuffix(s, w) && utf8.RuneCountInString(s) > utf8.RuneCountInString(w)+1 {
			return len(s) - len(w)
		}
	}
	return -1
}

// gluedColumns reads a row glued into one cell under a grid of several
// value columns that ends in its 指标值类型 ("…扣1分-定量": 度量单位 "-",
// 指标值类型 定量). Those two and the name, up to where the value starts,
// are read; where the value ends, and where 指标值内容 and the 评分标准
// that follow it part, the text does not say. The row is kept whole in
// Raw with an error, its target not guessed.
func (gr *gridReader) gluedColumns(s setState, spec gridSet, l2 int) bool {
	opCol := slices.IndexFunc(spec.cols, func(c gridHeader) bool { return c.col == colOp })
	if opCol < 0 || opCol != len(spec.cols)-1 && spec.cols[len(spec.cols)-1].col != colNote {
		return false
	}
	typ, rest, ok := cutTypeTail(strings.TrimSpace(s.name))
	if !ok {
		return false
	}
	in := gr.indicator(s, l2)
	in.Raw = strings.TrimSpace(s.name)
	if opCol > 0 && isUnitColumn(spec.cols[opCol-1]) {
		if r, _ := utf8.DecodeLastRuneInString(rest); r == '-' || r == '—' {
			in.Notes = append(in.Notes, jixiao.Note{Label: noteLabel(spec.cols[opCol-1]), Text: string(r)})
			rest = strings.TrimSuffix(rest, string(r))
		}
	}
	in.Notes = append(in.Notes, jixiao.Note{Label: noteLabel(spec.cols[opCol]), Text: typ})
	if k := valueStart(rest); k > 0 {
		in.Name = rest[:k]
	}
	gr.r.formFinding(gr.f, "parse.indicator", jixiao.SeverityError, s.line,
		fmt.Sprintf("指标“%s”的指标值与其后的说明、评分标准连在一起，表中没有分隔，读不出指标值在何处结束，未导入指标值，已保留原文，请核对原表：%s",
			in.Name, quote(in.Raw)))
	gr.g.indicators = append(gr.g.indicators, in)
	gr.l2Fresh = false
	return true
}

// cutTypeTail takes a closing 指标值类型 (定量, 定性) off a glued row.
func cutTypeTail(s string) (typ, rest string, ok bool) {
	for _, t := range []string{"定量", "定性"} {
		if r, found := strings.CutSuffix(s, t); found {
			return t, strings.TrimSpace(r), true
		}
	}
	return "", s, false
}

// valuePrefixes start a value written in words: "大于90%", "有所提升".
var valuePrefixes = []string{"大于", "小于", "不低于", "不高于", "不少于", "不超过", "有所", "达到"}

// valueStart is where the value of a glued name starts: at its first
// digit or operator, or a word that starts a value; -1 when none does.
func valueStart(s string) int {
	for i, r := range s {
		if i == 0 {
			continue
		}
		if r >= '0' && r <= '9' || strings.ContainsRune("≥≤＞＜><=≧≦＝", r) {
			return i
		}
		for _, p := range valuePrefixes {
			if strings.HasPrefix(s[i:], p) {
				return i
			}
		}
	}
	return -1
}

// standardWords are what a 绩效标准 column holds (湖南's frame).
var standardWords = []string{"计划标准", "历史标准", "行业标准", "其他标准"}

// unglueNotes reads a row glued into one cell whose set has note columns
// around its one value column ("三级指标 指标内容 指标值 绩效标准", 桃源县):
// a closing 绩效标准 word is that column's, the value is cut off as unglue
// does, and a note column before the value, which the text does not part
// from the name, is left empty and the name kept whole, with a finding.
// ok is false for a set without such columns, or a text it cannot cut.
func (gr *gridReader) unglueNotes(s *setState, spec gridSet) bool {
	vi := slices.IndexFunc(spec.cols, func(c gridHeader) bool { return isValueCol(c.col) })
	if vi < 0 || slices.ContainsFunc(spec.cols[vi+1:], func(c gridHeader) bool { return c.col != colNote }) ||
		slices.ContainsFunc(spec.cols[:vi], func(c gridHeader) bool { return c.col != colNote }) || len(spec.cols) == 1 {
		return false
	}
	text := strings.TrimSpace(s.name)
	vals := make([]string, len(spec.cols))
	if vi+1 < len(spec.cols) && cellKey(spec.cols[vi+1].label) == "绩效标准" {
		for _, w := range standardWords {
			if rest, ok := strings.CutSuffix(text, w); ok && rest != "" {
				vals[vi+1], text = w, rest
				break
			}
		}
	}
	name, v, guessed := unglue(text)
	if len(v) == 0 {
		return false
	}
	vals[vi] = v[0]
	if guessed {
		gr.r.formFinding(gr.f, "parse.indicator", jixiao.SeverityWarning, s.line,
			fmt.Sprintf("“%s”的指标名称与指标值连在一起，按常见写法把“%s”读作指标值；请核对原表", text, v[0]))
	}
	if vi > 0 {
		gr.r.formFinding(gr.f, "parse.indicator", jixiao.SeverityWarning, s.line,
			fmt.Sprintf("“%s”的三级指标与其后的“%s”连在一起，表中没有分隔，已一并作为指标名称导入；请核对原表", name, noteLabel(spec.cols[0])))
	}
	s.name, s.vals, s.aligned = name, vals, true
	return true
}
