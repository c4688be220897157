package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"jixiao"
	"jixiao/internal/workflow"
)

// projectInput is what PUT /projects/{id} reads: the JSON GET
// /projects/{id} answers (other fields are ignored) with its version. A
// target is read from its text; a client that has only comparator, number
// and unit may leave the text empty.
type projectInput struct {
	Version    int64            `json:"version"`
	Unit       string           `json:"unit"`
	Name       string           `json:"project"`
	Amounts    jixiao.Amounts   `json:"amounts"`
	Goal       string           `json:"goal"`
	Indicators []indicatorInput `json:"indicators"`
}

type indicatorInput struct {
	Level1Code string        `json:"level1_code"`
	Level1     string        `json:"level1"`
	Level2Code string        `json:"level2_code"`
	Level2     string        `json:"level2"`
	Name       string        `json:"name"`
	Period     jixiao.Target `json:"period_target"`
	Annual     jixiao.Target `json:"annual_target"`
}

// project builds the edited project; the unit cannot move (that would take
// the project out of its filer's scope).
func (in *projectInput) project(id int64, unit string) (*jixiao.Project, error) {
	if in.Version <= 0 {
		return nil, invalid("请提供所编辑的版本号 version（由 GET /api/v1/projects/%d 返回）", id)
	}
	if strings.TrimSpace(in.Name) == "" {
		return nil, invalid("项目名称 project 不能为空")
	}
	if in.Unit != "" && in.Unit != unit {
		return nil, invalid("不能修改项目所属单位（%s）", unit)
	}
	p := &jixiao.Project{ID: id, Unit: unit, Name: strings.TrimSpace(in.Name), Amounts: in.Amounts,
		Goal: strings.TrimSpace(in.Goal), Indicators: []jixiao.Indicator{}}
	for i, x := range in.Indicators {
		if strings.TrimSpace(x.Name) == "" {
			return nil, invalid("第 %d 个指标没有名称", i+1)
		}
		in := jixiao.Indicator{Seq: i + 1, Level1Code: x.Level1Code, Level1: x.Level1, Level2Code: x.Level2Code,
			Level2: x.Level2, Name: strings.TrimSpace(x.Name), Period: targetOf(x.Period), Annual: targetOf(x.Annual)}
		workflow.FillCategoryNames(&in)
		p.Indicators = append(p.Indicators, in)
	}
	// The store checks again; checking here spares the rules a project
	// too large to be saved.
	return p, p.Validate()
}

// targetOf reads a target as the editor sent it.
func targetOf(t jixiao.Target) jixiao.Target { return workflow.Target(t.Text, t.Op, t.Value, t.Unit) }

// projectWorkflowView is a project with its place in the workflow: what PUT
// /projects/{id} and POST /documents/{id}/projects answer, and what the 409
// of a stale version carries as "current".
type projectWorkflowView struct {
	projectView
	Version        int64            `json:"version"`
	State          jixiao.State     `json:"state"`
	DocumentState  jixiao.State     `json:"document_state"`
	ReadOnlyReason string           `json:"read_only_reason,omitempty"`
	Findings       []jixiao.Finding `json:"findings"`
}

func (w *workflowAPI) workflowView(r *http.Request, u *jixiao.User, p *jixiao.Project, st jixiao.ProjectStatus) (projectWorkflowView, error) {
	d, err := w.a.store.Document(r.Context(), st.DocumentID)
	if err != nil {
		return projectWorkflowView{}, err
	}
	v := projectWorkflowView{projectView: projView(*p, d.MoneyUnit), Version: st.Version, State: st.State,
		DocumentState: st.DocState, ReadOnlyReason: jixiao.ReadOnlyReason(u, st.Resource(), st.State, st.DocState),
		Findings: []jixiao.Finding{}}
	v.Findings = append(v.Findings, workflow.About(d.Findings, p.Seq)...)
	return v, nil
}

// projectState reads the workflow fields GET /projects/{id} carries (nil
// for a store without workflow): the version PUT checks, the states, and
// why the caller may not edit the project.
func (a *API) projectState(r *http.Request, id int64) (*projectState, error) {
	w, u, err := a.workflowUser(r)
	if w == nil || err != nil {
		return nil, err
	}
	st, err := w.projectStatus(r, id)
	if err != nil {
		return nil, err
	}
	return &projectState{Version: st.Version, State: st.State, DocumentState: st.DocState,
		ReadOnlyReason: jixiao.ReadOnlyReason(u, st.Resource(), st.State, st.DocState)}, nil
}

