package api

import (
	"errors"
	"net/http"

	"jixiao"
	"jixiao/internal/workflow"
)

// listProjects answers GET /projects?document=&unit=&q=&limit=&cursor=.
func (a *API) listProjects(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	doc, limit, err := pageParams(q)
	if err != nil {
		return err
	}
	hidden, err := a.listingHidden(r, doc)
	if err != nil {
		return err
	}
	query := jixiao.ProjectQuery{DocumentID: doc, Unit: q.Get("unit"), Q: q.Get("q")}
	page, err := visiblePage(limit, q.Get("cursor"), func(limit int, cursor string) (jixiao.Page[jixiao.ProjectRow], error) {
		query.Limit, query.Cursor = limit, cursor
		return a.store.Projects(r.Context(), query)
	}, hidden, func(p jixiao.ProjectRow) int64 { return p.DocumentID })
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

// listingHidden returns the documents a listing must leave out for r.
// A listing of one document (doc not 0) first checks that r may read it:
// a hidden draft answers the same 404 as a missing document, and then no
// row of the listing can be hidden.
func (a *API) listingHidden(r *http.Request, doc int64) (map[int64]bool, error) {
	if doc != 0 {
		return nil, a.canRead(r, doc)
	}
	return a.hidden(r)
}

// visiblePage reads a page of limit rows from cursor on through fetch,
// leaving out the rows of hidden documents without letting them change
// the items or the next cursor (workflow.FillPage, shared with the
// pages); with nothing hidden it is the store's page as it comes.
func visiblePage[T any](limit int, cursor string, fetch func(int, string) (jixiao.Page[T], error),
	hidden map[int64]bool, doc func(T) int64) (jixiao.Page[T], error) {
	if len(hidden) == 0 {
		return fetch(limit, cursor)
	}
	return workflow.FillPage(limit, cursor, fetch, func(it T) bool { return hidden[doc(it)] })
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
		if toError(err).Status == http.StatusNotFound {
			// The same answer as a missing project: naming the hidden
			// draft's document would tell that the project exists.
			return notFound("没有编号为 %d 的项目", id)
		}
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
