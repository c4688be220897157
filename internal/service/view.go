package service

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"jixiao"
	"jixiao/internal/workflow"
)

// View is the store as one user may read it: a draft the user may not
// read (any draft for a visitor, a draft outside one's unit or department)
// is missing exactly as an id that does not exist, and within a draft the
// user reads, a project of another unit is missing too (a filer sees only
// their unit's drafts). Document, Project and History answer ErrNotFound
// for them; listings leave them out, pages of results are filled from
// further rows, and facet counts do not count hidden documents. Every door
// reads documents, projects, indicators, findings, exports and history
// through a View. Writes go through the services, never through a View.
//
// What is hidden is decided once per view, on its first read that needs
// it: that reads the state of every draft's projects, which one project
// read by its id does not need (Project decides from the project's own
// state), so that a request for one project costs one project however big
// the drafts are (issue 18).
type View struct {
	jixiao.Store
	wf jixiao.WorkflowStore
	by *jixiao.User

	caches  *caches // the services' (Targets)
	genMu   sync.Mutex
	gen     int64 // the data generation of the view's reads (generation)
	genOK   bool  // the store keeps one
	genRead bool

	once     sync.Once
	err      error                     // of the first load, kept for every later read
	drafts   map[int64]bool            // every draft, seen or not
	docs     map[int64]bool            // hidden documents
	projects map[int64]bool            // hidden projects of visible drafts
	seqs     map[int64]map[int]bool    // the same by document and seq, for findings
	units    map[int64]map[string]bool // the units of those projects, for facet counts
}

// View returns what by (nil for a visitor) may read.
func (t *Targets) View(ctx context.Context, by *jixiao.User) (*View, error) {
	return &View{Store: t.st, wf: t.wf, by: by, caches: &t.caches}, nil
}

// load decides what is hidden, once (see View).
func (v *View) load(ctx context.Context) error {
	v.once.Do(func() { v.err = v.decide(ctx) })
	return v.err
}

func (v *View) decide(ctx context.Context) error {
	drafts, err := v.draftUnits(ctx)
	if err != nil {
		return err
	}
	v.docs, v.drafts, v.projects = jixiao.HiddenDrafts(v.by, drafts), map[int64]bool{}, map[int64]bool{}
	v.seqs, v.units = map[int64]map[int]bool{}, map[int64]map[string]bool{}
	for _, d := range drafts {
		v.drafts[d.DocumentID] = true
		if v.docs[d.DocumentID] || !v.hidesUnit(d) {
			continue
		}
		if d.Projects == nil { // read by its units only: now its projects
			if d, err = v.wf.DocumentStatus(ctx, d.DocumentID); errors.Is(err, jixiao.ErrNotFound) {
				continue // deleted meanwhile
			} else if err != nil {
				return err
			}
		}
		for i, p := range d.Projects { // in document order: seq i+1
			if jixiao.Authorize(v.by, jixiao.ActionRead, p.Resource()) != jixiao.Allow {
				v.projects[p.ProjectID] = true
				if v.seqs[d.DocumentID] == nil {
					v.seqs[d.DocumentID], v.units[d.DocumentID] = map[int]bool{}, map[string]bool{}
				}
				v.seqs[d.DocumentID][i+1] = true
				v.units[d.DocumentID][p.Unit] = true
			}
		}
	}
	return nil
}

// draftUnits lists the drafts by their units alone where the store can
// (sqldb.Store.DraftUnits), else with their projects.
// The list depends on the data alone, so it is kept for the data
// generation (generationCache): shared, read only.
func (v *View) draftUnits(ctx context.Context) ([]jixiao.DocumentStatus, error) {
	read := v.wf.Drafts
	if du, ok := v.wf.(interface {
		DraftUnits(ctx context.Context) ([]jixiao.DocumentStatus, error)
	}); ok {
		read = du.DraftUnits
	}
	if v.caches == nil {
		return read(ctx)
	}
	return cached(ctx, v, &v.caches.drafts, "", read)
}

// hidesUnit reports whether the user may not read some project of draft
// d: the policy decides a project by its department, unit and document
// state, so asking for each unit its projects name is asking for each
// project. A visitor's drafts are hidden whole, and a finance or
// department reviewer reads every project of a draft they read, so only a
// filer's view reads the projects of a draft.
func (v *View) hidesUnit(d jixiao.DocumentStatus) bool {
	for _, u := range d.Units {
		p := jixiao.ProjectStatus{DocumentID: d.DocumentID, Department: d.Department, Unit: u, DocState: d.State}
		if jixiao.Authorize(v.by, jixiao.ActionRead, p.Resource()) != jixiao.Allow {
			return true
		}
	}
	return false
}

