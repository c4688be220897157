package ingest

import (
	"fmt"
	"strings"

	"jixiao"
)

// finish turns the current form into a project of the document. atEOF is
// true when the text ends here: a form still open then is cut off.
func (r *formReader) finish(atEOF bool) {
	f := r.cur
	r.cur = nil
	if f == nil || !f.hasContent() {
		return
	}
	open := atEOF && r.phase != phaseOver && !r.closedBySatisfaction
	if f.grid != nil {
		f.grid.flush(r, f)
	}
	p := r.project(f)
	r.readMoney(f, p)
	if f.grid != nil {
		p.Indicators = append(p.Indicators, f.grid.indicators...)
		p.AnnualOnly = !f.grid.hasPeriod
	}
	if open || f.cutAt > 0 || r.preview && atEOF {
		r.truncated(f, p)
	} else if f.grid == nil {
		r.formFinding(f, "parse.structure", jixiao.SeverityError, f.line,
			fmt.Sprintf("项目“%s”的表中没有找到绩效指标（一级指标 二级指标 三级指标 指标值）", p.Name))
	}
	r.add(f, p)
	r.phase = phaseSeek
}

// truncated reports a form the text stops inside of.
func (r *formReader) truncated(f *form, p *jixiao.Project) {
	where := "文本在此处结束"
	line := f.cutAt
	if f.cutText != "" {
		where = "文本在此处中断，最后一格“" + jixiao.CleanText(f.cutText) + "”可能不完整，未导入"
	}
	if line == 0 {
		line = f.line
	}
	msg := fmt.Sprintf("项目“%s”的表不完整（%s）：已导入其中完整的 %d 个指标行，其余内容缺失；请取得完整的表再核对", p.Name, where, len(p.Indicators))
	r.formFinding(f, "parse.truncated", jixiao.SeverityWarning, line, msg)
}

// project builds a project from a form's labelled fields.
func (r *formReader) project(f *form) *jixiao.Project {
	p := &jixiao.Project{Line: f.line, Indicators: []jixiao.Indicator{}}
	p.Name = jixiao.CleanText(f.textOf(fieldName))
	dept := firstNonEmpty(f.textOf(fieldDepartment), f.textOf(fieldFiler))
	p.DepartmentCode, p.Department = splitCode(dept)
	_, p.Unit = splitCode(f.textOf(fieldUnit))
	p.Attribute = tickedOption(f.textOf(fieldAttribute))
	if opt, ok := wingdingsTick(f.textOf(fieldAttribute)); ok {
		p.Attribute = opt
		if s := f.get(fieldAttribute); s != nil {
			r.formFinding(f, "parse.text", jixiao.SeverityWarning, s.line,
				fmt.Sprintf("把“%s”后的“R”读作勾选的方框（Wingdings 2 字体的☑转成文字后成了 R）；请核对原表", opt))
		}
	}
	p.Term = jixiao.CleanText(f.textOf(fieldTerm))
	p.Goal = goalText(f, fieldAnnualGoal)
	p.PeriodGoal = goalText(f, fieldPeriodGoal)
	if p.Goal == "" && f.get(fieldAnnualGoal) == nil && f.get(fieldPeriodGoal) == nil {
		p.Goal = goalText(f, fieldGoal)
	}
	if p.Term == "" {
		p.Term = termFromDates(f)
	}
	if p.Term == "" {
		p.Term = termFromGoalLabel(f)
	}
	for _, s := range f.slots {
		if s.field == fieldNote && len(s.text) > 0 {
			p.Notes = append(p.Notes, jixiao.Note{Label: s.label, Text: jixiao.CleanText(strings.Join(s.text, ""))})
		}
	}
	if p.Name == "" {
		r.formFinding(f, "parse.name", jixiao.SeverityError, f.line, "表中没有读到项目名称，已按无名项目导入")
	}
	return p
}

func goalText(f *form, fl field) string {
	s := f.get(fl)
	if s == nil {
		return ""
	}
	return strings.TrimSpace(noneAsEmpty(strings.Join(s.text, "")))
}

// termFromDates joins 项目开始日期 and 项目完成日期 into one 项目期:
// "2023-01-01至2023-12-31".
func termFromDates(f *form) string {
	start := jixiao.CleanText(f.textOf(fieldTermStart))
	end := jixiao.CleanText(f.textOf(fieldTermEnd))
	switch {
	case start != "" && end != "":
		return start + "至" + end
	case start != "":
		return start + "起"
	case end != "":
		return "至" + end
	}
	return ""
}

