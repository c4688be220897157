package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/workflow"
)

// The pages of the approval workflow (issue 6): the list of drafts, a
// document's workbench (每个项目的状态、为何只读、可做的审核操作),
// the edit form with live checks (workflow_edit.go) and the history with
// diffs (workflow_history.go). Every action goes through jixiao.Authorize
// and jixiao.Transition, as the API does.

func (w *wfSite) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /workflow", w.handle(w.home))
	mux.HandleFunc("GET /workflow/documents/{id}", w.handle(w.workbench))
	mux.HandleFunc("POST /workflow/documents/{id}/drafts", w.handle(w.createDraft))
	mux.HandleFunc("POST /workflow/documents/{id}/publish", w.handle(w.publish))
	mux.HandleFunc("POST /workflow/projects/{id}/transitions", w.handle(w.transition))
	mux.HandleFunc("GET /workflow/projects/{id}", w.handle(w.editForm))
	mux.HandleFunc("POST /workflow/projects/{id}", w.handle(w.save))
	mux.HandleFunc("POST /workflow/projects/{id}/check", w.handle(w.liveCheck))
	mux.HandleFunc("GET /workflow/library", w.handle(w.library))
	mux.HandleFunc("GET /workflow/documents/{id}/history", w.handle(w.history))
	mux.HandleFunc("GET /workflow/projects/{id}/diff", w.handle(w.diff))
	w.adjustmentRoutes(mux)
	w.projectRoutes(mux)
}

func workbenchURL(doc int64) string { return "/workflow/documents/" + itoa(doc) }
func editURL(project int64) string  { return "/workflow/projects/" + itoa(project) }
func historyURL(doc int64) string   { return workbenchURL(doc) + "/history" }
func wfCrumbs(extra ...Crumb) []Crumb {
	return append([]Crumb{{"填报审核", "/workflow"}}, extra...)
}

// decide turns a policy decision into the page's error: Hide is a 404 (the
// draft's existence is not revealed), Forbid a 403 with the reason.
func decide(v viewer, d jixiao.Decision, a jixiao.Action) error {
	switch {
	case d == jixiao.Allow:
		return nil
	case d == jixiao.Hide:
		return fmt.Errorf("hidden draft: %w", jixiao.ErrNotFound)
	case v.User == nil:
		return forbiddenPage("请先登录后再" + a.Label())
	}
	return forbiddenPage(fmt.Sprintf("%s（%s）无权%s", v.User.Username, v.User.Role.Label(), a.Label()))
}

// documentFor reads the workflow state of the path's document {id} and
// checks that v may take action a on it.
func (w *wfSite) documentFor(r *http.Request, v viewer, a jixiao.Action) (jixiao.DocumentStatus, error) {
	id, err := pathID(r)
	if err != nil {
		return jixiao.DocumentStatus{}, err
	}
	st, err := w.wf.DocumentStatus(r.Context(), id)
	if err != nil {
		return st, err
	}
	return st, decide(v, jixiao.Authorize(v.User, a, st.Resource()), a)
}

// projectFor is documentFor for the path's project {id}.
func (w *wfSite) projectFor(r *http.Request, v viewer, a jixiao.Action) (jixiao.ProjectStatus, error) {
	id, err := pathID(r)
	if err != nil {
		return jixiao.ProjectStatus{}, err
	}
	ps, err := w.wf.ProjectStatus(r.Context(), id)
	if err != nil {
		return ps, err
	}
	return ps, decide(v, jixiao.Authorize(v.User, a, ps.Resource()), a)
}

// homeDoc is a document of the 填报审核 list.
type homeDoc struct {
	jixiao.DocumentSummary
	State    jixiao.State
	CanDraft bool
}

type wfHomePage struct {
	Layout
	Viewer    viewer
	Drafts    []homeDoc
	Published []homeDoc
	NextYear  int
}

