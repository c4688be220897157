package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"jixiao"
	"jixiao/internal/service"
	"jixiao/internal/workflow"
)

// The workflow endpoints: drafts, editing a project, review transitions,
// publication, target adjustments (目标调整) and history. Each decodes the
// request, calls internal/service with the caller and encodes the answer.

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

// project reads the input as a project; the services check the rest.
func (in *projectInput) project() (*jixiao.Project, error) {
	p := &jixiao.Project{Unit: strings.TrimSpace(in.Unit), Name: in.Name, Amounts: in.Amounts,
		Goal: strings.TrimSpace(in.Goal), Indicators: []jixiao.Indicator{}}
	for i, x := range in.Indicators {
		if strings.TrimSpace(x.Name) == "" {
			return nil, invalid("第 %d 个指标没有名称", i+1)
		}
		ind := jixiao.Indicator{Seq: i + 1, Level1Code: x.Level1Code, Level1: x.Level1, Level2Code: x.Level2Code,
			Level2: x.Level2, Name: strings.TrimSpace(x.Name), Period: targetOf(x.Period), Annual: targetOf(x.Annual)}
		workflow.FillCategoryNames(&ind)
		p.Indicators = append(p.Indicators, ind)
	}
	return p, nil
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

// workflowView reads project id as u sees it, with its workflow state.
func (a *API) workflowView(r *http.Request, u *jixiao.User, id int64) (projectWorkflowView, error) {
	st, err := a.svc.Targets.ProjectStatus(r.Context(), u, id)
	if err != nil {
		return projectWorkflowView{}, err
	}
	v, err := a.svc.Targets.View(r.Context(), u)
	if err != nil {
		return projectWorkflowView{}, err
	}
	d, err := v.Document(r.Context(), st.DocumentID)
	if err != nil {
		return projectWorkflowView{}, err
	}
	p, err := v.Project(r.Context(), id)
	if err != nil {
		return projectWorkflowView{}, err
	}
	return projectWorkflowView{projectView: projView(*p, d.MoneyUnit), Version: st.Version, State: st.State,
		DocumentState: st.DocState, ReadOnlyReason: jixiao.ReadOnlyReason(u, st.Resource(), st.State, st.DocState),
		Findings: nonNil(workflow.About(d.Findings, p.Seq))}, nil
}

// answerProject writes project id as u sees it with status.
func (a *API) answerProject(rw http.ResponseWriter, r *http.Request, u *jixiao.User, id int64, status int) error {
	v, err := a.workflowView(r, u, id)
	if err != nil {
		return err
	}
	writeJSON(rw, status, v)
	return nil
}

// saveProject answers PUT /projects/{id}: 200 with the new version; 409
// stale_version with the current project when the version is stale; 409
// conflict saying why when the project is not an editable draft.
func (a *API) saveProject(rw http.ResponseWriter, r *http.Request) error {
	var in projectInput
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	if in.Version <= 0 {
		return invalid("请提供所编辑的版本号 version（由 GET /api/v1/projects/%d 返回）", id)
	}
	p, err := in.project()
	if err != nil {
		return err
	}
	_, err = a.svc.Targets.Save(r.Context(), u, id, p, in.Version)
	var ce *jixiao.ConflictError
	if errors.As(err, &ce) {
		return a.staleAnswer(rw, r, u, id, ce)
	}
	if err != nil {
		return err
	}
	return a.answerProject(rw, r, u, id, http.StatusOK)
}

// staleAnswer is the 409 of a save based on an old version: the error and
// the project as the other change left it.
func (a *API) staleAnswer(rw http.ResponseWriter, r *http.Request, u *jixiao.User, id int64, ce *jixiao.ConflictError) error {
	v, err := a.workflowView(r, u, id)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusConflict, struct {
		Error   *Error              `json:"error"`
		Current projectWorkflowView `json:"current"`
	}{&Error{Status: http.StatusConflict, Code: "stale_version", Message: ce.Error()}, v})
	return nil
}

// transitionInput is the body of the transition endpoints.
type transitionInput struct {
	Action       string `json:"action"`
	Comment      string `json:"comment"`
	IndicatorSeq int    `json:"indicator_seq"`
}

// projectTransition answers POST /projects/{id}/transitions {"action":
// submit|approve|return, "comment", "indicator_seq"}.
func (a *API) projectTransition(rw http.ResponseWriter, r *http.Request) error {
	var in transitionInput
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	st, err := a.svc.Targets.Review(r.Context(), u, id, service.Review{Word: in.Action, Comment: in.Comment, IndicatorSeq: in.IndicatorSeq})
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, st)
	return nil
}

// documentTransition answers POST /documents/{id}/transitions {"action":
// "publish"}: 200 with the document's state, 409 while a project is not
// 财政已审.
func (a *API) documentTransition(rw http.ResponseWriter, r *http.Request) error {
	var in transitionInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if in.Action != "publish" {
		return invalid("文件只能执行 publish（公开）；项目的审核请用 POST /api/v1/projects/{id}/transitions")
	}
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	st, err := a.svc.Targets.Publish(r.Context(), u, id, in.Comment)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, st)
	return nil
}