// projectStatus reads a project's workflow state, 404 when missing.
func (w *workflowAPI) projectStatus(r *http.Request, id int64) (jixiao.ProjectStatus, error) {
	st, err := w.wf.ProjectStatus(r.Context(), id)
	if errors.Is(err, jixiao.ErrNotFound) {
		return st, notFound("没有编号为 %d 的项目", id)
	}
	return st, err
}

// authorizeProject resolves the user and checks action a on project id.
func (w *workflowAPI) authorizeProject(r *http.Request, id int64, a jixiao.Action) (*jixiao.User, jixiao.ProjectStatus, error) {
	u, err := w.user(r)
	if err != nil {
		return nil, jixiao.ProjectStatus{}, err
	}
	st, err := w.projectStatus(r, id)
	if err != nil {
		return nil, st, err
	}
	return u, st, deny(u, jixiao.Authorize(u, a, st.Resource()), a, fmt.Sprintf("编号为 %d 的项目", id))
}

// saveProject answers PUT /projects/{id}: 200 with the new version; 409
// stale_version with the current project when the version is stale; 409
// conflict saying why when the project is not an editable draft.
func (w *workflowAPI) saveProject(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, st, err := w.authorizeProject(r, id, jixiao.ActionEdit)
	if err != nil {
		return err
	}
	var in projectInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if reason := jixiao.ReadOnlyReason(u, st.Resource(), st.State, st.DocState); reason != "" {
		return conflict(reason)
	}
	p, err := in.project(id, st.Unit)
	if err != nil {
		return err
	}
	findings, err := w.findingsWith(r, st.DocumentID, p)
	if err != nil {
		return err
	}
	e := entryFor(u)
	st, err = w.wf.SaveProject(r.Context(), p, findings, in.Version, e)
	var ce *jixiao.ConflictError
	switch {
	case errors.As(err, &ce):
		return w.staleAnswer(rw, r, u, id, ce)
	case err != nil:
		return err
	}
	saved, err := w.a.store.Project(r.Context(), id)
	if err != nil {
		return err
	}
	v, err := w.workflowView(r, u, saved, st)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, v)
	return nil
}

// findingsWith re-runs the review rules on the document with p in place of
// its stored version.
func (w *workflowAPI) findingsWith(r *http.Request, docID int64, p *jixiao.Project) ([]jixiao.Finding, error) {
	d, err := w.a.store.Document(r.Context(), docID)
	if err != nil {
		return nil, err
	}
	return workflow.Findings(d, p), nil
}

// staleAnswer is the 409 of a save based on an old version: the error and
// the project as the other change left it.
func (w *workflowAPI) staleAnswer(rw http.ResponseWriter, r *http.Request, u *jixiao.User, id int64, ce *jixiao.ConflictError) error {
	st, err := w.projectStatus(r, id)
	if err != nil {
		return err
	}
	cur, err := w.a.store.Project(r.Context(), id)
	if err != nil {
		return err
	}
	v, err := w.workflowView(r, u, cur, st)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusConflict, struct {
		Error   *Error              `json:"error"`
		Current projectWorkflowView `json:"current"`
	}{&Error{Status: http.StatusConflict, Code: "stale_version", Message: ce.Error()}, v})
	return nil
}

// transitionInput is the body of both transition endpoints.
type transitionInput struct {
	Action       string `json:"action"`
	Comment      string `json:"comment"`
	IndicatorSeq int    `json:"indicator_seq"`
}

