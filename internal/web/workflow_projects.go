package web

import (
	"errors"
	"net/http"
	"strings"

	"jixiao"
	"jixiao/internal/workflow"
)

// Adding a project to a draft (a filer, for its own unit) and removing a
// draft project, from the workbench and the edit page.

func (w *wfSite) projectRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /workflow/documents/{id}/projects", w.handle(w.addProject))
	mux.HandleFunc("POST /workflow/projects/{id}/remove", w.handle(w.removeProject))
}

// canAddProject reports whether v may add a project of its unit to st.
func canAddProject(v viewer, st jixiao.DocumentStatus) bool {
	if v.User == nil || v.User.Unit == "" || st.State != jixiao.DocDraft {
		return false
	}
	res := jixiao.Resource{Department: st.Department, Unit: v.User.Unit}
	return jixiao.Authorize(v.User, jixiao.ActionEdit, res) == jixiao.Allow
}

func (w *wfSite) addProject(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	st, err := w.documentFor(r, v, jixiao.ActionRead)
	if err != nil {
		return err
	}
	if !canAddProject(v, st) {
		return forbiddenPage("只有本单位的填报人可以在草稿中新增项目")
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" {
		return invalid("请填写项目名称")
	}
	doc, err := w.s.store.Document(r.Context(), st.DocumentID)
	if err != nil {
		return err
	}
	p := &jixiao.Project{Unit: v.User.Unit, Name: name, Indicators: []jixiao.Indicator{}}
	e := jixiao.AuditEntry{UserID: v.User.ID, Username: v.User.Username, Role: v.User.Role}
	if _, err := w.wf.AddProject(r.Context(), st.DocumentID, p, workflow.FindingsWithNew(doc, p), e); err != nil {
		if errors.Is(err, jixiao.ErrConflict) {
			return conflictPage(err.Error())
		}
		return err
	}
	http.Redirect(rw, r, flashURL(editURL(p.ID), "added"), http.StatusSeeOther)
	return nil
}

func (w *wfSite) removeProject(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	ps, err := w.projectFor(r, v, jixiao.ActionEdit)
	if err != nil {
		return err
	}
	if reason := jixiao.ReadOnlyReason(v.User, ps.Resource(), ps.State, ps.DocState); reason != "" {
		return conflictPage(reason)
	}
	doc, err := w.s.store.Document(r.Context(), ps.DocumentID)
	if err != nil {
		return err
	}
	e := jixiao.AuditEntry{UserID: v.User.ID, Username: v.User.Username, Role: v.User.Role}
	if err := w.wf.RemoveProject(r.Context(), ps.ProjectID, workflow.FindingsWithout(doc, ps.ProjectID), e); err != nil {
		if errors.Is(err, jixiao.ErrConflict) {
			return conflictPage(err.Error())
		}
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(ps.DocumentID), "removed"), http.StatusSeeOther)
	return nil
}
