package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"jixiao"
)

// gridHeader reads the grid's header after 一级指标: 二级指标, 三级指标 and
// the value columns.
func (r *seReader) gridHeader() {
	for r.i < len(r.toks) {
		k := r.toks[r.i].key
		if k == "二级指标" || k == "三级指标" || k == "二级" || k == "三级" || k == "指标" {
			r.i++
			continue
		}
		c, ok := seGridCols[k]
		if !ok {
			return
		}
		r.grid = append(r.grid, c)
		r.gridPos = append(r.gridPos, r.toks[r.i].pos)
		r.i++
	}
}

func (r *seReader) hasCol(c seCol) bool {
	for _, g := range r.grid {
		if g == c {
			return true
		}
	}
	return false
}

func isTotalKey(k string) bool {
	return k == "合计" || k == "总分" || k == "总计" || strings.HasPrefix(k, "总分") && len([]rune(k)) <= 6
}

func isEndKey(k string) bool {
	for _, w := range seEndWords {
		if strings.HasPrefix(k, w) {
			return true
		}
	}
	return false
}

// isGrade recognises a printed 自评等级.
func isGrade(k string) bool {
	switch k {
	case "优", "良", "中", "差", "优秀", "良好", "合格", "不合格":
		return true
	}
	return false
}

// gridStep reads one cell of the indicator grid.
func (r *seReader) gridStep() {
	t := r.toks[r.i]
	k := t.key
	switch {
	case isEndKey(k):
		r.phase, r.complete = seOver, true
		r.i++
	case isTotalKey(k):
		r.i++
		r.totalRow(t)
	case k == "自评等级" || k == "等级":
		r.i++
		if r.i < len(r.toks) && isGrade(r.toks[r.i].key) {
			r.f.Grade, r.f.GradeLine = r.toks[r.i].text, r.toks[r.i].line
			r.i++
		}
	case k == "一级指标" || k == "一级":
		r.grid, r.gridPos = nil, nil
		r.i++
		r.gridHeader()
	case strings.HasPrefix(k, "绩效指标") || strings.HasPrefix(k, "年度绩效目标") || k == "年度绩效指标":
		r.i++
	default:
		if c, ok := categoryOf(k); ok {
			r.category(t, c)
			r.i++
			return
		}
		r.indicator(t)
	}
}

// category sets the printed label in force.
func (r *seReader) category(t stok, c category) {
	level := c.level
	if level == 0 {
		// 成本指标 and 满意度指标 are printed at either level: a 二级 under
		// 产出 (2015) or under 满意度指标, else a 一级.
		next := r.i+1 < len(r.toks) && isCategoryKey(r.toks[r.i+1].key)
		cur, _ := categoryOf(cellKey(r.l1))
		l2, _ := categoryOf(cellKey(r.l2))
		under := cur.name
		if under == "" {
			under = parentOf(l2.name) // the 一级 label was lost: its 二级 tell
		}
		switch {
		case next:
			level = 1
		case under == c.name || under == "产出指标" && c.name == "成本指标":
			level = 2
		default:
			level = 1
		}
	}
	if level == 1 {
		r.l1, r.l2 = t.text, ""
		return
	}
	r.l2 = t.text
}

func isCategoryKey(k string) bool {
	_, ok := categoryOf(k)
	return ok
}

// indicator reads a row from its 三级指标 name: the value cells up to the
// row's end, the next category, the total or the conclusions.
func (r *seReader) indicator(name stok) {
	r.i++
	var vals []stok
	tIdx := 0 // where the target sits: after an operator column's cell
	for r.i < len(r.toks) && !name.rowEnd {
		t := r.toks[r.i]
		k := t.key
		if isCategoryKey(k) || isTotalKey(k) || isEndKey(k) || isSelfEvalTitle(k) || k == "一级指标" || k == "自评等级" ||
			isSEPlaceholder(t.text) && !isNumberCell(t.text) {
			break
		}
		if len(vals) == 0 && r.hasCol(seOp) && isOpCell(t.text) {
			tIdx = 1
		}
		if !isNumberCell(t.text) && !isBlankMark(t.text) && r.weightSeen(vals, tIdx) && !t.rowEnd {
			// Glued text: the scores are read, so this is the next name,
			// or the row's 偏差原因 when no value follows it.
			if r.hasCol(seReason) && !isSEPlaceholder(t.text) && r.endsRow(r.i+1) {
				vals = append(vals, t)
				r.i++
			}
			break
		}
		vals = append(vals, t)
		r.i++
		if t.rowEnd {
			break
		}
	}
	if len(vals) == 0 || isSEPlaceholder(name.text) || isTemplateHint(name.text) {
		return // an empty template row ("指标2", "……"), or a name the text cut
	}
	in := jixiao.SelfEvalIndicator{Name: name.text, Line: name.line, Level1Printed: r.l1, Level2Printed: r.l2}
	r.mapLevels(&in)
	if cols, ok := byPosition(vals, r.grid, r.gridPos); ok {
		r.assignByPosition(&in, vals, cols)
	} else {
		r.assign(&in, vals)
	}
	r.f.Indicators = append(r.f.Indicators, in)
}

