package web

import (
	"net/http"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/service"
)

// The pages of the approval workflow (issue 6): the list of drafts, a
// document's workbench (每个项目的状态、为何只读、可做的审核操作),
// the edit form with live checks (workflow_edit.go) and the history with
// diffs (workflow_history.go). Every action is a call of
// internal/service, as in the API.

func workbenchURL(doc int64) string { return "/workflow/documents/" + itoa(doc) }
func editURL(project int64) string  { return "/workflow/projects/" + itoa(project) }
func historyURL(doc int64) string   { return workbenchURL(doc) + "/history" }
func wfCrumbs(extra ...Crumb) []Crumb {
	return append([]Crumb{{"填报审核", "/workflow"}}, extra...)
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

// workflowHome lists the drafts the viewer may see and the published
// documents it may start next year's draft from.
func (s *site) workflowHome(rw http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return err
	}
	docs, err := rd.Documents(r.Context())
	if err != nil {
		return err
	}
	p := wfHomePage{Layout: Layout{Title: "填报审核", Nav: "workflow"}, Viewer: v}
	for _, d := range docs {
		if rd.IsDraft(d.ID) {
			p.Drafts = append(p.Drafts, homeDoc{DocumentSummary: d, State: jixiao.DocDraft})
			continue
		}
		res := jixiao.Resource{Department: d.Agency, Published: true}
		hd := homeDoc{DocumentSummary: d, State: jixiao.DocPublished,
			CanDraft: jixiao.Authorize(v.User, jixiao.ActionCreateDraft, res) == jixiao.Allow}
		p.Published = append(p.Published, hd)
		p.NextYear = max(p.NextYear, d.Year+1)
	}
	return s.render(rw, r, http.StatusOK, "workflow_home", "", p)
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
	CanReview  bool        // the viewer may give the 88号 审核 now
	Review     *reviewNote // the review its filer has to act on
	Queue      service.QueueRow
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
	Queue       queueView
	// CommonReadOnly is the reason every row is read-only when it is the
	// same for all, said once above the table instead of on each row.
	CommonReadOnly string
	// Results is last year's 结果应用 beside a draft (rectify_results.go).
	Results *resultsBox
}

var actionButtons = map[string]string{"submit": "提交审核", "approve": "审核通过", "return": "退回修改"}

// workbench shows a document's projects with their state, why each is
// read-only for the viewer, and the actions the viewer may take.
func (s *site) workbench(rw http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	st, err := s.svc.Targets.DocumentStatus(r.Context(), v.User, id)
	if err != nil {
		return err
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return err
	}
	doc, err := rd.Document(r.Context(), id) // the same projects as st, in order
	if err != nil {
		return err
	}
	latest, err := s.svc.Targets.LatestReviews(r.Context(), v.User, id)
	if err != nil {
		return err
	}
	q, err := s.svc.Targets.Queue(r.Context(), v.User, id)
	if err != nil {
		return err
	}
	f := queueFilterOf(r.URL.Query())
	p := workbenchPage{Layout: Layout{Title: doc.Title, Nav: "workflow", Crumbs: wfCrumbs()}, Viewer: v, Doc: doc,
		Status: st, Message: flashMessage(r.URL.Query()), Queue: newQueueView(q, f, id)}
	for i, ps := range st.Projects {
		qr, _ := q.Row(ps.ProjectID)
		if !f.keep(qr) {
			continue
		}
		row := benchProject{ProjectStatus: ps, Seq: doc.Projects[i].Seq, Name: doc.Projects[i].Name, Queue: qr,
			Indicators: len(doc.Projects[i].Indicators),
			ReadOnly:   jixiao.ReadOnlyReason(v.User, ps.Resource(), ps.State, ps.DocState)}
		row.CanEdit = row.ReadOnly == ""
		row.CanReview = service.CanReview(v.User, ps)
		if lr, ok := latest[ps.ProjectID]; ok {
			row.Review = noteOf(&lr, ps.State)
		}
		for _, word := range jixiao.AvailableActions(v.User, ps) {
			row.Actions = append(row.Actions, benchAction{word, actionButtons[word], word == "return"})
		}
		p.Projects = append(p.Projects, row)
	}
	p.CommonReadOnly = commonReadOnly(p.Projects)
	p.CanAdd = canAddProject(v, st)
	p.Audit = service.SeesReview(v.User, st)
	if p.Adjustments, err = s.adjustmentsFor(r, v, st); err != nil {
		return err
	}
	p.CanPublish, p.PublishWhy = s.svc.Targets.CanPublish(v.User, st)
	if p.Results, err = s.draftResults(r, v.User, st); err != nil {
		return err
	}
	return s.render(rw, r, http.StatusOK, "workflow_document", "", p)
}

// transition takes a project's review action from the workbench form.
func (s *site) transition(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	seq, _ := strconv.Atoi(r.PostFormValue("indicator_seq"))
	in := service.Review{Word: r.PostFormValue("action"), Comment: r.PostFormValue("comment"), IndicatorSeq: seq}
	ps, err := s.svc.Targets.Review(r.Context(), v.User, id, in)
	if err != nil {
		return err
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return err
	}
	p, err := rd.Project(r.Context(), id)
	if err != nil {
		return err
	}
	act, _ := jixiao.ReviewAction(in.Word, v.User.Role)
	http.Redirect(rw, r, flashURL(workbenchURL(ps.DocumentID), "moved", "n", p.Seq, "act", act)+"#p"+itoa(id), http.StatusSeeOther)
	return nil
}

// publish publishes a document from its workbench.
func (s *site) publish(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	if _, err := s.svc.Targets.Publish(r.Context(), v.User, id, ""); err != nil {
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(id), "published"), http.StatusSeeOther)
	return nil
}

// createDraft starts next year's draft from a published document.
func (s *site) createDraft(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil {
		return invalid("年度 %q 不是整数", r.PostFormValue("year"))
	}
	d, err := s.svc.Targets.CreateDraft(r.Context(), v.User, id, year)
	if err != nil {
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(d.ID), "draft", "n", year), http.StatusSeeOther)
	return nil
}

// commonReadOnly is the read-only reason of rows when all of them have the
// same one, else "".
func commonReadOnly(rows []benchProject) string {
	if len(rows) < 2 {
		return ""
	}
	for _, r := range rows {
		if r.ReadOnly != rows[0].ReadOnly {
			return ""
		}
	}
	return rows[0].ReadOnly
}
