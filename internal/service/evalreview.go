package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jixiao"
	"jixiao/internal/eval"
)

// The review of what units report in a round (issue 16 item 5): the filer
// submits a project's report, the department reviews it or returns it
// with a reason, finance rechecks it (复核) with a score and an opinion
// beside the self-score, or returns it. Each step is one command here,
// checked by the policy (jixiao.Permit on the project) and the state
// machine (jixiao.EvalStepFor), stored with its audit entry in one
// transaction (EvalStore.SaveEvalReview).

// EvalStep is one step as a door received it.
type EvalStep struct {
	// Round is the round's name ("" the self-evaluation).
	Round   string
	Project int
	Action  jixiao.Action
	// Opinion is the department's opinion (review, optional), the reason
	// (return, required) or finance's opinion (recheck, required).
	Opinion string
	// Score is the 复核 score in points (recheck only); "" passes a
	// report finance did not sample, on its self-score.
	Score string
}

// EvalStepWords are the doors' words for the steps, in order.
var EvalStepWords = []string{"submit", "review", "return", "recheck"}

// EvalStepAction reads a door's word (submit, review, return, recheck).
func EvalStepAction(word string) (jixiao.Action, error) {
	switch strings.TrimSpace(word) {
	case "submit":
		return jixiao.ActionSubmitEval, nil
	case "review":
		return jixiao.ActionReviewEval, nil
	case "return":
		return jixiao.ActionReturnEval, nil
	case "recheck":
		return jixiao.ActionRecheckEval, nil
	}
	return "", &jixiao.FieldError{Field: "action", Msg: fmt.Sprintf("未知操作 %q（可选 submit、review、return、recheck）", word)}
}

// maxOpinion bounds an opinion or reason, in characters.
const maxOpinion = 2000

// StepEval takes step s on the report of project s.Project in round
// s.Round of published document id, as by, and returns the report as
// stored. A project outside by's role or scope is ErrForbidden; a step the
// report's state does not allow, or a report not ready to submit,
// ErrConflict; a missing reason or a bad score, a *jixiao.FieldError
// ("opinion", "score").
func (m *Monitoring) StepEval(ctx context.Context, by *jixiao.User, id int64, s EvalStep) (jixiao.EvalReview, error) {
	doc, err := m.changeable(ctx, by, id, s.Action)
	if err != nil {
		return jixiao.EvalReview{}, err
	}
	p, err := projectOf(doc, s.Project)
	if err != nil {
		return jixiao.EvalReview{}, err
	}
	what := fmt.Sprintf("项目 %d（%s）的填报", p.Seq, p.Name)
	if err := jixiao.Permit(by, s.Action, jixiao.ProjectResource(doc.Agency, p, true), what); err != nil {
		return jixiao.EvalReview{}, err
	}
	held, err := m.stored(ctx, doc, s.Round)
	if err != nil {
		return jixiao.EvalReview{}, err
	}
	cur := held.Review(p.Seq)
	to, err := jixiao.EvalStepFor(by, cur.State, s.Action)
	if err != nil {
		return cur, err
	}
	next, comment, err := m.nextReview(p, held, cur, to, s)
	if err != nil {
		return cur, err
	}
	next.UpdatedBy = by.Username
	entry := jixiao.Actor(by)
	entry.Action, entry.Comment = s.Action, fmt.Sprintf("“%s”项目 %d %s：%s", held.Round.Name, p.Seq, s.Action.Label(), comment)
	if err := m.ev.SaveEvalReview(ctx, id, held.Round.ID, &next, cur.State, entry); err != nil {
		return cur, err
	}
	return next, nil
}

// projectOf finds project seq of doc, or ErrNotFound.
func projectOf(doc *jixiao.Document, seq int) (*jixiao.Project, error) {
	for i := range doc.Projects {
		if doc.Projects[i].Seq == seq {
			return &doc.Projects[i], nil
		}
	}
	return nil, notFound(fmt.Sprintf("编号为 %d 的项目", seq))
}

// nextReview checks what step s needs and returns the report it leaves,
// with the audit comment saying what was decided.
func (m *Monitoring) nextReview(p *jixiao.Project, held *jixiao.Actuals, cur jixiao.EvalReview, to jixiao.State, s EvalStep) (jixiao.EvalReview, string, error) {
	opinion := strings.TrimSpace(s.Opinion)
	if err := jixiao.CheckText("opinion", opinion, maxOpinion); err != nil {
		return cur, "", err
	}
	next := cur
	next.State = to
	switch s.Action {
	case jixiao.ActionSubmitEval:
		return next, "提交审核", readyToSubmit(m.cfg, p, held)
	case jixiao.ActionReviewEval:
		next.DeptOpinion = opinion
		return next, cmpOr(opinion, "审核通过"), nil
	case jixiao.ActionReturnEval:
		if opinion == "" {
			return cur, "", &jixiao.FieldError{Field: "opinion", Msg: "退回须写明原因"}
		}
		next.ReturnReason, next.DeptOpinion = opinion, ""
		return next, "退回原因：" + opinion, nil
	}
	self, _ := eval.ScoreProject(m.cfg, p, held)
	if strings.TrimSpace(s.Score) == "" {
		// Not in the sample (10号: 财政部门 …抽查复核): passed on the
		// self-score, said so.
		next.RecheckOpinion = cmpOr(opinion, notSampled)
		return next, fmt.Sprintf("未抽查，以自评 %s 为准；%s", self.TotalText(), next.RecheckOpinion), nil
	}
	score, err := m.recheckScore(s.Score)
	if err != nil {
		return cur, "", err
	}
	if opinion == "" {
		return cur, "", &jixiao.FieldError{Field: "opinion", Msg: "请填写复核意见"}
	}
	next.RecheckScore, next.RecheckOpinion = score.String(), opinion
	return next, fmt.Sprintf("复核得分 %s（自评 %s）；%s", score, self.TotalText(), opinion), nil
}

