package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"jixiao"
)

// sePhase is where the self-evaluation reader is within a form.
type sePhase int

const (
	seSeek  sePhase = iota // before a form
	seBlock                // key-value block, money, goals
	seGrid                 // the indicator grid
	seOver                 // after the total row or the conclusions
)

// seReader walks the cell stream of one file.
type seReader struct {
	name     string
	layout   string
	toks     []stok
	i        int
	forms    []*jixiao.SelfEvaluationForm
	f        *jixiao.SelfEvaluationForm
	phase    sePhase
	money    []seCol // the money block's columns, in order
	moneyPos []int   // their cell positions (see stok.pos)
	grid     []seCol // the grid's value columns after 三级指标, in order
	gridPos  []int
	l1, l2   string // printed category labels in force
	refused  string // a look-alike seen: 绩效目标表, 绩效监控表 …
	refLine  int
	complete bool // the current form reached its total row or its conclusions
}

func readSelfEvaluations(name string, lines []string, at func(int) int, layout string) ([]*jixiao.SelfEvaluationForm, error) {
	r := &seReader{name: name, layout: layout, toks: selfEvalTokens(lines, at)}
	for r.i < len(r.toks) {
		r.step()
	}
	r.finish()
	if len(r.forms) == 0 {
		return nil, r.notFound()
	}
	for _, f := range r.forms {
		checkSelfEvaluation(f, layout)
	}
	return r.forms, nil
}

func (r *seReader) notFound() error {
	msg := "没有找到项目支出绩效自评表：自评表应有“自评表”标题、项目名称，以及“全年执行数”（或“预算执行数”）和“得分”栏"
	if r.refused != "" {
		msg = fmt.Sprintf("这是%s（%s），不是项目支出绩效自评表；%s", r.refused, jixiao.LineLabel(r.layout, r.refLine), msg)
	}
	return inputErr(r.name, 0, msg)
}

// lookAlikes are the titles of the forms a 自评表 is confused with.
var lookAlikes = []struct{ word, name string }{
	{"整体支出", "部门整体支出绩效表"}, {"监控", "绩效监控表"}, {"绩效目标表", "绩效目标表"},
	{"绩效目标申报表", "绩效目标申报表"}, {"绩效目标批复表", "绩效目标批复表"}, {"评价报告", "绩效评价报告"},
}

func (r *seReader) step() {
	t := r.toks[r.i]
	k := t.key
	if isSelfEvalTitle(k) && !containsAny(k, []string{"整体支出", "监控"}) {
		r.startForm(t)
		r.i++
		return
	}
	if utf8.RuneCountInString(k) <= maxTitleRunes && strings.Contains(k, "表") {
		for _, la := range lookAlikes {
			if strings.Contains(k, la.word) {
				if r.refused == "" {
					r.refused, r.refLine = la.name, t.line
				}
				if r.f != nil {
					r.closeForm()
				}
				r.phase = seSeek
				r.i++
				return
			}
		}
	}
	switch r.phase {
	case seSeek, seOver:
		r.i++
	case seBlock:
		r.block()
	case seGrid:
		r.gridStep()
	}
}

func (r *seReader) startForm(t stok) {
	if r.f != nil {
		r.closeForm()
	}
	r.f = &jixiao.SelfEvaluationForm{Title: t.text, TitleLine: t.line, Year: yearIn(t.text), MoneyUnit: jixiao.WanYuan}
	if r.f.Year == 0 && r.i+1 < len(r.toks) && utf8.RuneCountInString(r.toks[r.i+1].key) <= 12 {
		r.f.Year = yearIn(r.toks[r.i+1].key)
	}
	r.phase, r.money, r.moneyPos, r.grid, r.gridPos, r.l1, r.l2, r.complete = seBlock, nil, nil, nil, nil, "", "", false
}

func (r *seReader) closeForm() {
	f := r.f
	r.f = nil
	if f.Project == "" && len(f.Funds) == 0 && len(f.Indicators) == 0 {
		return // a title with nothing under it
	}
	r.forms = append(r.forms, f)
}

func (r *seReader) finish() {
	if r.f == nil {
		return
	}
	if !r.complete {
		r.f.Truncated = true
		r.dropCutRow()
		at := r.toks[len(r.toks)-1].line
		r.f.Findings = append(r.f.Findings, jixiao.Finding{Rule: "parse.truncated", Severity: jixiao.SeverityWarning, Project: r.f.Project, Line: at,
			Message: fmt.Sprintf("文本在%s处中断，自评表不完整：只保留了完整的行，总分和自评等级未读到", jixiao.LineLabel(r.layout, at))})
	}
	r.closeForm()
}

