package web

import (
	"net/http"

	"jixiao"
)

// Adding a project to a draft (a filer, for its own unit) and removing a
// draft project, from the workbench and the edit page.

// canAddProject reports whether v may add a project of its unit to st.
func canAddProject(v viewer, st jixiao.DocumentStatus) bool {
	if v.User == nil || v.User.Unit == "" || st.State != jixiao.DocDraft {
		return false
	}
	res := jixiao.Resource{Department: st.Department, Unit: v.User.Unit}
	return jixiao.Authorize(v.User, jixiao.ActionEdit, res) == jixiao.Allow
}

func (s *site) addProject(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	p := &jixiao.Project{Unit: v.User.Unit, Name: r.PostFormValue("name")}
	if _, err := s.svc.Targets.AddProject(r.Context(), v.User, id, p); err != nil {
		return err
	}
	http.Redirect(rw, r, flashURL(editURL(p.ID), "added"), http.StatusSeeOther)
	return nil
}

func (s *site) removeProject(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	ps, err := s.svc.Targets.ProjectStatus(r.Context(), v.User, id)
	if err != nil {
		return err
	}
	if err := s.svc.Targets.RemoveProject(r.Context(), v.User, id); err != nil {
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(ps.DocumentID), "removed"), http.StatusSeeOther)
	return nil
}
