package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/eval"
)

// The evaluation endpoints of issue 8 (绩效监控与自评): a document's rounds,
// opening a monitoring round, the actuals recorded in a round, the scores
// and the lights. They do what the eval pages (internal/web/eval*.go) do:
//
//   - reading: whoever may read the document (anyone for a published one;
//     a draft is 404 to whoever may not see it);
//   - opening a monitoring round: a finance reviewer or an administrator;
//   - recording actuals: a session whose scope covers every project the
//     request touches (a filer: their unit; a department reviewer: their
//     department; finance and admins: all), checked by the same file
//     reader as `jixiao eval record` and the entry form, all or nothing.
//
// Changes need a published document (409 for a draft: its targets may
// still change). Without accounts (a store with no workflow) changes are
// open, as on the pages and the CLI. Scores are decimal strings with two
// decimals ("16.67"), never JSON numbers.
func init() {
	extend(func(a *API) {
		ep, ok := a.store.(jixiao.EvalProvider)
		if !ok {
			return
		}
		e := &evalAPI{a: a, ev: ep.Eval()}
		a.handle("GET /documents/{id}/rounds", e.listRounds)
		a.handle("POST /documents/{id}/rounds", withProblems(e.openRound))
		a.handle("GET /documents/{id}/actuals", e.getActuals)
		a.handle("PUT /documents/{id}/actuals", withProblems(e.putActuals))
		a.handle("GET /documents/{id}/scores", e.scores)
		a.handle("GET /documents/{id}/lights", e.lights)
	})
}

// evalScoring is the scoring the API uses: the defaults of 财预〔2020〕10号,
// as on the pages and in the CLI without --config.
var evalScoring = eval.Default()

// evalAPI is the evaluation half of an API.
type evalAPI struct {
	a  *API
	ev jixiao.EvalStore
}

// document reads the document {id} of the path, if the request may see it.
func (e *evalAPI) document(r *http.Request) (*jixiao.Document, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return e.a.document(r, id)
}

// roundName is the ?round= of a request; none is the self-evaluation.
func roundName(r *http.Request) string {
	if n := strings.TrimSpace(r.URL.Query().Get("round")); n != "" {
		return n
	}
	return jixiao.SelfEvalRoundName
}

// actuals reads the round the request names. The self-evaluation exists
// before anything is recorded in it (empty); a monitoring round must have
// been opened.
func (e *evalAPI) actuals(r *http.Request, doc *jixiao.Document) (*jixiao.Actuals, error) {
	name := roundName(r)
	a, err := e.ev.Actuals(r.Context(), doc.ID, name)
	if errors.Is(err, jixiao.ErrNotFound) {
		if name == jixiao.SelfEvalRoundName {
			return &jixiao.Actuals{Round: eval.SelfEvalRound(doc)}, nil
		}
		return nil, notFound("文件 %d 没有名为“%s”的监控轮次", doc.ID, name)
	}
	return a, err
}

// documentRound reads the document {id} and the round ?round= of a read.
func (e *evalAPI) documentRound(r *http.Request) (*jixiao.Document, *jixiao.Actuals, error) {
	doc, err := e.document(r)
	if err != nil {
		return nil, nil, err
	}
	a, err := e.actuals(r, doc)
	return doc, a, err
}

// changer resolves who changes document doc: nil without accounts; a 401
// for a visitor; a 409 while the document is not published.
func (e *evalAPI) changer(r *http.Request, doc *jixiao.Document, what string) (*jixiao.User, error) {
	w, u, err := e.a.workflowUser(r)
	if w == nil || err != nil {
		return nil, err
	}
	if u == nil {
		return nil, unauthorized("请先登录后再" + what)
	}
	st, err := w.documentStatus(r, doc.ID)
	if err != nil {
		return nil, err
	}
	if st.State != jixiao.DocPublished {
		return nil, conflict(fmt.Sprintf("文件尚未公开（%s），公开后才能%s", st.State, what))
	}
	return u, nil
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
func (e *evalAPI) listRounds(w http.ResponseWriter, r *http.Request) error {
	doc, err := e.document(r)
	if err != nil {
		return err
	}
	rounds, err := e.ev.Rounds(r.Context(), doc.ID)
	if err != nil {
		return err
	}
	items := []roundView{}
	self := false
	for _, rd := range rounds {
		self = self || rd.Name == jixiao.SelfEvalRoundName
		items = append(items, viewRound(rd))
	}
	if !self {
		items = append(items, viewRound(eval.SelfEvalRound(doc)))
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}

// openRound answers POST /documents/{id}/rounds {"name", "cut_off"} with
// 201 and the new monitoring round. The cut-off (YYYY-MM-DD) may be left
// out when the name tells it ("2024年1-7月").
func (e *evalAPI) openRound(w http.ResponseWriter, r *http.Request) error {
	doc, err := e.document(r)
	if err != nil {
		return err
	}
	u, err := e.changer(r, doc, "开启监控轮次")
	if err != nil {
		return err
	}
	if u != nil && u.Role != jixiao.RoleFinanceReviewer && u.Role != jixiao.RoleAdmin {
		return forbidden(fmt.Sprintf("%s（%s）无权开启监控轮次：只有财政审核人员或管理员可以开启", u.Username, u.Role.Label()))
	}
	var in struct {
		Name   string `json:"name"`
		CutOff string `json:"cut_off"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	name, cut := strings.TrimSpace(in.Name), strings.TrimSpace(in.CutOff)
	if name == "" {
		return inputProblems(problem{Field: "name", Message: fmt.Sprintf("请填写轮次名称，如 %d年1-7月", max(doc.Year, 2024))})
	}
	if name == jixiao.SelfEvalRoundName {
		return conflict("“" + name + "”是年度自评，随文件存在，不需要开启")
	}
	round, err := eval.MonitoringRound(doc, name, cut)
	if err != nil {
		field := "name"
		if cut != "" {
			field = "cut_off"
		}
		return inputProblems(problem{Field: field, Message: err.Error()})
	}
	rounds, err := e.ev.Rounds(r.Context(), doc.ID)
	if err != nil {
		return err
	}
	for _, rd := range rounds {
		if rd.Name == name {
			return conflict(fmt.Sprintf("轮次“%s”已经开启（截止日期 %s）", name, rd.CutOff.Format(time.DateOnly)))
		}
	}
	a := &jixiao.Actuals{Round: round}
	if err := e.ev.SaveActuals(r.Context(), a); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/documents/%d/actuals?round=%s", Prefix, doc.ID, url.QueryEscape(name)))
	writeJSON(w, http.StatusCreated, viewRound(a.Round))
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

// withProblems wraps an evaluation endpoint: a problemsError it returns is
// answered 422 with every problem; other errors go to writeError.
func withProblems(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		var ps problemsError
		if !errors.As(err, &ps) {
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