// endsRow reports whether the cell at i starts no value of the row before
// it: the text ends, or a category, a total, the conclusions or a template
// row's name follow.
func (r *seReader) endsRow(i int) bool {
	if i >= len(r.toks) {
		return true
	}
	k := r.toks[i].key
	t := r.toks[i].text
	return isCategoryKey(k) || isTotalKey(k) || isEndKey(k) || isSelfEvalTitle(k) || isSEPlaceholder(t) && !isNumberCell(t)
}

// weightSeen reports whether a number follows the target among the cells
// collected: the row's scores have begun.
func (r *seReader) weightSeen(vals []stok, tIdx int) bool {
	for i := tIdx + 1; i < len(vals); i++ {
		if isNumberCell(vals[i].text) && !strings.HasSuffix(vals[i].text, "%") {
			return true
		}
	}
	return false
}

func isOpCell(s string) bool {
	switch strings.TrimSpace(jixiao.FoldWidth(s)) {
	case "=", "≥", "≤", ">", "<", ">=", "<=", "定性", "定量", "＝":
		return true
	}
	return false
}

var doneWords = []string{"完成", "达成", "达到", "实现", "合格", "满意", "是", "否", "有效", "良好"}

// assign places an indicator's value cells by what they are.
func (r *seReader) assign(in *jixiao.SelfEvalIndicator, vals []stok) {
	var clean []stok
	for _, v := range vals {
		if !isBlankMark(v.text) {
			clean = append(clean, v)
		}
	}
	plainNumber := func(s string) bool { return isNumberCell(s) && !strings.HasSuffix(strings.TrimSpace(s), "%") }
	allNumbers := len(clean) > 0
	for _, v := range clean {
		allNumbers = allNumbers && plainNumber(v.text)
	}
	switch {
	case allNumbers && len(clean) == 2 && !r.hasCol(seOp):
		// "指标1:工程质量合格 10 10": 年度指标值 and 实际完成值 left blank.
		in.Weight, in.Score = pointsCell(clean[0].text), pointsCell(clean[1].text)
		return
	case allNumbers && len(clean) == 3 && !r.hasCol(seOp):
		in.Target = jixiao.ParseTarget(clean[0].text)
		in.Weight, in.Score = pointsCell(clean[1].text), pointsCell(clean[2].text)
		r.warn("parse.indicator", in.Line, fmt.Sprintf("%s指标“%s”印了三个数（%s、%s、%s），按年度指标值、分值、得分读入，实际完成值视为未填；请核对", jixiao.LineLabel(r.layout, in.Line), in.Name, clean[0].text, clean[1].text, clean[2].text))
		return
	}
	i := 0
	op, target, unit := "", "", ""
	if r.hasCol(seOp) && i < len(clean) && isOpCell(clean[i].text) {
		op = clean[i].text
		i++
	}
	if i < len(clean) {
		target = clean[i].text
		i++
	}
	if r.hasCol(seUnit) && i < len(clean) && !isNumberCell(clean[i].text) && utf8.RuneCountInString(clean[i].text) <= 6 && !containsAny(clean[i].text, doneWords) {
		unit = clean[i].text
		i++
	}
	in.Target = jixiao.ParseTarget(joinTarget(op, target, unit))
	rest := clean[i:]
	if n := len(rest); n > 1 && !plainNumber(rest[n-1].text) && plainNumber(rest[n-2].text) {
		in.Deviation = rest[n-1].text
		rest = rest[:n-1]
	}
	if len(rest) > 0 && !plainNumber(rest[0].text) {
		in.Actual = rest[0].text
		rest = rest[1:]
	}
	switch {
	case len(rest) >= 3 && in.Actual == "":
		in.Actual, in.Weight, in.Score = rest[0].text, pointsCell(rest[1].text), pointsCell(rest[2].text)
		rest = rest[3:]
	case len(rest) >= 2:
		in.Weight, in.Score = pointsCell(rest[0].text), pointsCell(rest[1].text)
		if in.Actual == "" && r.hasCol(seActual) && in.Target.Quantitative() {
			r.warn("parse.indicator", in.Line, fmt.Sprintf("%s指标“%s”只印了两个数（%s、%s），按分值、得分读入，实际完成值视为未填；请核对", jixiao.LineLabel(r.layout, in.Line), in.Name, rest[0].text, rest[1].text))
		}
		rest = rest[2:]
	case len(rest) == 1:
		in.Weight = pointsCell(rest[0].text)
		rest = nil
	}
	if len(rest) == 1 && in.Deviation == "" && r.hasCol(seReason) {
		in.Deviation, rest = rest[0].text, nil // a 偏差 cell printed "0"
	}
	for _, x := range rest {
		r.warn("parse.indicator", x.line, fmt.Sprintf("%s指标“%s”多出一格“%s”，没有可放的栏，未读入", jixiao.LineLabel(r.layout, x.line), in.Name, x.text))
	}
}

