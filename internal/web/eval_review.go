package web

import (
	"errors"
	"net/http"
	"strings"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// The review of what units report (issue 16 item 5) on the pages: the
// entry page shows where the project's report stands (a badge), the
// opinions, finance's 复核 score beside the self-score, and one form per
// step the viewer may take now; each posts to evalStep with its CSRF
// token. Who may take which step is internal/service's.

// evalReviewBox is the entry page's 填报审核 section.
type evalReviewBox struct {
	Report     jixiao.EvalReview
	StateClass string
	// SelfTotal and SelfGrade are the self-score, shown beside the 复核
	// score (the self-evaluation only).
	SelfTotal, SelfGrade string
	Steps                []evalStepButton
	Action               string
	// Error, Opinion and Score are a refused step's message and what was
	// typed, shown again.
	Error, Opinion, Score string
	Done                  string // the step just taken, for the notice
}

// evalStepButton is one step the viewer may take.
type evalStepButton struct {
	Word, Label  string
	NeedsOpinion bool // a return's reason
	WithOpinion  bool // an opinion may be given
	NeedsScore   bool
}

var stepWords = map[jixiao.Action]string{jixiao.ActionSubmitEval: "submit", jixiao.ActionReviewEval: "review",
	jixiao.ActionReturnEval: "return", jixiao.ActionRecheckEval: "recheck"}

// stateClass is the CSS class of a report state's badge.
func stateClass(s jixiao.State) string {
	switch s {
	case jixiao.EvalSubmitted:
		return "eval-state eval-submitted"
	case jixiao.EvalDeptReviewed:
		return "eval-state eval-reviewed"
	case jixiao.EvalRechecked:
		return "eval-state eval-rechecked"
	}
	return "eval-state eval-filing"
}

// newReviewBox lays out the section for project pr of round a as by sees it.
func newReviewBox(c *evalContext, pr *jixiao.Project, a *jixiao.Actuals, by *jixiao.User) *evalReviewBox {
	rep := a.Review(pr.Seq)
	b := &evalReviewBox{Report: rep, StateClass: stateClass(rep.State), Action: entryURL(c.doc.ID, a.Round.Name, pr.Seq) + "/review"}
	if a.Round.Kind == jixiao.RoundSelfEval {
		ps, _ := eval.ScoreProject(c.cfg, pr, a)
		b.SelfTotal, b.SelfGrade = ps.TotalText(), ps.GradeText()
	}
	for _, act := range jixiao.AvailableEvalSteps(by, jixiao.ProjectResource(c.doc.Agency, pr, true), rep.State) {
		b.Steps = append(b.Steps, evalStepButton{Word: stepWords[act], Label: act.Label(),
			NeedsOpinion: act == jixiao.ActionReturnEval,
			WithOpinion:  act != jixiao.ActionSubmitEval, NeedsScore: act == jixiao.ActionRecheckEval})
	}
	return b
}

// evalStep takes one step of the project's report and goes back to its
// entry page; a missing reason or a bad 复核 score shows the page again
// with the message and what was typed (422), nothing stored.
func (s *site) evalStep(w http.ResponseWriter, r *http.Request) error {
	c, pr, a, err := s.loadEntry(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return invalid("表单无法读取：%v", err)
	}
	v, ok, err := s.changer(w, r)
	if err != nil || !ok {
		return err
	}
	word, opinion, score := r.PostFormValue("step"), r.PostFormValue("opinion"), r.PostFormValue("score")
	act, err := service.EvalStepAction(word)
	if err == nil {
		_, err = c.m.StepEval(r.Context(), v.User, c.doc.ID, service.EvalStep{Round: a.Round.Name, Project: pr.Seq,
			Action: act, Opinion: opinion, Score: score})
	}
	var fe *jixiao.FieldError
	if errors.As(err, &fe) {
		p, perr := s.entryPage(r, c, pr, a)
		if perr != nil {
			return perr
		}
		p.Review.Error, p.Review.Opinion, p.Review.Score = fe.Msg, strings.TrimSpace(opinion), strings.TrimSpace(score)
		return s.render(w, r, http.StatusUnprocessableEntity, "eval_entry", "", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, entryURL(c.doc.ID, a.Round.Name, pr.Seq)+"?step="+word+"#review", http.StatusSeeOther)
	return nil
}
