package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"jixiao"
	"jixiao/internal/eval"
)

// The pages of 绩效监控与自评 (issue 8): a document's rounds and scores, the
// lights of a round, entering a project's actuals, and the printable 自评表.
func init() {
	navigation = append(navigation, navItem{"eval", "绩效评价", "/eval"})
	extend(func(s *site, mux *http.ServeMux) {
		mux.HandleFunc("GET /eval", s.evalHandle(s.evalHome))
		mux.HandleFunc("GET /documents/{id}/eval", s.evalHandle(s.evalDocument))
		mux.HandleFunc("POST /documents/{id}/eval/rounds", s.evalHandle(s.evalOpenRound))
		mux.HandleFunc("GET /documents/{id}/eval/rounds/{round}", s.evalHandle(s.evalRound))
		mux.HandleFunc("GET /documents/{id}/eval/rounds/{round}/template.xlsx", s.evalHandle(s.evalTemplate))
		mux.HandleFunc("POST /documents/{id}/eval/rounds/{round}/upload", s.evalHandle(s.evalUpload))
		mux.HandleFunc("GET /documents/{id}/eval/rounds/{round}/projects/{seq}", s.evalHandle(s.evalEntry))
		mux.HandleFunc("POST /documents/{id}/eval/rounds/{round}/projects/{seq}", s.evalHandle(s.evalSave))
		mux.HandleFunc("POST /documents/{id}/eval/rounds/{round}/projects/{seq}/check", s.evalHandle(s.evalCheck))
		mux.HandleFunc("GET /documents/{id}/eval/projects/{seq}/sheet", s.evalHandle(s.evalSheet))
		mux.HandleFunc("GET /documents/{id}/eval/projects/{seq}/sheet.xlsx", s.evalHandle(s.evalSheetXLSX))
	})
}

// evalURL and friends build the pages' addresses; round names are Chinese
// and may hold "-", so they are path-escaped.
func evalURL(doc int64) string { return docURL(doc) + "/eval" }

func roundURL(doc int64, round string) string {
	return evalURL(doc) + "/rounds/" + url.PathEscape(round)
}

func entryURL(doc int64, round string, seq int) string {
	return roundURL(doc, round) + "/projects/" + strconv.Itoa(seq)
}

func sheetURL(doc int64, seq int) string {
	return evalURL(doc) + "/projects/" + strconv.Itoa(seq) + "/sheet"
}

// evalConfig is the scoring the pages use: the defaults of 10号.
var evalConfig = eval.Default()

func (s *site) evalStore() (jixiao.EvalStore, error) {
	ep, ok := s.store.(jixiao.EvalProvider)
	if !ok {
		return nil, errors.New("store keeps no evaluations")
	}
	return ep.Eval(), nil
}

// evalContext is what every eval page loads: the document and its
// evaluation store.
type evalContext struct {
	doc *jixiao.Document
	ev  jixiao.EvalStore
}

func (s *site) loadEval(r *http.Request) (*evalContext, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ev, err := s.evalStore()
	if err != nil {
		return nil, err
	}
	rd, err := s.reader(r)
	if err != nil {
		return nil, err
	}
	doc, err := rd.Document(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &evalContext{doc: doc, ev: ev}, nil
}

// actuals returns the stored round of that name; the self-evaluation,
// before anything is recorded, is an empty round rather than missing.
func (c *evalContext) actuals(r *http.Request, round string) (*jixiao.Actuals, error) {
	a, err := c.ev.Actuals(r.Context(), c.doc.ID, round)
	if errors.Is(err, jixiao.ErrNotFound) && round == jixiao.SelfEvalRoundName {
		return &jixiao.Actuals{Round: eval.SelfEvalRound(c.doc)}, nil
	}
	return a, err
}

func (c *evalContext) project(r *http.Request) (*jixiao.Project, error) {
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err == nil {
		for i := range c.doc.Projects {
			if c.doc.Projects[i].Seq == seq {
				return &c.doc.Projects[i], nil
			}
		}
	}
	return nil, fmt.Errorf("project %q: %w", r.PathValue("seq"), jixiao.ErrNotFound)
}

func (c *evalContext) crumbs() []Crumb {
	return []Crumb{{"绩效评价", "/eval"}, {docTitle(c.doc.Agency, c.doc.Year), evalURL(c.doc.ID)}}
}

// evalHomePage lists the documents, each with a link to its evaluation.
type evalHomePage struct {
	Layout
	Docs []jixiao.DocumentSummary
}

func (s *site) evalHome(w http.ResponseWriter, r *http.Request) error {
	rd, err := s.reader(r)
	if err != nil {
		return err
	}
	docs, err := rd.Documents(r.Context())
	if err != nil {
		return err
	}
	p := evalHomePage{Layout: Layout{Title: "绩效评价", Nav: "eval", Crumbs: []Crumb{{"总览", "/"}}}, Docs: docs}
	return s.render(w, r, http.StatusOK, "eval_home", "", p)
}

// dateOf writes a round's cut-off, or a dash.
func dateOf(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2006-01-02")
}
