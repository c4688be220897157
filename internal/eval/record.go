package eval

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"jixiao"
)

// FileErrors are every problem found in the files of one recording, each
// with its file and line. It matches jixiao.ErrInvalid.
type FileErrors []*jixiao.InputError

func (fe FileErrors) Error() string {
	msgs := make([]string, len(fe))
	for i, e := range fe {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Is makes errors.Is(err, jixiao.ErrInvalid) true.
func (fe FileErrors) Is(target error) bool { return target == jixiao.ErrInvalid }

// InputProblems returns the problems with the input that err reports (FileErrors,
// or a single *jixiao.InputError), each with its file and line; false when
// err is something else, such as a store failure.
func InputProblems(err error) (FileErrors, bool) {
	var fe FileErrors
	var ie *jixiao.InputError
	switch {
	case errors.As(err, &fe):
		return fe, true
	case errors.As(err, &ie):
		return FileErrors{ie}, true
	}
	return nil, false
}

// maxErrors bounds how many problems one reading reports.
const maxErrors = 100

// ReadPath reads what a unit filled in: a folder holding execution.csv and
// actuals.csv, or an .xlsx workbook with the sheets execution and actuals.
// Every row is checked against doc and every entry against the scoring
// rules of cfg; any problem fails the whole reading (FileErrors), so that
// nothing is half stored.
func ReadPath(path string, doc *jixiao.Document, round jixiao.Round, cfg Config) (*jixiao.Actuals, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &jixiao.InputError{File: path, Msg: "无法读取: " + err.Error()}
	}
	if fi.IsDir() {
		exec, acts, err := ReadFolder(path)
		if err != nil {
			return nil, err
		}
		return parseTables(exec, acts, doc, round, cfg)
	}
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return nil, &jixiao.InputError{File: path, Msg: "须是含 execution.csv 和 actuals.csv 的文件夹，或 .xlsx 工作簿"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &jixiao.InputError{File: path, Msg: "无法读取: " + err.Error()}
	}
	return ReadWorkbook(path, data, doc, round, cfg)
}

// ReadWorkbook is ReadPath for the bytes of a workbook called name (an
// upload).
func ReadWorkbook(name string, data []byte, doc *jixiao.Document, round jixiao.Round, cfg Config) (*jixiao.Actuals, error) {
	exec, acts, err := readWorkbook(name, data)
	if err != nil {
		return nil, err
	}
	return parseTables(exec, acts, doc, round, cfg)
}

// reader holds the state of one reading.
type reader struct {
	doc      *jixiao.Document
	errs     FileErrors
	projects map[int]*jixiao.Project
	a        *jixiao.Actuals
	execLine map[int]int    // project seq → line in execution
	indLine  map[[2]int]int // (project seq, seq) → line in actuals
	exec     *table
	acts     *table
}

func (rd *reader) fail(t *table, r int, format string, args ...any) {
	if len(rd.errs) < maxErrors {
		rd.errs = append(rd.errs, &jixiao.InputError{File: t.file, Line: t.lines[r], Msg: fmt.Sprintf(format, args...)})
	}
}

func parseTables(exec, acts *table, doc *jixiao.Document, round jixiao.Round, cfg Config) (*jixiao.Actuals, error) {
	rd := &reader{doc: doc, projects: map[int]*jixiao.Project{}, a: &jixiao.Actuals{Round: round},
		execLine: map[int]int{}, indLine: map[[2]int]int{}, exec: exec, acts: acts}
	for i := range doc.Projects {
		rd.projects[doc.Projects[i].Seq] = &doc.Projects[i]
	}
	for r := range exec.rows {
		rd.executionRow(r)
	}
	for r := range acts.rows {
		rd.actualsRow(r)
	}
	if len(rd.errs) == 0 {
		rd.checkScoring(cfg)
	}
	if len(rd.errs) > 0 {
		return nil, rd.errs
	}
	return rd.a, nil
}

// project reads the project_seq cell of row r and finds its project.
func (rd *reader) project(t *table, r int) *jixiao.Project {
	s := t.cell(r, "project_seq")
	seq, err := strconv.Atoi(s)
	if err != nil {
		rd.fail(t, r, "project_seq %q 不是项目序号", s)
		return nil
	}
	p := rd.projects[seq]
	if p == nil {
		rd.fail(t, r, "文档中没有序号为 %d 的项目", seq)
	}
	return p
}

func sameText(a, b string) bool {
	return jixiao.CleanText(jixiao.FoldWidth(a)) == jixiao.CleanText(jixiao.FoldWidth(b))
}

func (rd *reader) executionRow(r int) {
	t := rd.exec
	p := rd.project(t, r)
	if p == nil {
		return
	}
	if name := t.cell(r, "project"); !sameText(name, p.Name) {
		rd.fail(t, r, "项目 %d 的名称应为 %q，实为 %q（行是否错位？）", p.Seq, p.Name, name)
		return
	}
	if prev, dup := rd.execLine[p.Seq]; dup {
		rd.fail(t, r, "项目 %d 已在第 %d 行出现过", p.Seq, prev)
		return
	}
	rd.execLine[p.Seq] = t.lines[r]
	pa := jixiao.ProjectActual{ProjectSeq: p.Seq, Note: t.cell(r, "note")}
	var ok bool
	if pa.Executed, pa.HasExecuted, ok = rd.money(t, r, "executed", "执行数"); !ok {
		return
	}
	if pa.Forecast, pa.HasForecast, ok = rd.money(t, r, "forecast", "全年预计执行数"); !ok {
		return
	}
	if !rd.funds(t, r, &pa) {
		return
	}
	rd.a.Projects = append(rd.a.Projects, pa)
}

// funds reads the 全年预算数 (the budget column) and its split by fund
// source, and the split of the 全年执行数, and checks that the parts fit
// in their totals.
func (rd *reader) funds(t *table, r int, pa *jixiao.ProjectActual) bool {
	var ok, hasCB, hasOB, hasCE, hasOE bool
	if pa.Budget, pa.HasBudget, ok = rd.money(t, r, "budget", "全年预算数"); !ok {
		return false
	}
	if pa.CarriedBudget, hasCB, ok = rd.money(t, r, "carried_budget", "上年结转资金"); !ok {
		return false
	}
	if pa.OtherBudget, hasOB, ok = rd.money(t, r, "other_budget", "其他资金"); !ok {
		return false
	}
	if pa.CarriedExecuted, hasCE, ok = rd.money(t, r, "carried_executed", "上年结转资金执行数"); !ok {
		return false
	}
	if pa.OtherExecuted, hasOE, ok = rd.money(t, r, "other_executed", "其他资金执行数"); !ok {
		return false
	}
	pa.HasSplit = hasCE || hasOE
	u := rd.doc.MoneyUnit
	switch {
	case (hasCB || hasOB) && !pa.HasBudget:
		rd.fail(t, r, "项目 %d 填写了上年结转或其他资金，须同时填写全年预算数（budget）", pa.ProjectSeq)
	case pa.CarriedBudget+pa.OtherBudget > pa.Budget:
		rd.fail(t, r, "项目 %d 的上年结转 %s 与其他资金 %s 之和超过全年预算数 %s", pa.ProjectSeq,
			pa.CarriedBudget.Format(u), pa.OtherBudget.Format(u), pa.Budget.Format(u))
	case pa.HasSplit && !pa.HasExecuted:
		rd.fail(t, r, "项目 %d 按资金来源填写了执行数，须同时填写全年执行数（executed）", pa.ProjectSeq)
	case pa.CarriedExecuted+pa.OtherExecuted > pa.Executed:
		rd.fail(t, r, "项目 %d 的上年结转执行数 %s 与其他资金执行数 %s 之和超过全年执行数 %s", pa.ProjectSeq,
			pa.CarriedExecuted.Format(u), pa.OtherExecuted.Format(u), pa.Executed.Format(u))
	default:
		return true
	}
	return false
}

// money reads an amount in the document's unit. A sheet's number cell may
// carry binary noise ("50.599999999999994"): it is rounded half up to the
// unit's precision; a CSV cell must be exact.
func (rd *reader) money(t *table, r int, col, what string) (jixiao.Money, bool, bool) {
	s := t.cell(r, col)
	if s == "" {
		return 0, false, true
	}
	unit := rd.doc.MoneyUnit
	if t.sheet {
		if v, ok := decimalRat(strings.ReplaceAll(s, ",", "")); ok {
			s = v.FloatString(unit.Decimals())
		}
	}
	m, err := jixiao.ParseMoney(s, unit)
	if err != nil {
		rd.fail(t, r, "%s %q 不是以%s为单位的金额（最多 %d 位小数）", what, s, unit, unit.Decimals())
		return 0, false, false
	}
	if m < 0 {
		rd.fail(t, r, "%s %q 不能为负数", what, s)
		return 0, false, false
	}
	return m, true, true
}

func (rd *reader) actualsRow(r int) {
	t := rd.acts
	p := rd.project(t, r)
	if p == nil {
		return
	}
	ind := rd.indicator(t, r, p)
	if ind == nil {
		return
	}
	key := [2]int{p.Seq, ind.Seq}
	if prev, dup := rd.indLine[key]; dup {
		rd.fail(t, r, "项目 %d 指标 %d 已在第 %d 行出现过", p.Seq, ind.Seq, prev)
		return
	}
	rd.indLine[key] = t.lines[r]
	ia := jixiao.IndicatorActual{ProjectSeq: p.Seq, Seq: ind.Seq, Text: t.cell(r, "actual"), Score: t.cell(r, "score"),
		Weight: t.cell(r, "weight"), Forecast: t.cell(r, "forecast"), Note: t.cell(r, "note")}
	if !rd.target(t, r, ind, &ia) || !rd.grade(t, r, &ia) || !rd.value(t, r, ind, &ia) {
		return
	}
	reasons, err := jixiao.ParseDeviationReasons(t.cell(r, "deviation_reasons"))
	if err != nil {
		rd.fail(t, r, "%v", err)
		return
	}
	ia.Reasons = reasons
	l, ok := jixiao.ParseLikelihood(t.cell(r, "likelihood"))
	if !ok {
		rd.fail(t, r, "完成目标可能性 %q 应为 确定能/有可能/完全不可能（或 1/2/3）", t.cell(r, "likelihood"))
		return
	}
	ia.Likelihood = l
	rd.a.Indicators = append(rd.a.Indicators, ia)
}

func (rd *reader) indicator(t *table, r int, p *jixiao.Project) *jixiao.Indicator {
	s := t.cell(r, "seq")
	seq, err := strconv.Atoi(s)
	if err != nil {
		rd.fail(t, r, "seq %q 不是指标序号", s)
		return nil
	}
	for i := range p.Indicators {
		ind := &p.Indicators[i]
		if ind.Seq != seq {
			continue
		}
		if name := t.cell(r, "name"); !sameText(name, ind.Name) {
			rd.fail(t, r, "项目 %d 指标 %d 的名称应为 %q，实为 %q（行是否错位？）", p.Seq, seq, ind.Name, name)
			return nil
		}
		return ind
	}
	rd.fail(t, r, "项目 %d 没有序号为 %d 的指标", p.Seq, seq)
	return nil
}

// target accepts the annual target as the document states it, or, for a
// target without a number (one that defers to an outside figure), a number
// the evaluator entered in its place.
func (rd *reader) target(t *table, r int, ind *jixiao.Indicator, ia *jixiao.IndicatorActual) bool {
	s := t.cell(r, "annual_target")
	if s == "" || sameText(s, ind.Annual.Text) {
		return true
	}
	entered := jixiao.ParseTarget(s)
	if ind.Annual.Quantitative() || !entered.Quantitative() {
		rd.fail(t, r, "年度指标值应为 %q，实为 %q（只有没有数值的指标值可以填入具体数值，如 ≥1200人）", ind.Annual.Text, s)
		return false
	}
	ia.Target = entered
	return true
}

func (rd *reader) grade(t *table, r int, ia *jixiao.IndicatorActual) bool {
	g, ok := jixiao.ParseAttainment(t.cell(r, "grade"))
	if !ok {
		rd.fail(t, r, "grade %q 应为 达成/部分达成/未达成", t.cell(r, "grade"))
		return false
	}
	ia.Grade = g
	return true
}

// value reads the actual: a number for a target that has one; for one
// without, a grade written in the actual column counts as the grade.
func (rd *reader) value(t *table, r int, ind *jixiao.Indicator, ia *jixiao.IndicatorActual) bool {
	target := EffectiveTarget(*ind, *ia)
	g, isGrade := jixiao.ParseAttainment(ia.Text)
	if !target.Quantitative() {
		if isGrade && g != "" && ia.Grade == "" {
			ia.Grade = g
		}
		return true
	}
	if isGrade && g != "" {
		rd.fail(t, r, "指标 %q 的年度指标值 %s 是数值：actual 列请填写实际完成的数值，而不是 %s", ind.Name, target.Text, ia.Text)
		return false
	}
	v, err := ParseValue(ia.Text, target)
	if err != nil {
		rd.fail(t, r, "实际完成值 %v", err)
		return false
	}
	if f := ia.Forecast; f != "" {
		if _, err := ParseValue(f, target); err != nil {
			rd.fail(t, r, "全年预计完成值 %v", err)
			return false
		}
	}
	ia.Value = v
	return true
}

// checkScoring scores every project the files touch and reports each
// problem (a score outside its band, weights that do not add up) at the
// line it comes from.
func (rd *reader) checkScoring(cfg Config) {
	lk := newLookup(rd.a)
	for i := range rd.doc.Projects {
		p := &rd.doc.Projects[i]
		_, probs := scoreProject(cfg, p, lk)
		for _, pr := range probs {
			rd.failAt(p.Seq, pr)
		}
	}
}

func (rd *reader) failAt(projectSeq int, pr Problem) {
	line, t := rd.indLine[[2]int{projectSeq, pr.Seq}], rd.acts
	if pr.Seq == 0 {
		line = rd.firstIndicatorLine(projectSeq)
		if pr.Field == "executed" {
			line, t = rd.execLine[projectSeq], rd.exec
		}
	}
	if len(rd.errs) < maxErrors {
		rd.errs = append(rd.errs, &jixiao.InputError{File: t.file, Line: line, Msg: pr.Error()})
	}
}

func (rd *reader) firstIndicatorLine(projectSeq int) int {
	first := 0
	for k, l := range rd.indLine {
		if k[0] == projectSeq && (first == 0 || l < first) {
			first = l
		}
	}
	return first
}

// ParseRows checks rows given directly (a form), each table with its
// header first, as ReadPath checks files; a problem's File is "execution"
// or "actuals" and its Line the row's 1-based index, the header being 1.
func ParseRows(exec, acts [][]string, doc *jixiao.Document, round jixiao.Round, cfg Config) (*jixiao.Actuals, error) {
	tables := make([]*table, 2)
	for i, t := range []struct {
		name            string
		rows            [][]string
		fixed, optional []string
		titles          map[string]string
	}{{ExecutionSheet, exec, ExecutionHeader, executionOptional, executionTitles}, {ActualsSheet, acts, ActualsHeader, actualsOptional, actualsTitles}} {
		lines := make([]int, len(t.rows))
		for j := range lines {
			lines[j] = j + 1
		}
		var err error
		if tables[i], err = newTable(t.name, t.rows, lines, t.fixed, t.optional, t.titles); err != nil {
			return nil, err
		}
	}
	return parseTables(tables[0], tables[1], doc, round, cfg)
}
