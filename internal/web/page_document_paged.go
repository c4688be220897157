package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"jixiao"
	"jixiao/internal/service"
)

// A table of more than documentPageSize projects is shown a screen at a
// time (issue 18 item 3): the first page of its projects, or any page,
// or the projects of one unit, under a unit index counted by the store
// (pagedDocument); the whole table is its print view, streamed
// (documentPrint). Neither reads more than one page of indicators at once.
const documentPageSize = 100

// printChunk is how many projects the print view reads at a time.
const printChunk = 200

// documentPaging is the unit index and pager of a paged document page.
type documentPaging struct {
	Units       []unitIndexRow
	Unit        string // the unit shown alone, "" for a page of the whole table
	Page, Pages int
	From, To    int    // the projects shown, 1-based, of the whole table or of Unit
	Of          int    // projects in the whole table or in Unit
	Prev, Next  string // the neighbouring pages, "" at either end
	All         string // the first page of the whole table (when Unit is shown)
	PrintURL    string
	PageSize    int
	MU          jixiao.MoneyUnit // the document's
}

// unitIndexRow is one unit of the index: its projects and money, and the
// link to its projects.
type unitIndexRow struct {
	Index    int
	Name     string
	Projects int
	Amounts  jixiao.Amounts
	URL      string
	Current  bool
}

// pageSlice is the part of one unit's projects a page shows.
type pageSlice struct {
	index         int // in the outline
	offset, limit int
}

// pagedDocument answers the page of a big document: ?unit= shows one
// unit's projects, ?page= a page of them or of the whole table (1 when
// absent), each documentPageSize projects long.
func (s *site) pagedDocument(w http.ResponseWriter, r *http.Request, rd *service.View, o *jixiao.DocumentOutline) error {
	doc := o.Document
	if v := r.URL.Query().Get("seq"); v != "" {
		return s.projectInPage(w, r, rd, doc.ID, v)
	}
	pg, err := pageParam(r.URL.Query().Get("page"))
	if err != nil {
		return err
	}
	unit := r.URL.Query().Get("unit")
	parts, paging, err := pageParts(o, unit, pg)
	if err != nil {
		return err
	}
	adj, err := s.documentAdjustments(r.Context(), doc.ID)
	if err != nil {
		return err
	}
	p := documentPage{
		Layout: Layout{Title: docTitle(doc.Agency, doc.Year), Nav: "home", Crumbs: []Crumb{{"总览", "/"}}},
		Doc:    doc, Unit: doc.MoneyUnit, Total: outlineTotal(o), Counts: o.Findings,
		Downloads: documentDownloads(doc.ID), EvalURL: evalURL(doc.ID), State: stateOf(rd, doc.ID),
		UnitCount: len(o.Units), ProjectCount: o.Projects, IndicatorCount: o.Indicators, Paged: paging,
	}
	for _, n := range o.Findings {
		p.FindingCount += n
	}
	for _, pa := range adj {
		p.Adjusted += pa.count()
	}
	if p.State.Draft {
		p.Title += "（草稿）"
	}
	var seqs []int
	for _, part := range parts {
		g := outlineGroup(o, part.index)
		g.Continued = part.offset > 0
		if part.limit > 0 {
			ps, err := rd.UnitProjects(r.Context(), jixiao.UnitProjectsQuery{DocumentID: doc.ID,
				Unit: g.Unit.Name, Offset: part.offset, Limit: part.limit})
			if err != nil {
				return err
			}
			for i := range ps {
				g.Projects = append(g.Projects, newProjectRow(&ps[i], adj, doc.MoneyUnit))
				seqs = append(seqs, ps[i].Seq)
			}
		}
		p.Groups = append(p.Groups, g)
	}
	fs, err := rd.FindingsAbout(r.Context(), doc.ID, seqs)
	if err != nil {
		return err
	}
	attachPage(&p, o, fs)
	return s.render(w, r, http.StatusOK, "document", "", p)
}