// home lists the drafts the viewer may see and the published documents it
// may start next year's draft from.
func (w *wfSite) home(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.viewer(r)
	if err != nil {
		return err
	}
	docs, err := w.s.store.Documents(r.Context())
	if err != nil {
		return err
	}
	drafts, err := w.wf.Drafts(r.Context())
	if err != nil {
		return err
	}
	byID := map[int64]jixiao.DocumentStatus{}
	for _, d := range drafts {
		byID[d.DocumentID] = d
	}
	p := wfHomePage{Layout: Layout{Title: "填报审核", Nav: "workflow"}, Viewer: v}
	for _, d := range docs {
		if st, ok := byID[d.ID]; ok {
			if jixiao.Authorize(v.User, jixiao.ActionRead, st.Resource()) == jixiao.Allow {
				p.Drafts = append(p.Drafts, homeDoc{DocumentSummary: d, State: jixiao.DocDraft})
			}
			continue
		}
		res := jixiao.Resource{Department: d.Agency, Published: true}
		hd := homeDoc{DocumentSummary: d, State: jixiao.DocPublished,
			CanDraft: jixiao.Authorize(v.User, jixiao.ActionCreateDraft, res) == jixiao.Allow}
		p.Published = append(p.Published, hd)
		p.NextYear = max(p.NextYear, d.Year+1)
	}
	return w.s.render(rw, r, http.StatusOK, "workflow_home", "", p)
}

// benchProject is a row of the workbench.
type benchProject struct {
	jixiao.ProjectStatus
	Seq        int
	Name       string
	ReadOnly   string
	Actions    []benchAction
	Indicators int
	CanEdit    bool
}

// benchAction is a transition button; Return ones carry a comment form.
type benchAction struct {
	Word, Label string
	Return      bool
}

type workbenchPage struct {
	Layout
	Viewer      viewer
	Doc         *jixiao.Document
	Status      jixiao.DocumentStatus
	Projects    []benchProject
	CanPublish  bool
	PublishWhy  string
	Message     string
	Adjustments []benchAdjustment
	CanAdd      bool // the viewer may add a project of its unit
	Audit       bool // the viewer may read the history (seesAudit)
}

var actionButtons = map[string]string{"submit": "提交审核", "approve": "审核通过", "return": "退回修改"}

// workbench shows a document's projects with their state, why each is
// read-only for the viewer, and the actions the viewer may take.
func (w *wfSite) workbench(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.viewer(r)
	if err != nil {
		return err
	}
	st, err := w.documentFor(r, v, jixiao.ActionRead)
	if err != nil {
		return err
	}
	doc, err := w.s.store.Document(r.Context(), st.DocumentID)
	if err != nil {
		return err
	}
	p := workbenchPage{Layout: Layout{Title: doc.Title, Nav: "workflow", Crumbs: wfCrumbs()}, Viewer: v, Doc: doc,
		Status: st, Message: flashMessage(r.URL.Query())}
	for i, ps := range st.Projects {
		if jixiao.Authorize(v.User, jixiao.ActionRead, ps.Resource()) != jixiao.Allow {
			continue
		}
		row := benchProject{ProjectStatus: ps, Seq: doc.Projects[i].Seq, Name: doc.Projects[i].Name,
			Indicators: len(doc.Projects[i].Indicators),
			ReadOnly:   jixiao.ReadOnlyReason(v.User, ps.Resource(), ps.State, ps.DocState)}
		row.CanEdit = row.ReadOnly == ""
		for _, word := range jixiao.AvailableActions(v.User, ps) {
			row.Actions = append(row.Actions, benchAction{word, actionButtons[word], word == "return"})
		}
		p.Projects = append(p.Projects, row)
	}
	p.CanAdd = canAddProject(v, st)
	p.Audit = seesAudit(v, st)
	if p.Adjustments, err = w.adjustmentsFor(r, v, st); err != nil {
		return err
	}
	if jixiao.Authorize(v.User, jixiao.ActionPublish, st.Resource()) == jixiao.Allow {
		if err := jixiao.CheckPublish(st.State, st.ProjectStates()); err != nil {
			p.PublishWhy = err.Error()
		} else {
			p.CanPublish = true
		}
	}
	return w.s.render(rw, r, http.StatusOK, "workflow_document", "", p)
}

