package api

import (
	"net/http"

	"jixiao"
	"jixiao/internal/service"
)

// listProjects answers GET /projects?document=&unit=&q=&limit=&cursor=.
func (a *API) listProjects(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	doc, limit, err := pageParams(q)
	if err != nil {
		return err
	}
	v, err := a.listingView(r, doc)
	if err != nil {
		return err
	}
	page, err := v.Projects(r.Context(), jixiao.ProjectQuery{DocumentID: doc, Unit: q.Get("unit"), Q: q.Get("q"),
		Limit: limit, Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	items := make([]projectRow, 0, len(page.Items))
	for _, p := range page.Items {
		items = append(items, rowView(p))
	}
	writeJSON(w, http.StatusOK, newList(items, page.NextCursor))
	return nil
}

// listingView is what the caller may read, for a listing. A listing of
// one document (doc not 0) that is missing, or that the caller may not
// see, answers 404.
func (a *API) listingView(r *http.Request, doc int64) (*service.View, error) {
	u, err := a.user(r)
	if err != nil {
		return nil, err
	}
	if doc != 0 {
		if _, err := a.svc.Targets.DocumentStatus(r.Context(), u, doc); err != nil {
			return nil, err
		}
	}
	return a.svc.Targets.View(r.Context(), u)
}

// getProject answers GET /projects/{id}: the project with its indicators,
// its document's heading and the findings about it (those with its seq),
// and its place in the workflow.
func (a *API) getProject(w http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	v, err := a.svc.Targets.View(r.Context(), u)
	if err != nil {
		return err
	}
	// One read by the id: the project, its document's heading and money
	// unit, its state and its findings, never its whole document.
	d, err := v.ProjectDetail(r.Context(), id)
	if err != nil {
		return err
	}
	st := d.Status
	state := &projectState{Version: st.Version, State: st.State, DocumentState: st.DocState,
		ReadOnlyReason: jixiao.ReadOnlyReason(u, st.Resource(), st.State, st.DocState)}
	pd := projectDetail{projectView: projView(d.Project, d.MoneyUnit), DocumentTitle: d.DocumentTitle,
		DocumentAgency: d.DocumentAgency, DocumentYear: d.DocumentYear, Findings: d.Findings, projectState: state}
	writeJSON(w, http.StatusOK, pd)
	return nil
}
