package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"jixiao"
)

// The evaluation endpoints (绩效监控与自评): a document's rounds, opening a
// monitoring round, the actuals recorded in a round, the scores and the
// lights. Who may read and change what is internal/service's (Monitoring);
// scores are decimal strings with two decimals ("16.67"), never JSON
// numbers.

// roundName is the ?round= of a request; none is the self-evaluation.
func roundName(r *http.Request) string {
	if n := strings.TrimSpace(r.URL.Query().Get("round")); n != "" {
		return n
	}
	return jixiao.SelfEvalRoundName
}

// documentRound reads the document {id} and the round ?round= of a read.
func (a *API) documentRound(r *http.Request) (*jixiao.Document, *jixiao.Actuals, error) {
	id, u, err := a.pathUser(r)
	if err != nil {
		return nil, nil, err
	}
	return a.svc.Monitoring.Round(r.Context(), u, id, roundName(r))
}

// roundView is a round as the API shows it: the cut-off as a date, and no
// id or times for the self-evaluation before anything is recorded.
type roundView struct {
	ID        int64            `json:"id,omitempty"`
	Name      string           `json:"name"`
	Kind      jixiao.RoundKind `json:"kind"`
	CutOff    string           `json:"cut_off,omitempty"`
	CreatedAt *time.Time       `json:"created_at,omitempty"`
	UpdatedAt *time.Time       `json:"updated_at,omitempty"`
}

func viewRound(rd jixiao.Round) roundView {
	v := roundView{ID: rd.ID, Name: rd.Name, Kind: rd.Kind}
	if !rd.CutOff.IsZero() {
		v.CutOff = rd.CutOff.Format(time.DateOnly)
	}
	if rd.ID != 0 {
		v.CreatedAt, v.UpdatedAt = &rd.CreatedAt, &rd.UpdatedAt
	}
	return v
}

// listRounds answers GET /documents/{id}/rounds: the monitoring rounds by
// cut-off date and the year-end self-evaluation (listed even before
// anything is recorded in it).
func (a *API) listRounds(w http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	_, rounds, err := a.svc.Monitoring.Rounds(r.Context(), u, id)
	if err != nil {
		return err
	}
	items := []roundView{}
	for _, rd := range rounds {
		items = append(items, viewRound(rd))
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}

// openRound answers POST /documents/{id}/rounds {"name", "cut_off"} with
// 201 and the new monitoring round. The cut-off (YYYY-MM-DD) may be left
// out when the name tells it ("2024年1-7月").
func (a *API) openRound(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name   string `json:"name"`
		CutOff string `json:"cut_off"`
	}
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	round, err := a.svc.Monitoring.OpenRound(r.Context(), u, id, in.Name, in.CutOff)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/documents/%d/actuals?round=%s", Prefix, id, url.QueryEscape(round.Name)))
	writeJSON(w, http.StatusCreated, viewRound(round))
	return nil
}

// problem is one entry of a request that cannot be recorded, at the field
// it comes from ("indicators[2].actual").
type problem struct {
	Field      string `json:"field"`
	ProjectSeq int    `json:"project_seq,omitempty"`
	Seq        int    `json:"seq,omitempty"`
	Message    string `json:"message"`
}

// problemsError is the 422 of the evaluation endpoints: every problem of
// the request, each at its field; nothing was stored.
type problemsError []problem

func (ps problemsError) Error() string {
	return fmt.Sprintf("%d problems, first: %s", len(ps), ps[0].Message)
}

func inputProblems(ps ...problem) error { return problemsError(ps) }

// problemsAnswer is the body of that 422.
type problemsAnswer struct {
	Code     string    `json:"code"`
	Message  string    `json:"message"`
	Problems []problem `json:"problems"`
}

// withProblems wraps an evaluation endpoint: a problemsError or a
// *jixiao.FieldError it returns is answered 422 with every problem; other
// errors go to writeError.
func withProblems(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		var ps problemsError
		var fe *jixiao.FieldError
		switch {
		case errors.As(err, &fe):
			ps = problemsError{{Field: fe.Field, Message: fe.Msg}}
		case !errors.As(err, &ps):
			return err
		}
		msg := ps[0].Field + "：" + ps[0].Message
		if len(ps) > 1 {
			msg = fmt.Sprintf("填报内容有 %d 处问题，第一处 %s", len(ps), msg)
		}
		writeJSON(w, http.StatusUnprocessableEntity, struct {
			Error problemsAnswer `json:"error"`
		}{problemsAnswer{"invalid_input", msg, ps}})
		return nil
	}
}