// transition takes a project's review action from the workbench form.
func (w *wfSite) transition(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	a, err := jixiao.ReviewAction(r.PostFormValue("action"), v.User.Role)
	if err != nil || a == jixiao.ActionPublish {
		return invalid("未知的审核操作 %q", r.PostFormValue("action"))
	}
	ps, err := w.projectFor(r, v, a)
	if err != nil {
		return err
	}
	id := ps.ProjectID
	to, err := jixiao.ProjectTransition(ps.State, ps.DocState, a)
	if err != nil {
		return conflictPage(err.Error())
	}
	p, err := w.s.store.Project(r.Context(), id)
	if err != nil {
		return err
	}
	e := jixiao.AuditEntry{UserID: v.User.ID, Username: v.User.Username, Role: v.User.Role, Action: a,
		FromState: ps.State, ToState: to, Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	e.IndicatorSeq, _ = strconv.Atoi(r.PostFormValue("indicator_seq"))
	if err := w.checkTransition(r, a, p, e); err != nil {
		return err
	}
	if _, err := w.wf.SetProjectState(r.Context(), id, e); err != nil {
		if errors.Is(err, jixiao.ErrConflict) {
			return conflictPage(err.Error())
		}
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(ps.DocumentID), "moved", "n", p.Seq, "act", a)+"#p"+itoa(id), http.StatusSeeOther)
	return nil
}

// checkTransition refuses a submission with an error finding and a return
// without a comment.
func (w *wfSite) checkTransition(r *http.Request, a jixiao.Action, p *jixiao.Project, e jixiao.AuditEntry) error {
	switch a {
	case jixiao.ActionSubmit:
		fs, err := w.s.store.Findings(r.Context(), jixiao.FindingQuery{DocumentID: p.DocumentID})
		if err != nil {
			return err
		}
		if err := jixiao.CheckSubmit(workflow.About(fs, p.Seq)); err != nil {
			return conflictPage(err.Error())
		}
	case jixiao.ActionDeptReturn, jixiao.ActionFinanceReturn:
		if err := jixiao.CheckReturn(e.Comment, e.IndicatorSeq, p); err != nil {
			return invalid("%s", strings.TrimPrefix(err.Error(), jixiao.ErrInvalid.Error()+": "))
		}
	}
	return nil
}

// publish publishes a document from its workbench.
func (w *wfSite) publish(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	st, err := w.documentFor(r, v, jixiao.ActionPublish)
	if err != nil {
		return err
	}
	id := st.DocumentID
	e := jixiao.AuditEntry{UserID: v.User.ID, Username: v.User.Username, Role: v.User.Role}
	if err := w.wf.PublishDocument(r.Context(), id, e); err != nil {
		if errors.Is(err, jixiao.ErrConflict) {
			return conflictPage(err.Error())
		}
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(id), "published"), http.StatusSeeOther)
	return nil
}

// createDraft starts next year's draft from a published document.
func (w *wfSite) createDraft(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	st, err := w.documentFor(r, v, jixiao.ActionCreateDraft)
	if err != nil {
		return err
	}
	id := st.DocumentID
	year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil {
		return invalid("年度 %q 不是整数", r.PostFormValue("year"))
	}
	d, err := w.wf.CreateDraft(r.Context(), id, year, jixiao.AuditEntry{UserID: v.User.ID, Username: v.User.Username, Role: v.User.Role})
	if errors.Is(err, jixiao.ErrConflict) {
		return conflictPage(err.Error())
	}
	if err != nil {
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(d.ID), "draft", "n", year), http.StatusSeeOther)
	return nil
}