// projectTransition answers POST /projects/{id}/transitions {"action":
// submit|approve|return, "comment", "indicator_seq"}.
func (w *workflowAPI) projectTransition(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in transitionInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if in.Action == "publish" {
		return invalid("公开针对整个文件：请用 POST /api/v1/documents/{id}/transitions")
	}
	u, err := w.user(r)
	if err != nil {
		return err
	}
	role := jixiao.Role("")
	if u != nil {
		role = u.Role
	}
	action, err := jixiao.ReviewAction(in.Action, role)
	if err != nil {
		return invalid("%s", strings.TrimPrefix(err.Error(), jixiao.ErrInvalid.Error()+": "))
	}
	u, st, err := w.authorizeProject(r, id, action)
	if err != nil {
		return err
	}
	to, err := jixiao.ProjectTransition(st.State, st.DocState, action)
	if err != nil {
		return err
	}
	if err := w.checkTransition(r, action, st, in); err != nil {
		return err
	}
	e := entryFor(u)
	e.Action, e.FromState, e.ToState, e.Comment, e.IndicatorSeq = action, st.State, to, strings.TrimSpace(in.Comment), in.IndicatorSeq
	st, err = w.wf.SetProjectState(r.Context(), id, e)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, st)
	return nil
}

// checkTransition applies the rules that need the project: no submission
// with an error finding; a return needs a comment and a real indicator.
func (w *workflowAPI) checkTransition(r *http.Request, a jixiao.Action, st jixiao.ProjectStatus, in transitionInput) error {
	p, err := w.a.store.Project(r.Context(), st.ProjectID)
	if err != nil {
		return err
	}
	switch a {
	case jixiao.ActionSubmit:
		d, err := w.a.store.Document(r.Context(), st.DocumentID)
		if err != nil {
			return err
		}
		if err := jixiao.CheckSubmit(workflow.About(d.Findings, p.Seq)); err != nil {
			return err
		}
	case jixiao.ActionDeptReturn, jixiao.ActionFinanceReturn:
		if err := jixiao.CheckReturn(in.Comment, in.IndicatorSeq, p); err != nil {
			return invalid("%s", strings.TrimPrefix(err.Error(), jixiao.ErrInvalid.Error()+": "))
		}
	}
	return nil
}

// documentTransition answers POST /documents/{id}/transitions {"action":
// "publish"}: 200 with the document's state, 409 while a project is not
// 财政已审.
func (w *workflowAPI) documentTransition(rw http.ResponseWriter, r *http.Request) error {
	var in transitionInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if in.Action != "publish" {
		return invalid("文件只能执行 publish（公开）；项目的审核请用 POST /api/v1/projects/{id}/transitions")
	}
	u, st, err := w.documentFor(r, jixiao.ActionPublish)
	if err != nil {
		return err
	}
	e := entryFor(u)
	e.Comment = strings.TrimSpace(in.Comment)
	id := st.DocumentID
	if err := w.wf.PublishDocument(r.Context(), id, e); err != nil {
		return err
	}
	st, err = w.documentStatus(r, id)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, st)
	return nil
}

// projectRights is a project's state with what the caller may do with it.
type projectRights struct {
	jixiao.ProjectStatus
	ReadOnlyReason string   `json:"read_only_reason,omitempty"`
	Actions        []string `json:"actions"`
}

// documentWorkflow answers GET /documents/{id}/workflow: the document's
// state and, per project the caller may see, its state, why it is
// read-only and which transitions the caller may take now.
func (w *workflowAPI) documentWorkflow(rw http.ResponseWriter, r *http.Request) error {
	u, st, err := w.documentFor(r, jixiao.ActionRead)
	if err != nil {
		return err
	}
	id := st.DocumentID
	out := struct {
		DocumentID int64           `json:"document_id"`
		State      jixiao.State    `json:"state"`
		SourceID   int64           `json:"source_id,omitempty"`
		CanPublish bool            `json:"can_publish"`
		Projects   []projectRights `json:"projects"`
	}{DocumentID: id, State: st.State, SourceID: st.SourceID, Projects: []projectRights{}}
	out.CanPublish = jixiao.Authorize(u, jixiao.ActionPublish, st.Resource()) == jixiao.Allow &&
		jixiao.CheckPublish(st.State, st.ProjectStates()) == nil
	for _, p := range st.Projects {
		if jixiao.Authorize(u, jixiao.ActionRead, p.Resource()) != jixiao.Allow {
			continue
		}
		out.Projects = append(out.Projects, projectRights{ProjectStatus: p,
			ReadOnlyReason: jixiao.ReadOnlyReason(u, p.Resource(), p.State, p.DocState), Actions: jixiao.AvailableActions(u, p)})
	}
	writeJSON(rw, http.StatusOK, out)
	return nil
}