// User is whom the view is for (nil: a visitor).
func (v *View) User() *jixiao.User { return v.by }

// IsDraft reports whether document id is a draft (not yet published). It
// is asked about documents the view has listed or read, whose read
// decided what is hidden already and returned any error that met.
func (v *View) IsDraft(id int64) bool {
	if v.load(context.Background()) != nil {
		return false
	}
	return v.drafts[id]
}

func notFound(what string) error { return jixiao.Errorf(jixiao.ErrNotFound, "没有%s", what) }

// Document reads document id without the projects the user may not see
// (and their findings and units).
func (v *View) Document(ctx context.Context, id int64) (*jixiao.Document, error) {
	if err := v.load(ctx); err != nil {
		return nil, err
	}
	if v.docs[id] {
		return nil, notFound(documentNamed(id))
	}
	d, err := v.Store.Document(ctx, id)
	if err != nil {
		return nil, notFoundOr(err, documentNamed(id))
	}
	v.trim(d)
	return d, nil
}

// trim drops from d the projects the user may not see.
func (v *View) trim(d *jixiao.Document) {
	seqs := map[int]bool{}
	units := map[string]bool{}
	kept := d.Projects[:0:0]
	for _, p := range d.Projects {
		if v.projects[p.ID] {
			seqs[p.Seq] = true
			continue
		}
		kept = append(kept, p)
		units[p.Unit] = true
	}
	if len(seqs) == 0 {
		return
	}
	d.Projects = kept
	d.Units = slices.DeleteFunc(d.Units, func(u jixiao.Unit) bool { return !units[u.Name] })
	// The 合计 row is the whole table's: shown beside the viewer's units it
	// would tell the hidden units' money and contradict the rows shown, so
	// the doors print the sum of the projects kept instead; the findings
	// about hidden projects, hidden units' rows and the 合计 row go too.
	d.Stated, d.HasStated, d.StatedLine = jixiao.Amounts{}, false, 0
	d.Findings = slices.DeleteFunc(d.Findings, func(f jixiao.Finding) bool {
		return seqs[f.ProjectSeq] || f.ProjectSeq == 0 && (f.Unit != "" && !units[f.Unit] || f.Unit == "" && strings.HasPrefix(f.Rule, "amount."))
	})
}

// Project reads project id, ErrNotFound when the user may not see it.
func (v *View) Project(ctx context.Context, id int64) (*jixiao.Project, error) {
	if _, ok := v.Store.(rowReader); !ok {
		return v.projectThroughDrafts(ctx, id)
	}
	r, _, err := v.ProjectRow(ctx, id)
	if err != nil {
		return nil, err
	}
	return &r.Project, nil
}

// rowReader is a store that reads one project by its id with its
// document's heading and its workflow state (both engines do,
// sqldb.Store.ProjectRow).
type rowReader interface {
	ProjectRow(ctx context.Context, id int64) (jixiao.ProjectRow, jixiao.ProjectStatus, error)
}

// ProjectRow reads project id with its document's heading and its place
// in the workflow, ErrNotFound when the user may not see it. The project's
// own state decides, as the view's rules do for the projects of a draft:
// a user who may read a draft's project may read the draft (its units
// include the project's), and a published document's projects are read by
// everyone, so the policy's answer for the project alone is the view's.
func (v *View) ProjectRow(ctx context.Context, id int64) (jixiao.ProjectRow, jixiao.ProjectStatus, error) {
	rr, ok := v.Store.(rowReader)
	if !ok {
		return v.rowThroughDrafts(ctx, id)
	}
	r, st, err := rr.ProjectRow(ctx, id)
	if err != nil {
		return r, st, notFoundOr(err, projectNamed(id))
	}
	if jixiao.Authorize(v.by, jixiao.ActionRead, st.Resource()) != jixiao.Allow {
		return jixiao.ProjectRow{}, jixiao.ProjectStatus{}, notFound(projectNamed(id))
	}
	return r, st, nil
}

// ProjectDetail is what a page or API answer shows of one project.
type ProjectDetail struct {
	jixiao.ProjectRow
	Status   jixiao.ProjectStatus
	Findings []jixiao.Finding // about the project (its seq), in document order
}

