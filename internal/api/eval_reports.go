package api

import (
	"net/http"
	"strconv"
	"time"

	"jixiao"
	"jixiao/internal/service"
)

// The review of what units report in a round (issue 16 item 5): POST
// /documents/{id}/reports/{seq}/transitions?round= takes one step of a
// project's report (submit, review, return, recheck); the scores show each
// project's report beside its self-score. Who may take which step, and
// what a visitor sees, is internal/service's (Monitoring.StepEval,
// Monitoring.Actuals).

// reportView is a project's report in a round.
type reportView struct {
	ProjectSeq     int        `json:"project_seq"`
	State          string     `json:"state"`
	DeptOpinion    string     `json:"dept_opinion,omitempty"`
	ReturnReason   string     `json:"return_reason,omitempty"`
	RecheckScore   string     `json:"recheck_score,omitempty"`
	RecheckOpinion string     `json:"recheck_opinion,omitempty"`
	UpdatedBy      string     `json:"updated_by,omitempty"`
	UpdatedAt      *time.Time `json:"updated_at,omitempty"`
}

func viewReport(r jixiao.EvalReview) reportView {
	v := reportView{ProjectSeq: r.ProjectSeq, State: string(r.State), DeptOpinion: r.DeptOpinion, ReturnReason: r.ReturnReason,
		RecheckScore: r.RecheckScore, RecheckOpinion: r.RecheckOpinion, UpdatedBy: r.UpdatedBy}
	if !r.UpdatedAt.IsZero() {
		v.UpdatedAt = &r.UpdatedAt
	}
	return v
}

// reportTransition answers POST /documents/{id}/reports/{seq}/transitions
// {"action", "opinion", "score"} with 200 and the report as it now stands.
func (a *API) reportTransition(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Action  string `json:"action"`
		Opinion string `json:"opinion"`
		Score   string `json:"score"`
	}
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil || seq <= 0 {
		return invalid("项目序号应为正整数，收到 %q", r.PathValue("seq"))
	}
	act, err := service.EvalStepAction(in.Action)
	if err != nil {
		return err
	}
	rep, err := a.svc.Monitoring.StepEval(r.Context(), u, id, service.EvalStep{Round: roundName(r), Project: seq,
		Action: act, Opinion: in.Opinion, Score: in.Score})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewReport(rep))
	return nil
}