// createDraft answers POST /documents/{id}/drafts {"year"} with 201 and the
// new draft, copied from the published document id.
func (a *API) createDraft(rw http.ResponseWriter, r *http.Request) error {
	var in struct {
		Year int `json:"year"`
	}
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	doc, err := a.svc.Targets.CreateDraft(r.Context(), u, id, in.Year)
	if err != nil {
		return err
	}
	rw.Header().Set("Location", fmt.Sprintf("%s/documents/%d", Prefix, doc.ID))
	writeJSON(rw, http.StatusCreated, docView(doc))
	return nil
}

// addProject answers POST /documents/{id}/projects with the JSON of PUT
// /projects/{id} (no version; "unit" the caller's own for a filer when
// left out): 201 with the new draft project at version 1.
func (a *API) addProject(rw http.ResponseWriter, r *http.Request) error {
	var in projectInput
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	p, err := in.project()
	if err != nil {
		return err
	}
	if _, err := a.svc.Targets.AddProject(r.Context(), u, id, p); err != nil {
		return err
	}
	rw.Header().Set("Location", fmt.Sprintf("%s/projects/%d", Prefix, p.ID))
	return a.answerProject(rw, r, u, p.ID, http.StatusCreated)
}

// removeProject answers DELETE /projects/{id} with 204 for a 草稿 project
// of a draft; 409 once it is submitted or published.
func (a *API) removeProject(rw http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	if err := a.svc.Targets.RemoveProject(r.Context(), u, id); err != nil {
		return err
	}
	rw.WriteHeader(http.StatusNoContent)
	return nil
}

// proposeAdjustment answers POST /projects/{id}/adjustments {"field":
// goal|annual_target|period_target, "indicator_seq", "new", "reason"} with
// 201 and the adjustment (已提交).
func (a *API) proposeAdjustment(rw http.ResponseWriter, r *http.Request) error {
	var in struct {
		Field        string `json:"field"`
		IndicatorSeq int    `json:"indicator_seq"`
		New          string `json:"new"`
		Reason       string `json:"reason"`
	}
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	adj, err := a.svc.Targets.ProposeAdjustment(r.Context(), u, id, service.Proposal(in))
	if err != nil {
		return err
	}
	rw.Header().Set("Location", fmt.Sprintf("%s/documents/%d/adjustments", Prefix, adj.DocumentID))
	writeJSON(rw, http.StatusCreated, adj)
	return nil
}

// adjustmentTransition answers POST /adjustments/{id}/transitions
// {"action": submit|approve|return, "comment"}.
func (a *API) adjustmentTransition(rw http.ResponseWriter, r *http.Request) error {
	var in transitionInput
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	adj, err := a.svc.Targets.ReviewAdjustment(r.Context(), u, id, in.Action, in.Comment)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, adj)
	return nil
}

// listAdjustments answers GET /documents/{id}/adjustments, oldest first:
// every adjustment for a user in the document's scope, the approved ones
// (财政已审) only for a visitor or a user out of scope.
func (a *API) listAdjustments(rw http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	list, err := a.svc.Targets.Adjustments(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, newList(list, ""))
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
func (a *API) documentWorkflow(rw http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	st, err := a.svc.Targets.DocumentStatus(r.Context(), u, id)
	if err != nil {
		return err
	}
	out := struct {
		DocumentID int64           `json:"document_id"`
		State      jixiao.State    `json:"state"`
		SourceID   int64           `json:"source_id,omitempty"`
		CanPublish bool            `json:"can_publish"`
		Projects   []projectRights `json:"projects"`
	}{DocumentID: id, State: st.State, SourceID: st.SourceID, Projects: []projectRights{}}
	out.CanPublish, _ = a.svc.Targets.CanPublish(u, st)
	for _, p := range st.Projects {
		out.Projects = append(out.Projects, projectRights{ProjectStatus: p,
			ReadOnlyReason: jixiao.ReadOnlyReason(u, p.Resource(), p.State, p.DocState), Actions: jixiao.AvailableActions(u, p)})
	}
	writeJSON(rw, http.StatusOK, out)
	return nil
}

// history answers GET /documents/{id}/history: the audit entries, oldest
// first, for users within the document's scope (404 for others).
func (a *API) history(rw http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	es, err := a.svc.Targets.History(r.Context(), u, id)
	if err != nil {
		return err
	}
	items := make([]historyEntry, len(es))
	for i, e := range es {
		if e.Changes == nil {
			e.Changes = []jixiao.Change{}
		}
		items[i] = historyEntry{e, e.Action.Label()}
	}
	writeJSON(rw, http.StatusOK, newList(items, ""))
	return nil
}

// historyEntry is an audit entry with its action's Chinese name.
type historyEntry struct {
	jixiao.AuditEntry
	ActionLabel string `json:"action_label"`
}