func (r *seReader) warn(rule string, line int, msg string) {
	r.f.Findings = append(r.f.Findings, jixiao.Finding{Rule: rule, Severity: jixiao.SeverityWarning, Project: r.f.Project, Line: line, Message: msg})
}

// mapLevels maps the printed labels to the scheme's names and codes, as the
// target-table reader does.
func (r *seReader) mapLevels(in *jixiao.SelfEvalIndicator) {
	if c, ok := categoryOf(cellKey(in.Level1Printed)); ok {
		in.Level1 = c.name
	}
	if c, ok := categoryOf(cellKey(in.Level2Printed)); ok {
		in.Level2 = c.name
	}
	if in.Level2 == "满意度指标" {
		in.Level2 = "服务对象满意度指标"
	}
	if in.Level1 == "" {
		in.Level1 = parentOf(in.Level2)
	}
	if in.Level1 == "满意度指标" && in.Level2 == "" {
		in.Level2 = "服务对象满意度指标"
	}
	in.Level1Code = level1Codes[in.Level1]
	in.Level2Code = level2Code(in.Level2, in.Level1)
}

// totalRow reads "总分 | 100 | 95 | 优" or "合计 | 100".
func (r *seReader) totalRow(t stok) {
	r.f.TotalLine, r.complete = t.line, true
	var nums []stok
	for r.i < len(r.toks) && len(nums) < 2 {
		x := r.toks[r.i]
		if isBlankMark(x.text) {
			r.i++
			continue
		}
		if !isNumberCell(x.text) {
			break
		}
		nums = append(nums, x)
		r.i++
		if x.rowEnd {
			break
		}
	}
	if len(nums) > 0 {
		r.f.TotalWeight = pointsCell(nums[0].text)
	}
	if len(nums) > 1 {
		r.f.TotalScore = pointsCell(nums[1].text)
	}
	if r.i < len(r.toks) && isGrade(r.toks[r.i].key) {
		r.f.Grade, r.f.GradeLine = r.toks[r.i].text, r.toks[r.i].line
		r.i++
	}
}

// assignByPosition places the value cells under their header cells.
func (r *seReader) assignByPosition(in *jixiao.SelfEvalIndicator, vals []stok, cols []seCol) {
	var op, target, unit string
	for j, v := range vals {
		if isBlankMark(v.text) {
			continue
		}
		switch cols[j] {
		case seOp:
			op = v.text
		case seTarget:
			target = v.text
		case seUnit:
			unit = v.text
		case seActual:
			in.Actual = v.text
		case seWeight:
			in.Weight = pointsCell(v.text)
		case seScore:
			in.Score = pointsCell(v.text)
		case seReason:
			in.Deviation = v.text
		}
	}
	in.Target = jixiao.ParseTarget(joinTarget(op, target, unit))
}