// ProjectDetail reads project id as ProjectRow does, with the findings
// about it, ErrNotFound when the user may not see it.
func (v *View) ProjectDetail(ctx context.Context, id int64) (*ProjectDetail, error) {
	r, st, err := v.ProjectRow(ctx, id)
	if err != nil {
		return nil, err
	}
	// The project is visible, so are the findings with its seq.
	fs, err := v.Store.Findings(ctx, jixiao.FindingQuery{DocumentID: r.DocumentID, ProjectSeq: r.Seq})
	if err != nil {
		return nil, err
	}
	return &ProjectDetail{ProjectRow: r, Status: st, Findings: fs}, nil
}

// projectThroughDrafts is Project for a store without rowReader: the
// project, then the view's rules.
func (v *View) projectThroughDrafts(ctx context.Context, id int64) (*jixiao.Project, error) {
	if err := v.load(ctx); err != nil {
		return nil, err
	}
	p, err := v.Store.Project(ctx, id)
	if err == nil && (v.docs[p.DocumentID] || v.projects[id]) {
		return nil, notFound(projectNamed(id))
	}
	return p, notFoundOr(err, projectNamed(id))
}

// rowThroughDrafts is ProjectRow for a store without rowReader.
func (v *View) rowThroughDrafts(ctx context.Context, id int64) (jixiao.ProjectRow, jixiao.ProjectStatus, error) {
	p, err := v.projectThroughDrafts(ctx, id)
	if err != nil {
		return jixiao.ProjectRow{}, jixiao.ProjectStatus{}, err
	}
	st, err := v.wf.ProjectStatus(ctx, id)
	if err != nil {
		return jixiao.ProjectRow{}, st, notFoundOr(err, projectNamed(id))
	}
	head, err := v.Projects(ctx, jixiao.ProjectQuery{DocumentID: p.DocumentID, Limit: 1})
	if err != nil {
		return jixiao.ProjectRow{}, st, err
	}
	if len(head.Items) == 0 {
		return jixiao.ProjectRow{}, st, notFound(projectNamed(id)) // deleted meanwhile
	}
	h := head.Items[0]
	return jixiao.ProjectRow{Project: *p, DocumentTitle: h.DocumentTitle, DocumentAgency: h.DocumentAgency,
		DocumentYear: h.DocumentYear, MoneyUnit: h.MoneyUnit}, st, nil
}

// Documents lists the documents the user may see.
func (v *View) Documents(ctx context.Context) ([]jixiao.DocumentSummary, error) {
	if err := v.load(ctx); err != nil {
		return nil, err
	}
	docs, err := v.storeDocuments(ctx)
	return keep(slices.Clone(docs), err, func(d jixiao.DocumentSummary) bool { return v.docs[d.ID] })
}

// storeDocuments is the store's listing, kept for the data generation
// (generationCache): shared, so Documents filters a copy, and the
// summaries' Findings maps are read only.
func (v *View) storeDocuments(ctx context.Context) ([]jixiao.DocumentSummary, error) {
	if v.caches == nil {
		return v.Store.Documents(ctx)
	}
	return cached(ctx, v, &v.caches.documents, "", v.Store.Documents)
}

// Findings lists the findings about what the user may see.
func (v *View) Findings(ctx context.Context, q jixiao.FindingQuery) ([]jixiao.Finding, error) {
	if err := v.load(ctx); err != nil {
		return nil, err
	}
	fs, err := v.Store.Findings(ctx, q)
	return keep(fs, err, func(f jixiao.Finding) bool { return v.docs[f.DocumentID] || v.seqs[f.DocumentID][f.ProjectSeq] })
}

func keep[T any](items []T, err error, hidden func(T) bool) ([]T, error) {
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(items, hidden), nil
}

// Projects reads a page of the projects the user may see.
func (v *View) Projects(ctx context.Context, q jixiao.ProjectQuery) (jixiao.Page[jixiao.ProjectRow], error) {
	if err := v.load(ctx); err != nil {
		return jixiao.Page[jixiao.ProjectRow]{}, err
	}
	if v.docs[q.DocumentID] {
		return jixiao.Page[jixiao.ProjectRow]{Items: []jixiao.ProjectRow{}}, nil
	}
	hidden := func(p jixiao.ProjectRow) bool { return v.docs[p.DocumentID] || v.projects[p.ID] }
	return fill(q.Limit, q.Cursor, func(limit int, cursor string) (jixiao.Page[jixiao.ProjectRow], error) {
		q.Limit, q.Cursor = limit, cursor
		return v.Store.Projects(ctx, q)
	}, hidden, len(v.docs)+len(v.projects) > 0)
}