// projectInPage answers ?seq=N, a link to one project of a big table
// (the project page's 在原表中查看, a search hit): a redirect to its
// unit's page that holds it, where the link's #p… anchor finds its row
// (a browser keeps the fragment across the redirect).
func (s *site) projectInPage(w http.ResponseWriter, r *http.Request, rd *service.View, id int64, v string) error {
	seq, err := strconv.Atoi(v)
	if err != nil || seq < 1 {
		return invalid("项目序号应为正整数，收到 %q", v)
	}
	unit, before, err := rd.ProjectPlace(r.Context(), id, seq)
	if err != nil {
		return err
	}
	q := url.Values{"unit": {unit}}
	if pg := before/documentPageSize + 1; pg > 1 {
		q.Set("page", strconv.Itoa(pg))
	}
	http.Redirect(w, r, "/documents/"+itoa(id)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// pageParam reads ?page=, 1 when absent.
func pageParam(v string) (int, error) {
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, invalid("页码应为正整数，收到 %q", v)
	}
	return n, nil
}

// pageParts finds which units' projects page pg shows: of unit alone
// when it is named, else of the whole table in the order it is printed.
// A unit without projects is shown where it falls.
func pageParts(o *jixiao.DocumentOutline, unit string, pg int) ([]pageSlice, *documentPaging, error) {
	base := "/documents/" + itoa(o.Document.ID)
	paging := &documentPaging{Unit: unit, Page: pg, PrintURL: base + "/print", Of: o.Projects,
		PageSize: documentPageSize, MU: o.Document.MoneyUnit}
	for i, u := range o.Units {
		paging.Units = append(paging.Units, unitIndexRow{Index: i + 1, Name: u.Unit.Name, Projects: u.Projects,
			Amounts: unitAmounts(u), URL: base + "?unit=" + url.QueryEscape(u.Unit.Name),
			Current: u.Unit.Name == unit})
	}
	var parts []pageSlice
	start := (pg - 1) * documentPageSize
	if unit != "" {
		i := unitIndex(o, unit)
		if i < 0 {
			return nil, nil, fmt.Errorf("unit %q: %w", unit, jixiao.ErrNotFound)
		}
		paging.Of, paging.All = o.Units[i].Projects, base
		parts = []pageSlice{{index: i, offset: start, limit: min(documentPageSize, o.Units[i].Projects-start)}}
	} else {
		at := 0
		for i, u := range o.Units {
			lo, hi := max(start, at), min(start+documentPageSize, at+u.Projects)
			if hi > lo || (u.Projects == 0 && at >= start && at < start+documentPageSize) {
				parts = append(parts, pageSlice{index: i, offset: lo - at, limit: max(hi-lo, 0)})
			}
			at += u.Projects
		}
	}
	paging.Pages = max(1, (paging.Of+documentPageSize-1)/documentPageSize)
	if pg > paging.Pages {
		return nil, nil, fmt.Errorf("page %d of %d: %w", pg, paging.Pages, jixiao.ErrNotFound)
	}
	paging.From, paging.To = min(start+1, paging.Of), min(start+documentPageSize, paging.Of)
	link := func(n int) string {
		q := url.Values{}
		if unit != "" {
			q.Set("unit", unit)
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return base
		}
		return base + "?" + q.Encode()
	}
	if pg > 1 {
		paging.Prev = link(pg - 1)
	}
	if pg < paging.Pages {
		paging.Next = link(pg + 1)
	}
	return parts, paging, nil
}

// unitIndex is the outline's index of the unit named name that holds its
// projects (a name listed twice keeps them on its last listing), -1 when
// there is none.
func unitIndex(o *jixiao.DocumentOutline, name string) int {
	found := -1
	for i, u := range o.Units {
		if u.Unit.Name == name && (found < 0 || u.Projects > 0) {
			found = i
		}
	}
	return found
}

// unitAmounts is a unit's row as printed, else its projects' sum.
func unitAmounts(u jixiao.UnitFigures) jixiao.Amounts {
	if u.Unit.HasStated {
		return u.Unit.Stated
	}
	return u.Sum
}

// outlineTotal is publishedTotal for an outline.
func outlineTotal(o *jixiao.DocumentOutline) jixiao.Amounts {
	if o.Document.HasStated {
		return o.Document.Stated
	}
	return o.Sum
}

// outlineGroup is the group of the outline's i-th unit, without projects,
// as unitGroups lays it out.
func outlineGroup(o *jixiao.DocumentOutline, i int) unitGroup {
	u := o.Units[i]
	return unitGroup{Index: i + 1, Unit: u.Unit, Amounts: unitAmounts(u), MU: o.Document.MoneyUnit,
		ShowRow: len(o.Units) > 1 || u.Unit.HasStated}
}

// newProjectRow is pr's row with its adjusted fields marked.
func newProjectRow(pr *jixiao.Project, adj map[int64]*projectAdjustments, u jixiao.MoneyUnit) projectRow {
	row := projectRow{Project: pr, GoalAdjusted: adj[pr.ID].goal(), MU: u}
	for j := range pr.Indicators {
		row.Indicators = append(row.Indicators, indicatorRow{Indicator: &pr.Indicators[j]})
	}
	adj[pr.ID].markIndicators(row.Indicators)
	return row
}

// attachPage attaches the findings about the page's projects and rows as
// buildDocumentPage does; a finding about a unit row the page does not
// show is listed on that unit's page.
func attachPage(p *documentPage, o *jixiao.DocumentOutline, fs []jixiao.Finding) {
	groups := map[string]*unitGroup{}
	bySeq := map[int]*projectRow{}
	for i := range p.Groups {
		g := &p.Groups[i]
		groups[g.Unit.Name] = g
		for j := range g.Projects {
			bySeq[g.Projects[j].Seq] = &g.Projects[j]
		}
	}
	elsewhere := map[string]bool{}
	for _, u := range o.Units {
		elsewhere[u.Unit.Name] = groups[u.Unit.Name] == nil && len(o.Units) > 1
	}
	p.Findings = []findingItem{}
	first := firstGroups(p.Groups)
	for _, f := range fs {
		if f.ProjectSeq == 0 && elsewhere[f.Unit] {
			continue
		}
		p.Findings = append(p.Findings, attach(f, p, groups, first, bySeq))
	}
}
