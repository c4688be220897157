package eval

import (
	"fmt"
	"strings"

	"jixiao"
)

// Status says whether a project's score is final. Only a complete project
// (StatusScored) has a grade and counts in averages and grade counts; the
// others are left out, and summaries say how many.
type Status string

// The three states of a project's self-evaluation.
const (
	// StatusScored: every input is there; the total and grade are final.
	StatusScored Status = "已评"
	// StatusIncomplete: some inputs are there, others are missing (named in
	// ProjectScore.Missing); the total is provisional and there is no grade.
	StatusIncomplete Status = "未完成"
	// StatusNotEvaluated: nothing was entered for the project.
	StatusNotEvaluated Status = "未评"
)

// Final reports whether the project's total and grade are final.
func (ps *ProjectScore) Final() bool { return ps.Status == StatusScored }

// GradeText is what the 等级 column shows: the grade when the score is
// final, else the status (未评, 未完成). Every door prints this.
func (ps *ProjectScore) GradeText() string {
	if ps.Final() {
		return ps.Grade
	}
	return string(ps.Status)
}

// TotalText is what the 总分 column shows: the total, "—" when nothing was
// entered, and the provisional total marked 暂计 when inputs are missing.
func (ps *ProjectScore) TotalText() string {
	switch ps.Status {
	case StatusNotEvaluated:
		return "—"
	case StatusIncomplete:
		return ps.Total.String() + "（暂计）"
	}
	return ps.Total.String()
}

// MissingText lists the missing inputs in one line, "" when none.
func (ps *ProjectScore) MissingText() string {
	if len(ps.Missing) == 0 {
		return ""
	}
	return "缺：" + strings.Join(ps.Missing, "；")
}

// setStatus decides the project's status from what was entered: nothing at
// all is 未评; any missing 全年执行数, 实际完成值 or grade is 未完成 with
// the item named; otherwise the score is final. A grade is given only to a
// final score.
func setStatus(ps *ProjectScore, p *jixiao.Project, a *lookup) {
	entered := false
	if pa, ok := a.project(p.Seq); ok && (pa.HasExecuted || pa.Note != "") {
		entered = true
	}
	if !ps.HasExecuted {
		ps.Missing = append(ps.Missing, "全年执行数")
	}
	if pa, _ := a.project(p.Seq); Unread(p, jixiao.ColTotal) && !pa.HasBudget {
		// The published amounts could not be read: the budget is unknown,
		// not zero, until the unit enters its 全年预算数.
		ps.Missing = append(ps.Missing, "全年预算数（公开表中的金额未能读出）")
	}
	for i, ind := range p.Indicators {
		ia, _ := a.indicator(p.Seq, ind.Seq)
		if !ia.Empty() {
			entered = true
		}
		is := ps.Indicators[i]
		if is.Method != MethodMissing {
			continue
		}
		what := "实际完成值"
		if !EffectiveTarget(ind, ia).Quantitative() {
			what = "完成等级（达成/部分达成/未达成）"
		}
		ps.Missing = append(ps.Missing, fmt.Sprintf("指标 %d「%s」的%s", ind.Seq, ind.Name, what))
	}
	switch {
	case !entered: // everything is missing; naming each item says nothing
		ps.Status, ps.Grade, ps.Missing = StatusNotEvaluated, "", nil
	case len(ps.Missing) > 0:
		ps.Status, ps.Grade = StatusIncomplete, ""
	default:
		ps.Status = StatusScored
	}
}

// Unread reports whether any of the published cells cols of p is unknown:
// the reader marked it unread, or kept the whole row as source text (Raw).
// A form read without its annual money has the marks and no Raw, so the
// marks must be asked too.
func Unread(p *jixiao.Project, cols jixiao.AmountCols) bool {
	return p.Raw != "" || p.Amounts.Unread&cols != 0
}

// PublishedText is the published amount m of p, from its cells cols, as a
// page or form prints it: the amount, or, when the source's cell could not
// be read, 未读出 with the source text when there is one — never 0.00.
func PublishedText(p *jixiao.Project, cols jixiao.AmountCols, m jixiao.Money, u jixiao.MoneyUnit) string {
	switch {
	case p.Raw != "":
		return jixiao.UnreadAmount + "（原文：" + p.Raw + "）"
	case Unread(p, cols):
		return jixiao.UnreadAmount
	}
	return m.Format(u)
}
