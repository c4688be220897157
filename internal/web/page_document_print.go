package web

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/service"
)

// documentPrint answers the print view: the whole table with its marks
// and findings, written as it is read from the store, printChunk
// projects at a time, so that a table of any size costs one chunk of
// memory (issue 18 item 3). A store error once the answer has started
// aborts the connection: a table cut short must not look whole.
func (s *site) documentPrint(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rd, err := s.reader(r)
	if err != nil {
		return err
	}
	src, err := printSourceOf(r.Context(), rd, id)
	if err != nil {
		return err
	}
	adj, err := s.documentAdjustments(r.Context(), id)
	if err != nil {
		return err
	}
	p, streamErr, stop := printPage(r.Context(), src, adj)
	defer stop()
	p.State = stateOf(rd, id)
	if p.State.Draft {
		p.Title += "（草稿）"
	}
	out, finish := s.stream(w, r)
	err = s.pages.pages["document"].ExecuteTemplate(out, "layout", p)
	if err == nil && *streamErr != nil {
		err = *streamErr
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "print view cut short", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	return finish()
}

// stream starts an HTML answer written as it is produced: through a
// buffer, gzipped when the client takes it. finish flushes it.
func (s *site) stream(w http.ResponseWriter, r *http.Request) (io.Writer, func() error) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Vary", "HX-Request, Accept-Encoding")
	var zw *gzip.Writer
	var dst io.Writer = w
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		zw = gzipWriters.Get().(*gzip.Writer)
		zw.Reset(w)
		dst = zw
	}
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(dst, 32<<10)
	return bw, func() error {
		if err := bw.Flush(); err != nil {
			return nil // the client is gone: nothing to tell it
		}
		if zw != nil {
			zw.Close()
			gzipWriters.Put(zw)
		}
		return nil
	}
}

// printSource is what the print view reads: the outline and the store's
// units of projects, or for a view that must read the document whole
// (service.ErrWholeDocument), that document.
type printSource struct {
	outline *jixiao.DocumentOutline
	whole   *jixiao.Document
	rd      *service.View
	fs      []jixiao.Finding
}

func printSourceOf(ctx context.Context, rd *service.View, id int64) (printSource, error) {
	o, err := rd.DocumentOutline(ctx, id)
	if errors.Is(err, service.ErrWholeDocument) {
		doc, err := rd.Document(ctx, id)
		if err != nil {
			return printSource{}, err
		}
		return printSource{whole: doc, outline: outlineOfWhole(doc), fs: doc.Findings}, nil
	}
	if err != nil {
		return printSource{}, err
	}
	fs, err := rd.Findings(ctx, jixiao.FindingQuery{DocumentID: id})
	return printSource{outline: o, rd: rd, fs: fs}, err
}

// outlineOfWhole outlines a document read whole, as the store does
// (sqldb.Store.DocumentOutline), in one pass over its projects.
func outlineOfWhole(doc *jixiao.Document) *jixiao.DocumentOutline {
	head := *doc
	head.Projects, head.Findings = nil, nil
	o := &jixiao.DocumentOutline{Document: &head, Findings: map[jixiao.Severity]int{}}
	figures := map[string]*jixiao.UnitFigures{}
	var order []string
	for i := range doc.Projects {
		pr := &doc.Projects[i]
		f := figures[pr.Unit]
		if f == nil {
			f = &jixiao.UnitFigures{Unit: jixiao.Unit{Name: pr.Unit}, FirstSeq: pr.Seq}
			figures[pr.Unit] = f
			order = append(order, pr.Unit)
		}
		f.Projects++
		f.Sum = f.Sum.Add(pr.Amounts)
	}
	last := map[string]int{}
	for i, u := range doc.Units {
		last[u.Name] = i
	}
	for i, u := range doc.Units {
		f := jixiao.UnitFigures{Unit: u, Listed: true}
		if g := figures[u.Name]; g != nil && last[u.Name] == i {
			f.Projects, f.FirstSeq, f.Sum = g.Projects, g.FirstSeq, g.Sum
		}
		o.Units = append(o.Units, f)
	}
	for _, name := range order {
		if _, ok := last[name]; !ok {
			o.Units = append(o.Units, *figures[name])
		}
	}
	for _, u := range o.Units {
		o.Projects += u.Projects
		o.Sum = o.Sum.Add(u.Sum)
	}
	o.Indicators = doc.IndicatorCount()
	for _, f := range doc.Findings {
		o.Findings[f.Severity]++
	}
	return o
}