// notSampled is the 复核 opinion of a report finance passed without
// sampling it, when finance wrote none.
const notSampled = "未列入抽查复核，以自评结果为准"

func cmpOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

// recheckScore reads a 复核 score: points with at most two decimals, from
// 0 to the most a project can score.
func (m *Monitoring) recheckScore(s string) (eval.Points, error) {
	s = strings.TrimSpace(s)
	p, err := eval.ParsePoints(s)
	if err != nil || p < 0 || p > m.cfg.MaxPoints() {
		return 0, &jixiao.FieldError{Field: "score", Msg: fmt.Sprintf("复核得分须为 0 到 %s 之间、最多两位小数的数，而不是 %q", m.cfg.MaxPoints(), s)}
	}
	return p, nil
}

// readyToSubmit refuses a report with nothing in it, and a year-end
// self-evaluation whose score is not final (its missing items named): a
// reviewer should not be asked to pass half a form.
func readyToSubmit(cfg eval.Config, p *jixiao.Project, held *jixiao.Actuals) error {
	ps, _ := eval.ScoreProject(cfg, p, held)
	switch {
	case ps.Status == eval.StatusNotEvaluated:
		return jixiao.Errorf(jixiao.ErrConflict, "项目 %d（%s）在“%s”中还没有填报内容，不能提交", p.Seq, p.Name, held.Round.Name)
	case held.Round.Kind == jixiao.RoundSelfEval && !ps.Final():
		return jixiao.Errorf(jixiao.ErrConflict, "项目 %d（%s）的自评尚未填完（%s），填完后才能提交", p.Seq, p.Name, ps.MissingText())
	}
	return nil
}

// visible keeps of a what by may see (jixiao.EvalVisible): the rows and
// the report state of a project outside by's scope go unless finance has
// rechecked it, so that such a project reads exactly as one nobody has
// filled in (issue 14 item 5: hidden and missing answer the same).
func (m *Monitoring) visible(by *jixiao.User, doc *jixiao.Document, a *jixiao.Actuals) *jixiao.Actuals {
	if m.cfg.PublicAsTyped() {
		return a
	}
	hidden := map[int]bool{}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		if !jixiao.EvalVisible(by, jixiao.ProjectResource(doc.Agency, p, true), a.Review(p.Seq).State, false) {
			hidden[p.Seq] = true
		}
	}
	if len(hidden) == 0 {
		return a
	}
	out := &jixiao.Actuals{Round: a.Round}
	for _, pa := range a.Projects {
		if !hidden[pa.ProjectSeq] {
			out.Projects = append(out.Projects, pa)
		}
	}
	for _, ia := range a.Indicators {
		if !hidden[ia.ProjectSeq] {
			out.Indicators = append(out.Indicators, ia)
		}
	}
	for _, r := range a.Reviews {
		if !hidden[r.ProjectSeq] {
			out.Reviews = append(out.Reviews, r)
		}
	}
	for _, c := range a.Corrections {
		if !hidden[c.ProjectSeq] {
			out.Corrections = append(out.Corrections, c)
		}
	}
	for _, pr := range a.PrintedForms {
		if !hidden[pr.ProjectSeq] {
			out.PrintedForms = append(out.PrintedForms, pr)
		}
	}
	return out
}

// stillFiling refuses a row of a project whose report has left 填报中
// (submitted or further: what the reviewers judged must not change under
// them) when it is filled in and differs from what is held, and drops the
// others (a workbook lists every project, and one downloaded before the
// submission carries the same figures).
func stillFiling(held, a *jixiao.Actuals) error {
	refusal := map[int]error{}
	for _, r := range held.Reviews {
		if r.State != jixiao.EvalFiling {
			refusal[r.ProjectSeq] = jixiao.Errorf(jixiao.ErrConflict,
				"项目 %d 的填报当前为“%s”，不能再修改；需要修改请由审核人退回", r.ProjectSeq, r.State)
		}
	}
	if len(refusal) == 0 {
		return nil
	}
	var ps []jixiao.ProjectActual
	for _, pa := range a.Projects {
		was, _ := held.Project(pa.ProjectSeq)
		switch err := refusal[pa.ProjectSeq]; {
		case err == nil:
			ps = append(ps, pa)
		case pa != was && (pa.HasExecuted || pa.HasForecast || pa.HasBudget || pa.Note != ""):
			return err
		}
	}
	var is []jixiao.IndicatorActual
	for _, ia := range a.Indicators {
		was, _ := held.Indicator(ia.ProjectSeq, ia.Seq)
		switch err := refusal[ia.ProjectSeq]; {
		case err == nil:
			is = append(is, ia)
		case !ia.Empty() && !sameIndicatorActual(ia, was):
			return err
		}
	}
	a.Projects, a.Indicators = ps, is
	return nil
}

// sameIndicatorActual compares two recorded indicators field by field (a
// nil and an empty list of reasons being the same).
func sameIndicatorActual(x, y jixiao.IndicatorActual) bool {
	return slices.Equal(x.Reasons, y.Reasons) && x.Target.Text == y.Target.Text &&
		x.Text == y.Text && x.Value == y.Value && x.Grade == y.Grade && x.Score == y.Score && x.Weight == y.Weight &&
		x.Forecast == y.Forecast && x.Note == y.Note && x.Likelihood == y.Likelihood
}
