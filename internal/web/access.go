package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"jixiao"
	"jixiao/internal/workflow"
)

// readView is the store as one request may read it. The drafts its visitor
// may not read (issue 6: any draft without a session, a draft outside
// one's unit or department with one) are not in it: Document and Project
// answer ErrNotFound exactly as for an id that does not exist, listings
// leave them out, pages of results are filled from further rows, and facet
// counts do not count them. Every page that shows documents, projects,
// indicators or findings reads through s.reader(r), so the rule lives in
// this one place. Writes go to the store unchanged.
type readView struct {
	jixiao.Store
	hidden map[int64]bool // document ids
}

// reader returns the store as r's visitor may read it.
func (s *site) reader(r *http.Request) (*readView, error) {
	hidden, err := s.hiddenDocuments(r)
	if err != nil {
		return nil, err
	}
	return &readView{Store: s.store, hidden: hidden}, nil
}

// hiddenError is the error of a hidden id: the same not-found as a missing one.
func hiddenError(kind string, id int64) error {
	return fmt.Errorf("%s %d: %w", kind, id, jixiao.ErrNotFound)
}

func (v *readView) Document(ctx context.Context, id int64) (*jixiao.Document, error) {
	if v.hidden[id] {
		return nil, hiddenError("document", id)
	}
	return v.Store.Document(ctx, id)
}

func (v *readView) Project(ctx context.Context, id int64) (*jixiao.Project, error) {
	p, err := v.Store.Project(ctx, id)
	if err == nil && v.hidden[p.DocumentID] {
		return nil, hiddenError("project", id)
	}
	return p, err
}

func (v *readView) Documents(ctx context.Context) ([]jixiao.DocumentSummary, error) {
	docs, err := v.Store.Documents(ctx)
	return keepVisible(docs, err, v.hidden, func(d jixiao.DocumentSummary) int64 { return d.ID })
}

func (v *readView) Findings(ctx context.Context, q jixiao.FindingQuery) ([]jixiao.Finding, error) {
	fs, err := v.Store.Findings(ctx, q)
	return keepVisible(fs, err, v.hidden, func(f jixiao.Finding) int64 { return f.DocumentID })
}

// keepVisible drops the items of hidden documents from a listing.
func keepVisible[T any](items []T, err error, hidden map[int64]bool, doc func(T) int64) ([]T, error) {
	if err != nil || len(hidden) == 0 {
		return items, err
	}
	return slices.DeleteFunc(items, func(it T) bool { return hidden[doc(it)] }), nil
}

func (v *readView) Projects(ctx context.Context, q jixiao.ProjectQuery) (jixiao.Page[jixiao.ProjectRow], error) {
	if v.hidden[q.DocumentID] {
		return jixiao.Page[jixiao.ProjectRow]{Items: []jixiao.ProjectRow{}}, nil
	}
	return workflow.FillPage(q.Limit, q.Cursor, func(limit int, cursor string) (jixiao.Page[jixiao.ProjectRow], error) {
		q.Limit, q.Cursor = limit, cursor
		return v.Store.Projects(ctx, q)
	}, func(p jixiao.ProjectRow) bool { return v.hidden[p.DocumentID] })
}

func (v *readView) Indicators(ctx context.Context, q jixiao.IndicatorQuery) (jixiao.Page[jixiao.IndicatorRow], error) {
	if v.hidden[q.DocumentID] {
		return jixiao.Page[jixiao.IndicatorRow]{Items: []jixiao.IndicatorRow{}}, nil
	}
	return workflow.FillPage(q.Limit, q.Cursor, func(limit int, cursor string) (jixiao.Page[jixiao.IndicatorRow], error) {
		q.Limit, q.Cursor = limit, cursor
		return v.Store.Indicators(ctx, q)
	}, func(in jixiao.IndicatorRow) bool { return v.hidden[in.DocumentID] })
}

// IndicatorFacets counts what the visitor may see: the store's counts less
// those of each hidden document that has matches (counts per document add
// up, so the difference is exact).
func (v *readView) IndicatorFacets(ctx context.Context, q jixiao.IndicatorQuery) (jixiao.Facets, error) {
	all, err := v.Store.IndicatorFacets(ctx, q)
	if err != nil || len(v.hidden) == 0 {
		return all, err
	}
	for _, d := range all["document"] {
		id, _ := strconv.ParseInt(d.Value, 10, 64)
		if !v.hidden[id] {
			continue
		}
		q.DocumentID = id
		part, err := v.Store.IndicatorFacets(ctx, q)
		if err != nil {
			return nil, err
		}
		all = subtractFacets(all, part)
	}
	return all, nil
}

// subtractFacets returns all less part, dropping values left at zero; the
// unit facet stays ordered as the store orders it (most used first).
func subtractFacets(all, part jixiao.Facets) jixiao.Facets {
	out := jixiao.Facets{}
	for key, counts := range all {
		minus := map[string]int{}
		for _, c := range part[key] {
			minus[c.Value] = c.Count
		}
		kept := []jixiao.FacetCount{}
		for _, c := range counts {
			if c.Count -= minus[c.Value]; c.Count > 0 {
				kept = append(kept, c)
			}
		}
		out[key] = kept
	}
	slices.SortFunc(out["unit"], func(a, b jixiao.FacetCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out
}