// dropCutRow drops the last indicator of a cut form when the text stopped
// inside it: its 分值 was not reached.
func (r *seReader) dropCutRow() {
	ins := r.f.Indicators
	if n := len(ins); n > 0 && ins[n-1].Weight.Text == "" {
		r.f.Indicators = ins[:n-1]
	}
}

// isLabel reports whether a cell is a label of the block or the grid, so
// that it is no field's value.
func isSELabel(k string) bool {
	if _, ok := fieldOf(stripBrackets(k)); ok {
		return true
	}
	if _, ok := seMoneyCols[k]; ok {
		return true
	}
	if _, _, ok := fundOf(k); ok {
		return true
	}
	if seGoalHeads[k] || k == "一级指标" || strings.HasPrefix(k, "绩效指标") || strings.HasPrefix(k, "项目资金") || strings.HasPrefix(k, "预算执行情况") {
		return true
	}
	_, ok := categoryOf(k)
	return ok
}

// block reads one cell of the key-value block, the money rows and the goals.
func (r *seReader) block() {
	t := r.toks[r.i]
	k := t.key
	sk := stripBrackets(k)
	if fld, ok := fieldOf(sk); ok && (fld == fieldName || fld == fieldDepartment || fld == fieldUnit) {
		r.i++
		v, line, ok := r.value()
		if !ok {
			return
		}
		code, name := seSplitCode(v)
		switch fld {
		case fieldName:
			if r.f.Project == "" {
				r.f.Project, r.f.ProjectCode, r.f.ProjectLine = name, code, line
			}
		case fieldDepartment:
			r.f.Department, r.f.DepartmentCode, r.f.DepartmentLine = name, code, line
		case fieldUnit:
			r.f.Unit, r.f.UnitCode, r.f.UnitLine = name, code, line
		}
		return
	}
	if strings.Contains(k, "(元)") {
		r.f.MoneyUnit = jixiao.Yuan
	}
	if c, ok := seMoneyCols[k]; ok && c != seReason || r.money != nil && k == "原因" {
		r.money = append(r.money, c)
		r.moneyPos = append(r.moneyPos, t.pos)
		r.i++
		return
	}
	if label, src, ok := fundOf(k); ok && r.money != nil {
		r.i++
		r.fundRow(label, src, t.line)
		return
	}
	if k == "预期目标" || k == "项目年度目标" {
		r.goalHeader()
		return
	}
	if k == "一级指标" || k == "一级" {
		r.phase = seGrid
		r.grid = nil
		r.i++
		r.gridHeader()
		return
	}
	r.i++
}

// value takes the cell after a label as its value, unless it is a label.
func (r *seReader) value() (string, int, bool) {
	if r.i >= len(r.toks) {
		return "", 0, false
	}
	t := r.toks[r.i]
	if isSELabel(t.key) || isSelfEvalTitle(t.key) {
		return "", 0, false
	}
	r.i++
	return t.text, t.line, true
}

// fundRow reads the values after a fund label: by their cells' columns
// where the flattening keeps them and they fall under the money header,
// else placing each by its kind in the header's order.
func (r *seReader) fundRow(label string, src jixiao.FundSource, line int) {
	fr := jixiao.SelfEvalFund{Label: label, Source: src, Line: line}
	var vals []stok
	for r.i < len(r.toks) {
		t := r.toks[r.i]
		if !isNumberCell(t.text) && !isBlankMark(t.text) {
			break
		}
		vals = append(vals, t)
		r.i++
		if t.rowEnd {
			break
		}
	}
	if cols, ok := byPosition(vals, r.money, r.moneyPos); ok {
		for j, t := range vals {
			if !isBlankMark(t.text) {
				r.placeMoney(&fr, cols[j], t)
			}
		}
	} else {
		r.fundByKind(&fr, vals)
	}
	if fr.Planned.Text != "" || fr.Budget.Text != "" || fr.Executed.Text != "" || fr.Weight.Text != "" || fr.Rate.Text != "" || fr.Score.Text != "" {
		r.f.Funds = append(r.f.Funds, fr) // a row left blank (or "/" only) is a template row
	}
}

