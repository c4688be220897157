package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"jixiao"
)

// ErrWholeDocument is DocumentOutline's answer when the page must read the
// document whole instead: the store cannot outline one, or the view hides
// some of its units (a filer's view of a draft, which View.Document trims
// exactly, and which is one unit's share of the table).
var ErrWholeDocument = errors.New("read the document whole")

// outliner is a store that reads a document by its units (both engines
// do, sqldb.Store.DocumentOutline and the methods beside it).
type outliner interface {
	DocumentOutline(ctx context.Context, id int64) (*jixiao.DocumentOutline, error)
	UnitProjects(ctx context.Context, q jixiao.UnitProjectsQuery) ([]jixiao.Project, error)
	FindingsAbout(ctx context.Context, id int64, seqs []int) ([]jixiao.Finding, error)
	ProjectPlace(ctx context.Context, id int64, seq int) (string, int, error)
}

// DocumentOutline reads document id without its projects (issue 18 item
// 3), ErrNotFound when the user may not see it, ErrWholeDocument when the
// page must read it with View.Document instead. The outline is kept per
// data generation (it depends on the document alone once the view has
// decided the user may see all of it) and shared: callers must not
// modify it.
func (v *View) DocumentOutline(ctx context.Context, id int64) (*jixiao.DocumentOutline, error) {
	st, err := v.outliner(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(v.units[id]) > 0 {
		return nil, ErrWholeDocument
	}
	read := func(ctx context.Context) (*jixiao.DocumentOutline, error) { return st.DocumentOutline(ctx, id) }
	var o *jixiao.DocumentOutline
	if v.caches == nil {
		o, err = read(ctx)
	} else {
		o, err = cached(ctx, v, &v.caches.outlines, strconv.FormatInt(id, 10), read)
	}
	return o, notFoundOr(err, documentNamed(id))
}

// UnitProjects reads some projects of one unit of document id, as the
// store does (jixiao.UnitProjectsQuery), for a document DocumentOutline
// read.
func (v *View) UnitProjects(ctx context.Context, q jixiao.UnitProjectsQuery) ([]jixiao.Project, error) {
	st, err := v.outliner(ctx, q.DocumentID)
	if err != nil {
		return nil, err
	}
	if len(v.units[q.DocumentID]) > 0 {
		return nil, ErrWholeDocument
	}
	return st.UnitProjects(ctx, q)
}

// FindingsAbout lists the findings of document id about the projects seqs
// or about no project, for a document DocumentOutline read.
func (v *View) FindingsAbout(ctx context.Context, id int64, seqs []int) ([]jixiao.Finding, error) {
	st, err := v.outliner(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(v.units[id]) > 0 {
		return nil, ErrWholeDocument
	}
	return st.FindingsAbout(ctx, id, seqs)
}

// outliner is the view's store as an outliner, once the view has decided
// what it hides and document id is not hidden.
func (v *View) outliner(ctx context.Context, id int64) (outliner, error) {
	if err := v.load(ctx); err != nil {
		return nil, err
	}
	if v.docs[id] {
		return nil, notFound(documentNamed(id))
	}
	st, ok := v.Store.(outliner)
	if !ok {
		return nil, ErrWholeDocument
	}
	return st, nil
}

// ProjectPlace finds project seq of document id in its unit (its name,
// and how many of its projects come before it), for a document
// DocumentOutline read; ErrNotFound when there is none.
func (v *View) ProjectPlace(ctx context.Context, id int64, seq int) (string, int, error) {
	st, err := v.outliner(ctx, id)
	if err != nil {
		return "", 0, err
	}
	if len(v.units[id]) > 0 {
		return "", 0, ErrWholeDocument
	}
	unit, before, err := st.ProjectPlace(ctx, id, seq)
	return unit, before, notFoundOr(err, fmt.Sprintf("本表第 %d 个项目", seq))
}
