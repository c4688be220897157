package api

import (
	"fmt"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// Monitoring by 136号 (issue 16 item 4): PUT .../indicators/{iseq}/accrual
// sets an indicator's kind (累计型 / 时点型); GET /documents/{id}/corrections
// lists a monitoring round's red and yellow projects with their 纠偏 and
// the round's summary; PUT .../corrections/{seq}/measures records the
// unit's measures, POST .../corrections/{seq}/decision finance's decision,
// and POST .../corrections/{seq}/adjustment the 目标调整 a decision to adjust
// the target calls for. Who may do what is internal/service's.

// pathSeq reads a positive sequence number from the path.
func pathSeq(r *http.Request, name, what string) (int, error) {
	n, err := strconv.Atoi(r.PathValue(name))
	if err != nil || n <= 0 {
		return 0, invalid("%s应为正整数，收到 %q", what, r.PathValue(name))
	}
	return n, nil
}

// accrualView is an indicator's kind: as set ("" none) and in force.
type accrualView struct {
	ProjectSeq int            `json:"project_seq"`
	Seq        int            `json:"seq"`
	Accrual    jixiao.Accrual `json:"accrual"`
	Label      string         `json:"label"`
}

// putAccrual answers PUT /documents/{id}/projects/{seq}/indicators/{iseq}/accrual
// {"accrual": "cumulative"|"point"|""} with the kind now in force.
func (a *API) putAccrual(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Accrual string `json:"accrual"`
	}
	id, u, seq, err := a.projectBody(r, &in)
	if err != nil {
		return err
	}
	iseq, err := pathSeq(r, "iseq", "指标序号")
	if err != nil {
		return err
	}
	k, err := a.svc.Monitoring.SetAccrual(r.Context(), u, id, seq, iseq, in.Accrual)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, accrualView{ProjectSeq: seq, Seq: iseq, Accrual: k, Label: k.Label()})
	return nil
}

// correctionView is a project's 纠偏 in a round, with its light and the
// decision in words.
type correctionView struct {
	jixiao.Correction
	Project      string     `json:"project"`
	Unit         string     `json:"unit"`
	Light        eval.Light `json:"light"`
	Status       string     `json:"status"`
	AmountText   string     `json:"amount_text,omitempty"`
	DecisionText string     `json:"decision_text,omitempty"`
}

func viewCorrection(doc *jixiao.Document, p *jixiao.Project, l eval.Light, c jixiao.Correction) correctionView {
	v := correctionView{Correction: c, Project: p.Name, Unit: p.Unit, Light: l, Status: c.Status(),
		DecisionText: eval.DecisionText(c, p, doc.MoneyUnit)}
	if c.Amount != 0 {
		v.AmountText = c.Amount.Format(doc.MoneyUnit)
	}
	return v
}

// correctionsView is GET /documents/{id}/corrections: the round's summary
// and its red and yellow projects (and any other with a 纠偏 stored).
type correctionsView struct {
	DocumentID int64                       `json:"document_id"`
	Round      roundView                   `json:"round"`
	Summary    eval.RoundSummary           `json:"summary"`
	Items      []correctionView            `json:"items"`
	Decisions  []jixiao.CorrectionDecision `json:"decisions"`
}

// corrections answers GET /documents/{id}/corrections?round=.
func (a *API) corrections(w http.ResponseWriter, r *http.Request) error {
	doc, got, err := a.documentRound(r)
	if err != nil {
		return err
	}
	if got.Round.Kind != jixiao.RoundMonitoring {
		return invalid("纠偏只在绩效运行监控中进行，请用 round 指定监控轮次")
	}
	lights := eval.Lights(a.svc.Monitoring.Config(), doc, got)
	v := correctionsView{DocumentID: doc.ID, Round: viewRound(got.Round), Summary: eval.SummarizeRound(lights, got),
		Items: []correctionView{}, Decisions: jixiao.Decisions}
	for i, pl := range lights {
		c := got.Correction(pl.ProjectSeq)
		if pl.Overall.Color == eval.Red || pl.Overall.Color == eval.Yellow || c.Measures != "" {
			v.Items = append(v.Items, viewCorrection(doc, &doc.Projects[i], pl.Overall, c))
		}
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// answerCorrection writes project seq's 纠偏 c as the round now holds it.
func (a *API) answerCorrection(w http.ResponseWriter, r *http.Request, id int64, u *jixiao.User, seq int, c jixiao.Correction) error {
	doc, got, err := a.svc.Monitoring.Round(r.Context(), u, id, roundName(r))
	if err != nil {
		return err
	}
	for i, pl := range eval.Lights(a.svc.Monitoring.Config(), doc, got) {
		if pl.ProjectSeq == seq {
			writeJSON(w, http.StatusOK, viewCorrection(doc, &doc.Projects[i], pl.Overall, c))
			return nil
		}
	}
	return fmt.Errorf("project %d vanished from document %d", seq, id)
}

// putMeasures answers PUT /documents/{id}/corrections/{seq}/measures?round=
// {"measures"}.
func (a *API) putMeasures(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Measures string `json:"measures"`
	}
	id, u, seq, err := a.projectBody(r, &in)
	if err != nil {
		return err
	}
	c, err := a.svc.Monitoring.RecordMeasures(r.Context(), u, id, roundName(r), seq, in.Measures)
	if err != nil {
		return err
	}
	return a.answerCorrection(w, r, id, u, seq, c)
}

// postDecision answers POST /documents/{id}/corrections/{seq}/decision?round=
// {"decision", "indicator_seq", "amount", "opinion"}.
func (a *API) postDecision(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Decision     string `json:"decision"`
		IndicatorSeq int    `json:"indicator_seq"`
		Amount       string `json:"amount"`
		Opinion      string `json:"opinion"`
	}
	id, u, seq, err := a.projectBody(r, &in)
	if err != nil {
		return err
	}
	c, err := a.svc.Monitoring.DecideCorrection(r.Context(), u, id, roundName(r), seq, service.CorrectionDecision(in))
	if err != nil {
		return err
	}
	return a.answerCorrection(w, r, id, u, seq, c)
}

// postCorrectionAdjustment answers POST
// /documents/{id}/corrections/{seq}/adjustment?round= {"new", "reason"}
// with 201 and the 目标调整 filed.
func (a *API) postCorrectionAdjustment(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		New    string `json:"new"`
		Reason string `json:"reason"`
	}
	id, u, seq, err := a.projectBody(r, &in)
	if err != nil {
		return err
	}
	adj, err := a.svc.Monitoring.AdjustFromCorrection(r.Context(), u, id, roundName(r), seq, in.New, in.Reason)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/documents/%d/adjustments", Prefix, adj.DocumentID))
	writeJSON(w, http.StatusCreated, adj)
	return nil
}

// projectBody reads the {id} and {seq} (the project's 序号) of the path,
// the caller and the JSON body into in, for the commands on one project of
// a monitoring round.
func (a *API) projectBody(r *http.Request, in any) (id int64, u *jixiao.User, seq int, err error) {
	if id, u, err = a.pathBody(r, in); err != nil {
		return 0, nil, 0, err
	}
	seq, err = pathSeq(r, "seq", "项目序号")
	return id, u, seq, err
}