// byPosition gives the header column of each value by its cell position,
// or false when a value has none or falls under no header cell.
func byPosition(vals []stok, cols []seCol, pos []int) ([]seCol, bool) {
	out := make([]seCol, len(vals))
	for j, v := range vals {
		if v.pos < 0 {
			return nil, false
		}
		k := -1
		for c, p := range pos {
			if p == v.pos {
				k = c
			}
		}
		if k < 0 {
			return nil, false
		}
		out[j] = cols[k]
	}
	return out, len(vals) > 0
}

func (r *seReader) fundByKind(fr *jixiao.SelfEvalFund, vals []stok) {
	col := 0
	for j, t := range vals {
		percent := strings.HasSuffix(strings.TrimSpace(jixiao.FoldWidth(t.text)), "%")
		for col < len(r.money) && (!fitsMoneyCol(r.money[col], percent, isBlankMark(t.text)) ||
			// A plain number skips a 执行率 left blank when fewer values
			// than columns remain ("880 880 880 10 10": 分值, 得分).
			r.money[col] == seRate && !percent && len(vals)-j < len(r.money)-col) {
			col++
		}
		if col == len(r.money) {
			if !isBlankMark(t.text) {
				r.f.Findings = append(r.f.Findings, jixiao.Finding{Rule: "parse.amount", Severity: jixiao.SeverityWarning, Project: r.f.Project, Line: t.line,
					Message: fmt.Sprintf("%s“%s”行多出一个数“%s”，表头没有可放的栏，未读入", jixiao.LineLabel(r.layout, t.line), fr.Label, t.text)})
			}
			continue
		}
		if !isBlankMark(t.text) {
			r.placeMoney(fr, r.money[col], t)
		}
		col++
	}
}

func fitsMoneyCol(c seCol, percent, blank bool) bool {
	switch {
	case blank:
		return c == seWeight || c == seScore
	case percent:
		return c == seRate
	}
	return c != seReason
}

func (r *seReader) placeMoney(fr *jixiao.SelfEvalFund, c seCol, t stok) {
	money := func(mc *jixiao.MoneyCell) {
		mc.Text = t.text
		if m, err := jixiao.ParseMoney(t.text, r.f.MoneyUnit); err == nil {
			mc.Amount, mc.OK = m, true
			return
		}
		r.f.Findings = append(r.f.Findings, jixiao.Finding{Rule: "parse.amount", Severity: jixiao.SeverityError, Project: r.f.Project, Line: t.line,
			Message: fmt.Sprintf("%s“%s”的金额“%s”无法读取", jixiao.LineLabel(r.layout, t.line), fr.Label, t.text)})
	}
	switch c {
	case sePlanned:
		money(&fr.Planned)
	case seBudget:
		money(&fr.Budget)
	case seExecuted:
		money(&fr.Executed)
	case seWeight:
		fr.Weight = pointsCell(t.text)
	case seRate:
		fr.Rate = pointsCell(t.text)
	case seScore:
		fr.Score = pointsCell(t.text)
	}
}

// goalHeader reads "预期目标 | 实际完成情况 | <goal> | <actual>".
func (r *seReader) goalHeader() {
	r.i++
	for r.i < len(r.toks) && seGoalHeads[r.toks[r.i].key] {
		r.i++
	}
	var texts []stok
	for r.i < len(r.toks) && len(texts) < 2 {
		t := r.toks[r.i]
		if isSELabel(t.key) || strings.HasPrefix(t.key, "2.") || strings.Contains(t.key, "绩效指标") {
			break
		}
		texts = append(texts, t)
		r.i++
	}
	if len(texts) == 0 {
		return
	}
	if len(texts) == 1 {
		// "完成年度防汛工作。 完成年度目标。": the two cells on one line.
		if a, b, ok := strings.Cut(texts[0].text, "。 "); ok {
			texts = []stok{{text: a + "。", line: texts[0].line}, {text: strings.TrimSpace(b), line: texts[0].line}}
		}
	}
	g := jixiao.SelfEvalGoal{Target: texts[0].text, Line: texts[0].line}
	if len(texts) > 1 && !isTemplateHint(texts[1].text) {
		g.Actual = texts[1].text
	}
	if isTemplateHint(g.Target) {
		return
	}
	r.f.Goals = append(r.f.Goals, g)
}
