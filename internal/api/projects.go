package api

import (
	"errors"
	"net/http"

	"jixiao"
)

// listProjects answers GET /projects?document=&unit=&q=&limit=&cursor=.
func (a *API) listProjects(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	doc, limit, err := pageParams(q)
	if err != nil {
		return err
	}
	page, err := a.store.Projects(r.Context(), jixiao.ProjectQuery{
		DocumentID: doc, Unit: q.Get("unit"), Q: q.Get("q"), Limit: limit, Cursor: q.Get("cursor"),
	})
	if err != nil {
		return err
	}
	hidden, err := a.hidden(r)
	if err != nil {
		return err
	}
	rows := visible(page.Items, hidden, func(p jixiao.ProjectRow) int64 { return p.DocumentID })
	items := make([]projectRow, 0, len(rows))
	for _, p := range rows {
		items = append(items, rowView(p))
	}
	writeJSON(w, http.StatusOK, newList(items, page.NextCursor))
	return nil
}

// getProject answers GET /projects/{id}: the project with its indicators,
// its document's heading and the findings about it (those with its seq).
func (a *API) getProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := a.store.Project(r.Context(), id)
	if errors.Is(err, jixiao.ErrNotFound) {
		return notFound("没有编号为 %d 的项目", id)
	}
	if err != nil {
		return err
	}
	if err := a.canRead(r, p.DocumentID); err != nil {
		return err
	}
	// The first row of the project's document gives the heading and money
	// unit without reading the whole document.
	head, err := a.store.Projects(r.Context(), jixiao.ProjectQuery{DocumentID: p.DocumentID, Limit: 1})
	if err != nil {
		return err
	}
	if len(head.Items) == 0 {
		return notFound("没有编号为 %d 的项目", id) // deleted meanwhile
	}
	fs, err := a.store.Findings(r.Context(), jixiao.FindingQuery{DocumentID: p.DocumentID, ProjectSeq: p.Seq})
	if err != nil {
		return err
	}
	state, err := a.projectState(r, id)
	if err != nil {
		return err
	}
	h := head.Items[0]
	v := projectDetail{projectView: projView(*p, h.MoneyUnit), DocumentTitle: h.DocumentTitle,
		DocumentAgency: h.DocumentAgency, DocumentYear: h.DocumentYear, Findings: fs, projectState: state}
	writeJSON(w, http.StatusOK, v)
	return nil
}
