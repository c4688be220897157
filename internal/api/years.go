package api

import (
	"net/http"

	"jixiao/internal/service"
)

// projectYears answers GET /projects/{id}/years: the project across the
// years its confirmed links lead to, each indicator's target per year,
// last year's actual and score as the caller may see them, and the
// proposed links waiting for a reviewer.
func (a *API) projectYears(rw http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	h, err := a.svc.Years.ProjectHistory(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, h)
	return nil
}

// linkTransition answers POST /links/{id}/transitions: a reviewer
// confirms ("confirm") or rejects ("reject") a proposed link.
func (a *API) linkTransition(rw http.ResponseWriter, r *http.Request) error {
	var in transitionInput
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	confirm, err := service.LinkDecision(in.Action)
	if err != nil {
		return err
	}
	l, err := a.svc.Years.DecideLink(r.Context(), u, id, confirm)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, l)
	return nil
}
