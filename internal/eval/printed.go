package eval

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/history"
)

// A published 自评表 (jixiao.SelfEvaluationForm, read by
// ingest.ParseSelfEvaluation) becomes a project's year-end self-evaluation
// here: it is matched to the stored project by name, unit and year, its
// 项目资金 rows and 实际完成值 become the execution and actuals tables a
// unit would have filled in, read by ParseRows with every check of a
// template, and the form itself is kept (jixiao.PrintedSelfEval) so that
// its printed 分值 and 得分 stand beside jixiao's own score (ComparePrinted).
// Nothing is guessed: what cannot be carried over is an import.* finding
// and stays unrecorded.
//
//	import.match      a row of the form matched to no indicator of the project, or the reverse
//	import.cell       a cell that was not read (an amount, a 分值 or 得分), or that the checks of a template refuse
//	import.funds      the 年度资金总额 row disagrees with its parts: the execution is not recorded

// Candidate is a stored project a 自评表 may be of.
type Candidate struct {
	Doc     *jixiao.Document
	Project *jixiao.Project
}

// MatchProject returns the projects of docs that form is of: the same
// budget year, the same name (history.NameKey: widths, years and
// punctuation aside) and the same unit, the form's 实施单位 or 主管部门
// agreeing with the project's unit, its department or the document's
// agency (one name holding the other: "大英县司法局部门" is 大英县司法局).
func MatchProject(form *jixiao.SelfEvaluationForm, docs []*jixiao.Document) []Candidate {
	name := history.NameKey(form.Project)
	var out []Candidate
	for _, doc := range docs {
		if doc.Year != form.Year || name == "" {
			continue
		}
		for i := range doc.Projects {
			p := &doc.Projects[i]
			if history.NameKey(p.Name) == name && sameUnit(form, doc, p) {
				out = append(out, Candidate{doc, p})
			}
		}
	}
	return out
}

func sameUnit(form *jixiao.SelfEvaluationForm, doc *jixiao.Document, p *jixiao.Project) bool {
	for _, f := range []string{form.Unit, form.Department} {
		fk := history.NameKey(f)
		if fk == "" {
			continue
		}
		for _, s := range []string{p.Unit, p.Department, doc.Agency} {
			if sk := history.NameKey(s); sk != "" && (strings.Contains(fk, sk) || strings.Contains(sk, fk)) {
				return true
			}
		}
	}
	return false
}

// LookedFor says in Chinese what MatchProject looked for, for a refusal.
func LookedFor(form *jixiao.SelfEvaluationForm) string {
	unit := form.Unit
	if form.Department != "" && form.Department != form.Unit {
		unit = strings.Trim(form.Unit+"、"+form.Department, "、")
	}
	year := "未写明年度"
	if form.Year > 0 {
		year = fmt.Sprintf("%d 年度", form.Year)
	}
	return fmt.Sprintf("项目“%s”（单位 %s，%s）", form.Project, unit, year)
}

// indicatorPrefix is the numbering some forms print before an indicator's
// name ("指标1：", "指标2:").
var indicatorPrefix = regexp.MustCompile(`^指标\s*\d+\s*[:：]?`)

func indicatorKey(name string) string {
	return history.NameKey(indicatorPrefix.ReplaceAllString(strings.TrimSpace(jixiao.FoldWidth(name)), ""))
}

// MatchIndicators gives, for each indicator row of form, the seq of the
// indicator of p with the same name (numbering, widths and punctuation
// aside), 0 for none; each of p's indicators is matched once at most.
func MatchIndicators(form *jixiao.SelfEvaluationForm, p *jixiao.Project) []int {
	used := map[int]bool{}
	seqs := make([]int, len(form.Indicators))
	for i, fi := range form.Indicators {
		k := indicatorKey(fi.Name)
		for _, ind := range p.Indicators {
			if !used[ind.Seq] && k != "" && indicatorKey(ind.Name) == k {
				seqs[i], used[ind.Seq] = ind.Seq, true
				break
			}
		}
	}
	return seqs
}

// importRun holds one reading of a form for a project.
type importRun struct {
	doc      *jixiao.Document
	p        *jixiao.Project
	form     *jixiao.SelfEvaluationForm
	seqs     []int
	findings []jixiao.Finding
}

func (r *importRun) finding(rule string, line, seq int, format string, args ...any) {
	r.findings = append(r.findings, jixiao.Finding{Rule: rule, Severity: jixiao.SeverityWarning, Unit: r.p.Unit,
		ProjectSeq: r.p.Seq, Project: r.p.Name, IndicatorSeq: seq, Line: line, Message: fmt.Sprintf(format, args...)})
}