// Indicators reads a page of the indicators the user may see.
func (v *View) Indicators(ctx context.Context, q jixiao.IndicatorQuery) (jixiao.Page[jixiao.IndicatorRow], error) {
	if err := v.load(ctx); err != nil {
		return jixiao.Page[jixiao.IndicatorRow]{}, err
	}
	if v.docs[q.DocumentID] {
		return jixiao.Page[jixiao.IndicatorRow]{Items: []jixiao.IndicatorRow{}}, nil
	}
	hidden := func(in jixiao.IndicatorRow) bool { return v.docs[in.DocumentID] || v.projects[in.ProjectID] }
	return fill(q.Limit, q.Cursor, func(limit int, cursor string) (jixiao.Page[jixiao.IndicatorRow], error) {
		q.Limit, q.Cursor = limit, cursor
		return v.Store.Indicators(ctx, q)
	}, hidden, len(v.docs)+len(v.projects) > 0)
}

// fill is the store's page as it comes when nothing is hidden, else
// workflow.FillPage, which keeps hidden rows from changing the items or
// the cursor.
func fill[T any](limit int, cursor string, fetch func(int, string) (jixiao.Page[T], error), hidden func(T) bool, any bool) (jixiao.Page[T], error) {
	if !any {
		return fetch(limit, cursor)
	}
	return workflow.FillPage(limit, cursor, fetch, hidden)
}

// IndicatorFacets counts what the user may see: the store leaves out the
// hidden documents and, within a visible draft, the hidden units (a
// filer's draft shows only their unit) in its one bounded read (issue 18),
// rather than counting them and taking them away after.
func (v *View) IndicatorFacets(ctx context.Context, q jixiao.IndicatorQuery) (jixiao.Facets, error) {
	if err := v.load(ctx); err != nil {
		return nil, err
	}
	q.HiddenDocuments, q.HiddenUnits = nil, nil
	for id, hidden := range v.docs {
		if hidden {
			q.HiddenDocuments = append(q.HiddenDocuments, id)
		}
	}
	slices.Sort(q.HiddenDocuments)
	for id, units := range v.units {
		if v.docs[id] {
			continue
		}
		for unit := range units {
			if q.HiddenUnits == nil {
				q.HiddenUnits = map[int64][]string{}
			}
			q.HiddenUnits[id] = append(q.HiddenUnits[id], unit)
		}
	}
	return v.Store.IndicatorFacets(ctx, q)
}

// aggregator is a store that counts a year's figures in SQL (both engines
// do, sqldb.Store.Aggregate).
type aggregator interface {
	Aggregate(ctx context.Context, q jixiao.AggregateQuery) (jixiao.Aggregate, error)
}

// Aggregate counts the figures of year's tables the user may see: every
// published table, the drafts the user reads, and within those only the
// units the user reads (a filer's draft shows their unit alone), so that
// 总览 never reads a document whole (issue 18) nor counts a hidden
// draft's money (issue 15). The count is kept for the data generation
// (generationCache); the answer is shared between requests: read it only.
func (v *View) Aggregate(ctx context.Context, year int) (jixiao.Aggregate, error) {
	if err := v.load(ctx); err != nil {
		return jixiao.Aggregate{}, err
	}
	ag, ok := v.Store.(aggregator)
	if !ok {
		return jixiao.Aggregate{}, errors.New("store counts no aggregates")
	}
	q := v.aggregateQuery(year)
	if v.caches == nil {
		return ag.Aggregate(ctx, q)
	}
	return cached(ctx, v, &v.caches.aggregates, aggregateKey(q), func(ctx context.Context) (jixiao.Aggregate, error) {
		return ag.Aggregate(ctx, q)
	})
}

// aggregateQuery is the view's rules for year as the store's query.
func (v *View) aggregateQuery(year int) jixiao.AggregateQuery {
	q := jixiao.AggregateQuery{Year: year, HiddenUnits: map[int64][]string{}}
	for id := range v.drafts {
		if !v.docs[id] {
			q.Drafts = append(q.Drafts, id)
		}
	}
	slices.Sort(q.Drafts)
	for id, units := range v.units {
		for u := range units {
			q.HiddenUnits[id] = append(q.HiddenUnits[id], u)
		}
		slices.Sort(q.HiddenUnits[id])
	}
	return q
}

// ShowsPart reports whether the user sees only some units of document id
// (a filer's view of a draft), whose whole-document counts are not theirs
// to see. Like IsDraft it is asked about documents already listed or read.
func (v *View) ShowsPart(id int64) bool {
	if v.load(context.Background()) != nil {
		return false
	}
	return len(v.units[id]) > 0
}