// printPage is the print view's data: its groups and their projects are
// iterators that read the store as the template writes them; the error
// that stopped them, if any, is in the returned pointer once the
// template has run, and stop releases the stream.
func printPage(ctx context.Context, src printSource, adj map[int64]*projectAdjustments) (documentPage, *error, func()) {
	o := src.outline
	doc := o.Document
	title := docTitle(doc.Agency, doc.Year)
	p := documentPage{
		Layout: Layout{Title: title + " · 打印审核版", Nav: "home",
			Crumbs: []Crumb{{"总览", "/"}, {title, "/documents/" + itoa(doc.ID)}}},
		Doc: doc, Unit: doc.MoneyUnit, Total: outlineTotal(o), Counts: o.Findings,
		UnitCount: len(o.Units), ProjectCount: o.Projects, IndicatorCount: o.Indicators, FindingCount: len(src.fs),
	}
	for _, pa := range adj {
		p.Adjusted += pa.count()
	}
	m := printMarks(&p, o, src.fs)
	var byUnit map[string][]*jixiao.Project
	if src.whole != nil {
		byUnit = src.whole.ProjectsByUnit()
	}
	var streamErr error
	mark := func(row *projectRow) { m.project(row) }
	rows, stop := (*tableRows)(nil), func() {}
	if byUnit == nil {
		rows = newTableRows(ctx, src.rd, o, adj, mark, &streamErr)
		stop = rows.stop
	}
	p.Stream = func(yield func(*unitGroup) bool) {
		for i, u := range o.Units {
			if streamErr != nil {
				return
			}
			g := outlineGroup(o, i)
			if g.ShowRow && m.unitAt[u.Unit.Name] == i {
				for _, f := range m.units[u.Unit.Name] {
					g.Mark.add(f)
				}
			}
			switch {
			case u.Projects == 0:
				g.Rows = func(func(*projectRow) bool) {}
			case byUnit != nil:
				g.Rows = wholeRows(byUnit[u.Unit.Name], adj, doc.MoneyUnit, mark)
			default:
				g.Rows = rows.unit(i)
			}
			if !yield(&g) {
				return
			}
		}
	}
	return p, &streamErr, stop
}

// wholeRows yields the rows of projects read whole.
func wholeRows(ps []*jixiao.Project, adj map[int64]*projectAdjustments, u jixiao.MoneyUnit, mark func(*projectRow)) iter.Seq[*projectRow] {
	return func(yield func(*projectRow) bool) {
		for _, pr := range ps {
			row := newProjectRow(pr, adj, u)
			mark(&row)
			if !yield(&row) {
				return
			}
		}
	}
}

// storeRows yields the rows of one unit's projects, read printChunk at a
// time after the last seq read; a read error stops them and is kept in
// *errp.
func storeRows(ctx context.Context, rd *service.View, id int64, unit string, adj map[int64]*projectAdjustments,
	u jixiao.MoneyUnit, mark func(*projectRow), errp *error) iter.Seq[*projectRow] {
	return func(yield func(*projectRow) bool) {
		after := 0
		for {
			ps, err := rd.UnitProjects(ctx, jixiao.UnitProjectsQuery{DocumentID: id, Unit: unit, AfterSeq: after, Limit: printChunk})
			if err != nil {
				*errp = fmt.Errorf("read unit %q of document %d: %w", unit, id, err)
				return
			}
			for i := range ps {
				row := newProjectRow(&ps[i], adj, u)
				mark(&row)
				if !yield(&row) {
					return
				}
			}
			if len(ps) < printChunk {
				return
			}
			after = ps[len(ps)-1].Seq
		}
	}
}

// printFindings holds the print view's findings until the rows they mark
// are read: by project seq, by unit (for the unit row at unitAt), and the
// list entries to complete once their project is read.
type printFindings struct {
	bySeq  map[int][]int // indexes into items
	units  map[string][]jixiao.Finding
	unitAt map[string]int // the group a unit's findings mark, as attach picks it
	items  []findingItem
}

// printMarks sorts the findings as attach would: a project's, a shown
// unit row's, the 合计 row's (marked now: it is printed first); the list
// entries of projects' findings are completed as their rows are read.
func printMarks(p *documentPage, o *jixiao.DocumentOutline, fs []jixiao.Finding) *printFindings {
	m := &printFindings{bySeq: map[int][]int{}, units: map[string][]jixiao.Finding{}, unitAt: map[string]int{}}
	first := map[string]int{}
	for i := len(o.Units) - 1; i >= 0; i-- {
		first[o.Units[i].Unit.Name] = i
	}
	for i, u := range o.Units {
		m.unitAt[u.Unit.Name] = i // the last one, as attach's map
	}
	showRow := len(o.Units) > 1
	for _, f := range fs {
		item := findingItem{Finding: f, Anchor: "total", Where: "合计"}
		i, known := m.unitAt[f.Unit]
		switch {
		case f.ProjectSeq != 0:
			item.Anchor, item.Where = fmt.Sprintf("p%d", f.ProjectSeq), f.Project
			m.bySeq[f.ProjectSeq] = append(m.bySeq[f.ProjectSeq], len(m.items))
		case f.Unit != "" && known && (showRow || o.Units[i].Unit.HasStated):
			m.units[f.Unit] = append(m.units[f.Unit], f)
			item.Anchor, item.Where = "u"+strconv.Itoa(first[f.Unit]+1), f.Unit
		default:
			p.TotalRow.add(f)
		}
		m.items = append(m.items, item)
	}
	p.Findings = m.items
	return m
}

