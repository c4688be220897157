package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// The pages of 绩效监控与自评 (issue 8): a document's rounds and scores, the
// lights of a round, entering a project's actuals, and the printable 自评表.
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

// evalContext is what every eval page loads: the document (as the viewer
// may see it) and the scoring configuration in force.
type evalContext struct {
	doc *jixiao.Document
	cfg eval.Config
	m   *service.Monitoring
	by  *jixiao.User
}

func (s *site) loadEval(r *http.Request) (*evalContext, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	v, err := s.viewer(r)
	if err != nil {
		return nil, err
	}
	doc, err := s.svc.Monitoring.Document(r.Context(), v.User, id)
	if err != nil {
		return nil, err
	}
	return &evalContext{doc: doc, cfg: s.svc.Monitoring.Config(), m: s.svc.Monitoring, by: v.User}, nil
}

// actuals returns the round of that name (the self-evaluation, before
// anything is recorded, is an empty round rather than missing), as the
// viewer may see it.
func (c *evalContext) actuals(r *http.Request, round string) (*jixiao.Actuals, error) {
	return c.m.Actuals(r.Context(), c.by, c.doc, round)
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