// ReadForm turns form into the self-evaluation of project p of doc in
// round under cfg: the actuals to record (a.PrintedForms holding the form
// with its matches and the import's findings) as a unit's tables would
// give them. A row the template's checks refuse is left out with a
// finding, not the whole form; an error is left only for what no row
// explains.
func ReadForm(form *jixiao.SelfEvaluationForm, doc *jixiao.Document, p *jixiao.Project, round jixiao.Round, cfg Config) (*jixiao.Actuals, error) {
	r := &importRun{doc: doc, p: p, form: form, seqs: MatchIndicators(form, p)}
	r.reportMatches()
	r.reportUnreadPoints()
	exec := r.executionRows()
	acts, rowOf := r.actualsRows()
	for range 3 {
		a, err := ParseRows(exec, acts, doc, round, cfg)
		if err == nil {
			a.PrintedForms = []jixiao.PrintedSelfEval{{ProjectSeq: p.Seq, Form: *form, IndicatorSeqs: r.seqs, Findings: r.findings}}
			return a, nil
		}
		var fe FileErrors
		if !errors.As(err, &fe) {
			return nil, err
		}
		dropped := false
		exec, acts, rowOf, dropped = r.dropRefused(fe, exec, acts, rowOf)
		if !dropped {
			return nil, err
		}
	}
	return nil, fmt.Errorf("自评表“%s”的填报内容未能读入", form.Project)
}

// reportMatches names the form's rows without an indicator of the project
// and the project's indicators without a row.
func (r *importRun) reportMatches() {
	matched := map[int]bool{}
	for i, fi := range r.form.Indicators {
		if r.seqs[i] == 0 {
			r.finding("import.match", fi.Line, 0, "自评表第 %d 行的指标“%s”在目标表的项目“%s”中没有同名指标，未记录", fi.Line, fi.Name, r.p.Name)
		}
		matched[r.seqs[i]] = true
	}
	for _, ind := range r.p.Indicators {
		if !matched[ind.Seq] {
			r.finding("import.match", 0, ind.Seq, "目标表的指标 %d“%s”在自评表中没有对应行，未记录其完成情况", ind.Seq, ind.Name)
		}
	}
}

// reportUnreadPoints names the printed 分值 and 得分 that are no number:
// they stay as printed and cannot be compared.
func (r *importRun) reportUnreadPoints() {
	unread := func(line int, what string, cells ...jixiao.PointsCell) {
		for _, c := range cells {
			if c.Text != "" && !c.OK {
				r.finding("import.cell", line, 0, "自评表第 %d 行“%s”的分值或得分印为“%s”，不是分数，无法对照", line, what, c.Text)
			}
		}
	}
	for _, f := range r.form.Funds {
		unread(f.Line, f.Label, f.Weight, f.Score)
	}
	for _, fi := range r.form.Indicators {
		unread(fi.Line, fi.Name, fi.Weight, fi.Score)
	}
	unread(r.form.TotalLine, "总分", r.form.TotalWeight, r.form.TotalScore)
}

// fundColumns are the execution table's columns the 项目资金 rows fill.
var fundColumns = []string{"budget", "executed", "carried_budget", "other_budget", "carried_executed", "other_executed"}

// executionRows is the execution table of the form: the 年度资金总额 row's
// 全年预算数 and 全年执行数, the 上年结转 row and the rest (财政专户, 单位,
// 其他资金) as 其他资金, and the 实际完成情况 of the 年度总体目标 as the note.
func (r *importRun) executionRows() [][]string {
	head := append([]string{"project_seq", "project"}, fundColumns...)
	head = append(head, "note")
	row := make([]string, len(head))
	row[0], row[1] = strconv.Itoa(r.p.Seq), r.p.Name
	var goals []string
	for _, g := range r.form.Goals {
		if g.Actual != "" {
			goals = append(goals, g.Actual)
		}
	}
	row[len(row)-1] = strings.Join(goals, "\n")
	if cells, ok := r.funds(); ok {
		copy(row[2:], cells)
	}
	return [][]string{head, row}
}

