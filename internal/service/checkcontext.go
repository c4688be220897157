package service

import (
	"context"
	"errors"

	"jixiao"
	"jixiao/internal/check"
)

// CheckContexts builds what the review rules need beyond the table they
// check (check.Context): the earlier years of its projects (Priors, from
// the links between years and the self-evaluations stored) and the peers
// of the stored tables (Peers, from the loader set there). Every command
// that runs the rules on a stored or an imported table asks it here.
type CheckContexts struct {
	st Store
	// Peers, when set, loads the peer groups the peer rules judge doc
	// against; nil leaves those rules quiet.
	Peers func(ctx context.Context, doc *jixiao.Document) (*check.Peers, error)
}

// ForStored is the Context of a stored document (a draft being edited or
// checked): its projects' links that hold lead to their earlier years.
func (c *CheckContexts) ForStored(ctx context.Context, doc *jixiao.Document) (check.Context, error) {
	links, err := c.st.Links().DocumentLinks(ctx, doc.ID)
	if err != nil {
		return check.Context{}, err
	}
	return c.For(ctx, doc, links)
}

// For is the Context of doc whose projects continue earlier ones by links
// (stored, or proposed for a table being imported, by seq): for each
// project the earlier years its links that hold lead to, newest first, up
// to the years the rules look back (check.StaleYears), each with that
// year's self-evaluation actuals where one is stored; then the peers.
func (c *CheckContexts) For(ctx context.Context, doc *jixiao.Document, links []jixiao.StoredLink) (check.Context, error) {
	out := check.Context{Priors: map[int][]check.Prior{}}
	years := &priorReader{st: c.st, docs: map[int64]*priorDoc{}}
	for _, l := range links {
		if !l.Holds() && !(l.ID == 0 && l.Certain) {
			continue // pending or rejected; a proposal holds when it is certain
		}
		ps, err := years.chain(ctx, l.PrevDocumentID, l.PrevProjectID, check.StaleYears-1)
		if err != nil {
			return check.Context{}, err
		}
		if len(ps) > 0 {
			out.Priors[l.Seq] = ps
		}
	}
	if c.Peers != nil {
		peers, err := c.Peers(ctx, doc)
		if err != nil {
			return check.Context{}, err
		}
		out.Peers = peers
	}
	return out, nil
}

// priorReader reads the earlier years' documents, their self-evaluations
// and their own links once each.
type priorReader struct {
	st   Store
	docs map[int64]*priorDoc
}

type priorDoc struct {
	doc     *jixiao.Document
	actuals *jixiao.Actuals             // the year-end self-evaluation, nil when none is stored
	back    map[int64]jixiao.StoredLink // its projects' links that hold, by project id
}

// chain is project projectID of document docID followed back through the
// links that hold, at most n years, newest first.
func (r *priorReader) chain(ctx context.Context, docID, projectID int64, n int) ([]check.Prior, error) {
	var out []check.Prior
	for ; n > 0; n-- {
		d, err := r.read(ctx, docID)
		if err != nil {
			return nil, err
		}
		p := projectByID(d.doc, projectID)
		if p == nil {
			break
		}
		out = append(out, check.Prior{Year: d.doc.Year, Project: p, Actuals: actualTexts(d.actuals, p.Seq)})
		l, ok := d.back[projectID]
		if !ok {
			break
		}
		docID, projectID = l.PrevDocumentID, l.PrevProjectID
	}
	return out, nil
}

func (r *priorReader) read(ctx context.Context, id int64) (*priorDoc, error) {
	if d, ok := r.docs[id]; ok {
		return d, nil
	}
	doc, err := r.st.Document(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &priorDoc{doc: doc, back: map[int64]jixiao.StoredLink{}}
	if d.actuals, err = r.st.Eval().Actuals(ctx, id, jixiao.SelfEvalRoundName); err != nil && !errors.Is(err, jixiao.ErrNotFound) {
		return nil, err
	}
	links, err := r.st.Links().DocumentLinks(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.Holds() {
			d.back[l.ProjectID] = l
		}
	}
	r.docs[id] = d
	return d, nil
}

func projectByID(doc *jixiao.Document, id int64) *jixiao.Project {
	for i := range doc.Projects {
		if doc.Projects[i].ID == id {
			return &doc.Projects[i]
		}
	}
	return nil
}

// actualTexts are the 实际完成值 of a project's indicators as entered, by
// indicator seq (the number when no text was kept).
func actualTexts(a *jixiao.Actuals, projectSeq int) map[int]string {
	out := map[int]string{}
	if a == nil {
		return out
	}
	for _, ia := range a.Indicators {
		if ia.ProjectSeq != projectSeq {
			continue
		}
		if t := cmpOr(ia.Text, ia.Value); t != "" {
			out[ia.Seq] = t
		}
	}
	return out
}