// project marks row with its findings and completes their list entries.
func (m *printFindings) project(row *projectRow) {
	for _, k := range m.bySeq[row.Seq] {
		item := &m.items[k]
		f := item.Finding
		if f.IndicatorSeq > 0 && f.IndicatorSeq <= len(row.Indicators) {
			row.Indicators[f.IndicatorSeq-1].Mark.add(f)
			item.Anchor = fmt.Sprintf("p%d-i%d", row.Seq, f.IndicatorSeq)
			item.Where = fmt.Sprintf("%s · 指标 %d", row.Name, f.IndicatorSeq)
		} else {
			row.Mark.add(f)
			item.Anchor, item.Where = fmt.Sprintf("p%d", row.Seq), row.Name
		}
	}
}

// tableRows gives each unit of a streamed table its rows from the store.
// When the units' projects lie in seq order (each unit's projects one run
// of seqs, the runs in the units' order, as most tables are), one stream
// of every project, read printChunk at a time after the last seq, is
// shared by the units in turn: a handful of reads instead of one per
// unit. Otherwise each unit's are read on their own (storeRows). A read
// error, or a project that is not the unit's, stops the rows and is kept
// in *errp.
type tableRows struct {
	ctx    context.Context
	rd     *service.View
	o      *jixiao.DocumentOutline
	adj    map[int64]*projectAdjustments
	mark   func(*projectRow)
	errp   *error
	starts []int // each unit's first rank in the stream, when inOrder
	next   func() (jixiao.Project, bool)
	stop   func()
	pulled int
}

func newTableRows(ctx context.Context, rd *service.View, o *jixiao.DocumentOutline, adj map[int64]*projectAdjustments,
	mark func(*projectRow), errp *error) *tableRows {
	t := &tableRows{ctx: ctx, rd: rd, o: o, adj: adj, mark: mark, errp: errp, stop: func() {}}
	at, seq := 0, 0
	for _, u := range o.Units {
		if u.Projects > 0 && (seq == 0 && u.FirstSeq < 1 || seq != 0 && u.FirstSeq != seq) {
			return t // not in seq order
		}
		if u.Projects > 0 {
			seq = u.FirstSeq + u.Projects
		}
		t.starts = append(t.starts, at)
		at += u.Projects
	}
	t.next, t.stop = iter.Pull(t.all())
	return t
}

// all streams every project of the document in seq order.
func (t *tableRows) all() iter.Seq[jixiao.Project] {
	return func(yield func(jixiao.Project) bool) {
		after := 0
		for {
			ps, err := t.rd.UnitProjects(t.ctx, jixiao.UnitProjectsQuery{DocumentID: t.o.Document.ID, AllUnits: true,
				AfterSeq: after, Limit: printChunk})
			if err != nil {
				*t.errp = fmt.Errorf("read document %d after %d: %w", t.o.Document.ID, after, err)
				return
			}
			for _, p := range ps {
				if !yield(p) {
					return
				}
			}
			if len(ps) < printChunk {
				return
			}
			after = ps[len(ps)-1].Seq
		}
	}
}

// unit is the rows of the outline's i-th unit.
func (t *tableRows) unit(i int) iter.Seq[*projectRow] {
	u := t.o.Units[i]
	if u.Projects == 0 {
		return func(func(*projectRow) bool) {}
	}
	if t.next == nil {
		return storeRows(t.ctx, t.rd, t.o.Document.ID, u.Unit.Name, t.adj, t.o.Document.MoneyUnit, t.mark, t.errp)
	}
	return func(yield func(*projectRow) bool) {
		for t.pulled < t.starts[i] { // rows of an earlier unit left unread
			if _, ok := t.pull(u.Unit.Name, false); !ok {
				return
			}
		}
		for t.pulled < t.starts[i]+u.Projects {
			p, ok := t.pull(u.Unit.Name, true)
			if !ok {
				return
			}
			row := newProjectRow(&p, t.adj, t.o.Document.MoneyUnit)
			t.mark(&row)
			if !yield(&row) {
				return
			}
		}
	}
}

// pull takes the stream's next project, of unit when check is set.
func (t *tableRows) pull(unit string, check bool) (jixiao.Project, bool) {
	p, ok := t.next()
	switch {
	case !ok && *t.errp == nil:
		*t.errp = fmt.Errorf("document %d: %d projects read of %d", t.o.Document.ID, t.pulled, t.o.Projects)
	case ok && check && p.Unit != unit:
		*t.errp = fmt.Errorf("document %d: project %d is of %q, not %q", t.o.Document.ID, p.Seq, p.Unit, unit)
		ok = false
	}
	t.pulled++
	return p, ok && *t.errp == nil
}