// funds reads the 项目资金 rows into the fund columns, or says why not.
func (r *importRun) funds() ([]string, bool) {
	var total *jixiao.SelfEvalFund
	var carried, other [2]jixiao.Money
	var hasCarried, hasOther bool
	for i := range r.form.Funds {
		f := &r.form.Funds[i]
		for _, c := range []struct {
			what string
			cell jixiao.MoneyCell
		}{{"全年预算数", f.Budget}, {"全年执行数", f.Executed}} {
			if c.cell.Text != "" && !c.cell.OK {
				r.finding("import.cell", f.Line, 0, "自评表第 %d 行“%s”的%s印为“%s”，不是金额：预算执行未记录", f.Line, f.Label, c.what, c.cell.Text)
				return nil, false
			}
		}
		switch f.Source {
		case jixiao.FundTotal:
			total = f
		case jixiao.FundCarryover:
			carried, hasCarried = [2]jixiao.Money{f.Budget.Amount, f.Executed.Amount}, true
		case jixiao.FundSpecial, jixiao.FundUnit, jixiao.FundOther:
			other[0], other[1], hasOther = other[0]+f.Budget.Amount, other[1]+f.Executed.Amount, true
		}
	}
	if total == nil || !total.Budget.OK && !total.Executed.OK {
		if len(r.form.Funds) > 0 {
			r.finding("import.funds", 0, 0, "自评表没有可读的“年度资金总额”行：预算执行未记录")
		}
		return nil, false
	}
	for _, f := range r.form.Findings {
		if f.Rule == "selfeval.funds" {
			r.finding("import.funds", total.Line, 0, "自评表第 %d 行的“%s”与其下各项资金合计不符（%s）：预算执行未记录，请核对后在填报页填写",
				total.Line, total.Label, f.Message)
			return nil, false
		}
	}
	u := r.doc.MoneyUnit
	cell := func(m jixiao.Money, ok bool) string {
		if !ok {
			return ""
		}
		return m.Format(u)
	}
	cells := []string{cell(total.Budget.Amount, total.Budget.OK), cell(total.Executed.Amount, total.Executed.OK),
		cell(carried[0], hasCarried), cell(other[0], hasOther), cell(carried[1], hasCarried), cell(other[1], hasOther)}
	return cells, true
}

// actualsRows is the actuals table: a row per matched indicator with the
// printed 实际完成值 and 偏差原因分析及改进措施 (as the note); rowOf gives
// the form's indicator index of each table row (the header is row 0).
func (r *importRun) actualsRows() ([][]string, []int) {
	rows := [][]string{{"project_seq", "seq", "name", "annual_target", "actual", "grade", "score", "deviation_reasons", "note"}}
	rowOf := []int{-1}
	for i, fi := range r.form.Indicators {
		ind := r.indicator(r.seqs[i])
		if ind == nil {
			continue
		}
		actual := strings.TrimSpace(fi.Actual)
		switch _, isGrade := jixiao.ParseAttainment(actual); {
		case actual == "":
			r.finding("import.cell", fi.Line, ind.Seq, "自评表第 %d 行的指标“%s”没有印实际完成值，未记录", fi.Line, fi.Name)
		case !ind.Annual.Quantitative() && !isGrade:
			r.finding("import.cell", fi.Line, ind.Seq, "自评表第 %d 行的指标“%s”的实际完成值“%s”不是达成/部分达成/未达成，未评等级，请在填报页选择",
				fi.Line, fi.Name, actual)
		}
		rows = append(rows, []string{strconv.Itoa(r.p.Seq), strconv.Itoa(ind.Seq), ind.Name, "", actual, "", "", "", fi.Deviation})
		rowOf = append(rowOf, i)
	}
	return rows, rowOf
}

func (r *importRun) indicator(seq int) *jixiao.Indicator {
	for i := range r.p.Indicators {
		if r.p.Indicators[i].Seq == seq && seq != 0 {
			return &r.p.Indicators[i]
		}
	}
	return nil
}

// dropRefused leaves out the rows the checks refused, each with its
// reason as a finding: an actuals row goes, an execution row loses its
// amounts. It reports whether anything was dropped.
func (r *importRun) dropRefused(fe FileErrors, exec, acts [][]string, rowOf []int) ([][]string, [][]string, []int, bool) {
	drop := map[int]bool{}
	dropped := false
	for _, e := range fe {
		switch {
		case e.File == ActualsSheet && e.Line >= 2 && e.Line <= len(acts):
			fi := r.form.Indicators[rowOf[e.Line-1]]
			r.finding("import.cell", fi.Line, r.seqs[rowOf[e.Line-1]], "自评表第 %d 行的指标“%s”未记录：%s", fi.Line, fi.Name, e.Msg)
			drop[e.Line-1], dropped = true, true
		case e.File == ExecutionSheet && e.Line == 2 && strings.Join(exec[1][2:2+len(fundColumns)], "") != "":
			r.finding("import.cell", 0, 0, "自评表的项目资金未记录：%s", e.Msg)
			for c := 2; c < 2+len(fundColumns); c++ {
				exec[1][c] = ""
			}
			dropped = true
		}
	}
	var keptActs [][]string
	var keptRows []int
	for i, row := range acts {
		if !drop[i] {
			keptActs, keptRows = append(keptActs, row), append(keptRows, rowOf[i])
		}
	}
	return exec, keptActs, keptRows, dropped
}
