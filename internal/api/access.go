package api

import (
	"net/http"

	"jixiao"
)

// readPolicy is what the workflow (workflow*.go, issue 6) adds to the API:
// which documents a request may read. A draft is hidden from whoever may
// not see it — its document, projects, indicators, findings and exports
// answer 404 or are left out of listings. *API implements it in
// workflow_projects.go (so the assertions below always succeed); over a
// store without workflow it allows everything, as every document is
// published.
type readPolicy interface {
	// CanReadDocument returns nil or the error to answer (a 404 that does
	// not reveal the draft).
	CanReadDocument(r *http.Request, id int64) error
	// HiddenDocuments returns the ids of the documents the request may not
	// see; nil hides none.
	HiddenDocuments(r *http.Request) (map[int64]bool, error)
}

// canRead applies the read policy to document id.
func (a *API) canRead(r *http.Request, id int64) error {
	if p, ok := any(a).(readPolicy); ok {
		return p.CanReadDocument(r, id)
	}
	return nil
}

// hidden returns the documents the request may not see (nil: none).
func (a *API) hidden(r *http.Request) (map[int64]bool, error) {
	if p, ok := any(a).(readPolicy); ok {
		return p.HiddenDocuments(r)
	}
	return nil, nil
}

// visible keeps the items whose document the request may see.
func visible[T any](items []T, hidden map[int64]bool, doc func(T) int64) []T {
	if len(hidden) == 0 {
		return items
	}
	out := items[:0:0]
	for _, it := range items {
		if !hidden[doc(it)] {
			out = append(out, it)
		}
	}
	return out
}

// changePolicy is the workflow's check of the document endpoints' changes
// (ActionImport for POST /documents, ActionDeleteDocument for DELETE):
// nil, or the 401/403/404 to answer. *API implements it too (Permit in
// workflow_projects.go), permitting everything over a store without
// workflow.
type changePolicy interface {
	Permit(r *http.Request, act jixiao.Action, res jixiao.Resource) error
}

// permit applies the change policy. Import and delete are not scoped to a
// department, so the resource names none; it counts as published because a
// hidden draft is refused by canRead first.
func (a *API) permit(r *http.Request, act jixiao.Action) error {
	if p, ok := any(a).(changePolicy); ok {
		return p.Permit(r, act, jixiao.Resource{Published: true})
	}
	return nil
}