// termFromGoalLabel takes the period a goal's label gives when the form
// prints no 项目期: "中期滚动目标(2019年--2021年)".
func termFromGoalLabel(f *form) string {
	if s := f.get(fieldPeriodGoal); s != nil && strings.Contains(s.label, "(") && strings.Contains(s.label, "年") {
		return s.label
	}
	return ""
}

// splitCode takes a code printed in brackets off a name:
// "[015001]武汉市青山区教育局" → "015001", "武汉市青山区教育局".
func splitCode(s string) (code, name string) {
	s = strings.Join(strings.Fields(s), " ")
	defer func() { name = jixiao.CleanText(name) }()
	for _, br := range [][2]string{{"[", "]"}, {"【", "】"}, {"(", ")"}, {"（", "）"}} {
		if !strings.HasPrefix(s, br[0]) {
			continue
		}
		end := strings.Index(s, br[1])
		if end < 0 {
			continue
		}
		c := s[len(br[0]):end]
		if c != "" && allDigitsStr(c) {
			return c, strings.TrimSpace(s[end+len(br[1]):])
		}
	}
	// "324-甘孜州市场监督管理部门", "505_湘西州教育和体育局": the code before a
	// hyphen or an underscore.
	for _, sep := range []string{"-", "_"} {
		if code, rest, ok := strings.Cut(s, sep); ok && len(code) >= 3 && allDigitsStr(code) && rest != "" {
			return code, strings.TrimSpace(rest)
		}
	}
	// "湘潭市城市管理和综合执法局 308001": the code after the name.
	if i := strings.LastIndexByte(s, ' '); i > 0 && len(s)-i-1 >= 3 && allDigitsStr(s[i+1:]) {
		return s[i+1:], strings.TrimSpace(s[:i])
	}
	return "", s
}

func allDigitsStr(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// tickMarks and blankMarks are the check boxes of 项目属性: "持续性项目■
// 新增性项目口", "新增项目□延续项目√".
var (
	tickMarks  = "■☑√✓✔"
	blankMarks = "□口☐"
)

// wingdingsTick reads check boxes whose ticked box a font change turned
// into "R" (Wingdings 2's ☑): "新增项目□ 延续项目R" ticks 延续项目. ok is
// false unless the field has a blank box, no tick mark, and one option
// ending in R.
func wingdingsTick(s string) (string, bool) {
	if strings.ContainsAny(s, tickMarks) || !strings.ContainsAny(s, blankMarks) {
		return "", false
	}
	var ticked []string
	for _, opt := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(blankMarks, r) || isSpace(r) }) {
		if o, ok := strings.CutSuffix(opt, "R"); ok && o != "" {
			ticked = append(ticked, o)
		}
	}
	if len(ticked) != 1 {
		return "", false
	}
	return jixiao.CleanText(ticked[0]), true
}

// tickedOption returns the ticked option of a check-box field, or the
// field as written when it has no boxes.
func tickedOption(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, tickMarks) {
		return jixiao.CleanText(s)
	}
	var opt strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(tickMarks, r):
			return jixiao.CleanText(opt.String())
		case strings.ContainsRune(blankMarks, r):
			opt.Reset()
		default:
			opt.WriteRune(r)
		}
	}
	return jixiao.CleanText(s)
}

// formFinding records a finding of the form; add attaches it to the
// project once it has its place.
func (r *formReader) formFinding(f *form, rule string, sev jixiao.Severity, line int, msg string) {
	if line > 0 {
		msg = fmt.Sprintf("第 %d 行：%s", line, msg)
	}
	f.findings = append(f.findings, jixiao.Finding{Rule: rule, Severity: sev, Line: line, Message: strings.ReplaceAll(msg, "\n", " ")})
}

// add appends the project, its unit and its findings to the document.
func (r *formReader) add(f *form, p *jixiao.Project) {
	d := r.doc
	if d.Title == "" {
		d.Title = f.title
	}
	p.Unit = firstNonEmpty(p.Unit, p.Department, d.Agency)
	if !r.units[p.Unit] {
		r.units[p.Unit] = true
		d.Units = append(d.Units, jixiao.Unit{Name: p.Unit, Line: f.line})
	}
	d.Projects = append(d.Projects, *p)
	seq := len(d.Projects)
	for _, fd := range f.findings {
		fd.Unit, fd.Project, fd.ProjectSeq = p.Unit, p.Name, seq
		d.Findings = append(d.Findings, fd)
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