// CanReadDocument says whether the request may read document id: nil, or
// the 404 that hides a draft from whoever may not see it (a 401 for a bad
// bearer token). The endpoints about one document (GET /documents/{id},
// GET /projects/{id} once it knows the project's document, the export of
// one document, the evaluation endpoints, DELETE /documents/{id}) call it
// through canRead before answering; for a store without workflow every
// document is published.
func (a *API) CanReadDocument(r *http.Request, id int64) error {
	w := a.workflow()
	if w == nil {
		return nil
	}
	_, _, err := w.document(r, id, jixiao.ActionRead)
	return err
}

// HiddenDocuments returns the ids of the drafts the request may not see,
// for the listings (documents, projects, indicators, findings) to leave out.
func (a *API) HiddenDocuments(r *http.Request) (map[int64]bool, error) {
	w, u, err := a.workflowUser(r)
	if w == nil || err != nil {
		return nil, err
	}
	drafts, err := w.wf.Drafts(r.Context())
	if err != nil {
		return nil, err
	}
	return jixiao.HiddenDrafts(u, drafts), nil
}

// addProject answers POST /documents/{id}/projects with the JSON of PUT
// /projects/{id} (no version; "unit" required, the caller's own unit for a
// filer): 201 with the new draft project at version 1.
func (w *workflowAPI) addProject(rw http.ResponseWriter, r *http.Request) error {
	u, st, err := w.documentFor(r, jixiao.ActionRead)
	if err != nil {
		return err
	}
	var in projectInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	unit := strings.TrimSpace(in.Unit)
	if unit == "" {
		return invalid("请填写新项目的单位 unit")
	}
	res := jixiao.Resource{Department: st.Department, Unit: unit, Published: st.State == jixiao.DocPublished, New: true}
	if err := deny(u, jixiao.Authorize(u, jixiao.ActionEdit, res), jixiao.ActionEdit, "单位“"+unit+"”的项目"); err != nil {
		return err
	}
	if st.State != jixiao.DocDraft {
		return conflict("文档已公开，不能新增项目")
	}
	in.Version = 1 // a new project has no earlier version to check
	p, err := in.project(0, unit)
	if err != nil {
		return err
	}
	d, err := w.a.store.Document(r.Context(), st.DocumentID)
	if err != nil {
		return err
	}
	findings := workflow.FindingsWithNew(d, p)
	ps, err := w.wf.AddProject(r.Context(), st.DocumentID, p, findings, entryFor(u))
	if err != nil {
		return err
	}
	saved, err := w.a.store.Project(r.Context(), p.ID)
	if err != nil {
		return err
	}
	v, err := w.workflowView(r, u, saved, ps)
	if err != nil {
		return err
	}
	rw.Header().Set("Location", fmt.Sprintf("%s/projects/%d", Prefix, p.ID))
	writeJSON(rw, http.StatusCreated, v)
	return nil
}

// removeProject answers DELETE /projects/{id} with 204 for a 草稿 project
// of a draft; 409 once it is submitted or published.
func (w *workflowAPI) removeProject(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, st, err := w.authorizeProject(r, id, jixiao.ActionEdit)
	if err != nil {
		return err
	}
	if reason := jixiao.ReadOnlyReason(u, st.Resource(), st.State, st.DocState); reason != "" {
		return conflict(reason)
	}
	d, err := w.a.store.Document(r.Context(), st.DocumentID)
	if err != nil {
		return err
	}
	if err := w.wf.RemoveProject(r.Context(), id, workflow.FindingsWithout(d, id), entryFor(u)); err != nil {
		return err
	}
	rw.WriteHeader(http.StatusNoContent)
	return nil
}

// Permit checks action act of the request's user on r (for the document
// endpoints: ActionImport for POST /documents, ActionDeleteDocument for
// DELETE /documents/{id}): nil when allowed, else the 401/403/404 answer.
// A store without workflow permits everything, as before accounts existed.
func (a *API) Permit(r *http.Request, act jixiao.Action, res jixiao.Resource) error {
	w, u, err := a.workflowUser(r)
	if w == nil || err != nil {
		return err
	}
	return deny(u, jixiao.Authorize(u, act, res), act, "")
}
