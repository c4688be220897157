package web

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"html/template"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/service"
)

// documentPage is the data of 文档: the table as published, with findings.
type documentPage struct {
	Layout
	Doc       *jixiao.Document
	Unit      jixiao.MoneyUnit
	Total     jixiao.Amounts // the 合计 row as printed, else computed
	TotalRow  mark
	Groups    []unitGroup
	Findings  []findingItem
	Counts    map[jixiao.Severity]int
	Downloads []download
	EvalURL   string // the document's 绩效监控与自评, when the store keeps evaluations
	State     tableState
	Adjusted  int // fields changed by approved target adjustments
	// The table's figures, counted from the whole document or from its
	// outline (a paged document, issue 18 item 3).
	UnitCount, ProjectCount, IndicatorCount, FindingCount int
	Paged                                                 *documentPaging      // the unit index and pager of a big table, nil when it is shown whole
	Stream                                                iter.Seq[*unitGroup] // the print view's groups, read as they are written
}

// unitGroup is a unit's row (when the table prints one) and its projects.
type unitGroup struct {
	Index     int // 1-based, in the whole table: the row's anchor u{Index}
	Unit      jixiao.Unit
	Amounts   jixiao.Amounts
	ShowRow   bool
	Continued bool // a page that starts within the unit's projects
	Mark      mark
	Projects  []projectRow
	Rows      iter.Seq[*projectRow] // the print view's projects, read as they are written
	MU        jixiao.MoneyUnit      // the document's, for the row templates
}

type projectRow struct {
	*jixiao.Project
	Mark         mark
	Indicators   []indicatorRow
	GoalAdjusted *adjustedMark
	MU           jixiao.MoneyUnit // the document's, for the row templates
}

type indicatorRow struct {
	*jixiao.Indicator
	Mark                           mark
	AnnualAdjusted, PeriodAdjusted *adjustedMark // approved 目标调整 of its targets
}

// Published is the indicator as the table prints it,
// "1、1-产出指标；11-数量指标；name；实施周期指标值:…；年度指标值:…。", with
// the parts marked up for the stylesheet. It is built here with every piece
// of data escaped, because executing a dozen template actions for each of
// hundreds of indicators was most of the document page's render time.
func (in indicatorRow) Published() template.HTML {
	if in.Raw != "" {
		return template.HTML(`<span class="raw">` + html.EscapeString(in.Raw) + `</span>` +
			string(in.PeriodAdjusted.Badge()+in.AnnualAdjusted.Badge()))
	}
	var b strings.Builder
	e := html.EscapeString
	b.WriteString(strconv.Itoa(in.Seq) + `、<span class="cat">` + e(in.Level1Code) + "-" + e(in.Level1) + "；" +
		e(in.Level2Code) + "-" + e(in.Level2) + `</span>；<span class="ind-name">` + e(in.Name) +
		`</span>；实施周期指标值:<span class="tv">` + e(in.Period.Text) + `</span>` + string(in.PeriodAdjusted.Badge()) +
		`；年度指标值:<span class="tv">` + e(in.Annual.Text) + `</span>` + string(in.AnnualAdjusted.Badge()) + `。`)
	for _, f := range in.Mark.Findings {
		b.WriteString(` <span class="badge sev-` + e(string(f.Severity)) + `">` + e(f.Severity.Label()) + `</span>`)
	}
	return template.HTML(b.String())
}

// mark is the findings attached to one element of a table: Class holds the
// most serious severity, Rules the rule ids for the data-rule attribute and
// Title the messages for the hover text. They are computed once (see add),
// not per template action: the Liwan page has hundreds of marks.
type mark struct {
	Findings []jixiao.Finding
	Class    string
	Rules    string
	Title    string
}

// add attaches f and updates the mark's attributes.
func (m *mark) add(f jixiao.Finding) {
	m.Findings = append(m.Findings, f)
	m.Class = "marked sev-" + string(worst(m.Findings))
	m.Rules = strings.TrimSpace(m.Rules + " " + f.Rule)
	m.Title = strings.TrimSpace(m.Title + "\n" + f.Severity.Label() + "：" + f.Message)
}

func worst(fs []jixiao.Finding) jixiao.Severity {
	w := jixiao.SeverityInfo
	for _, f := range fs {
		if f.Severity == jixiao.SeverityError {
			return f.Severity
		}
		if f.Severity == jixiao.SeverityWarning {
			w = f.Severity
		}
	}
	return w
}

// findingItem is a finding in the list under the table, with the anchor of
// the element it marks.
type findingItem struct {
	jixiao.Finding
	Anchor string
	Where  string
}

// download is an export of the document.
type download struct {
	Label, URL string
}

// pathOutline reads the outline of the {id} document as the viewer may
// see it, o nil when the view must read the document whole
// (service.ErrWholeDocument: a draft seen in part, or a store without
// outlines).
func (s *site) pathOutline(r *http.Request) (rd *service.View, id int64, o *jixiao.DocumentOutline, err error) {
	if id, err = pathID(r); err != nil {
		return nil, 0, nil, err
	}
	if rd, err = s.reader(r); err != nil {
		return nil, 0, nil, err
	}
	o, err = rd.DocumentOutline(r.Context(), id)
	if errors.Is(err, service.ErrWholeDocument) {
		return rd, id, nil, nil
	}
	return rd, id, o, err
}

// document answers the document page: the whole table up to
// documentPageSize projects, else its first screen, a page or a unit of
// it with the unit index (pagedDocument).
func (s *site) document(w http.ResponseWriter, r *http.Request) error {
	rd, id, o, err := s.pathOutline(r)
	switch {
	case err != nil:
		return err
	case o != nil && o.Projects > documentPageSize:
		return s.pagedDocument(w, r, rd, o)
	}
	doc, err := rd.Document(r.Context(), id)
	if err != nil {
		return err
	}
	state := stateOf(rd, id)
	adj, err := s.documentAdjustments(r.Context(), doc.ID)
	if err != nil {
		return err
	}
	p := buildDocumentPage(doc, adj)
	p.EvalURL, p.State = evalURL(doc.ID), state
	if state.Draft {
		p.Title += "（草稿）"
	}
	return s.render(w, r, http.StatusOK, "document", "", p)
}

// buildDocumentPage lays the document out as published, marks the fields
// approved adjustments (adj, by project id) changed and attaches every
// finding to the row or indicator it is about.
func buildDocumentPage(doc *jixiao.Document, adj map[int64]*projectAdjustments) documentPage {
	p := documentPage{
		Layout: Layout{Title: docTitle(doc.Agency, doc.Year), Nav: "home",
			Crumbs: []Crumb{{"总览", "/"}}},
		Doc: doc, Unit: doc.MoneyUnit, Total: publishedTotal(doc), Counts: map[jixiao.Severity]int{},
		Downloads: documentDownloads(doc.ID),
	}
	p.Groups = unitGroups(doc)
	p.UnitCount, p.ProjectCount, p.IndicatorCount = len(p.Groups), len(doc.Projects), doc.IndicatorCount()
	p.FindingCount = len(doc.Findings)
	groups := map[string]*unitGroup{}
	for i := range p.Groups {
		groups[p.Groups[i].Unit.Name] = &p.Groups[i]
	}
	for i := range doc.Projects {
		pr := &doc.Projects[i]
		row := projectRow{Project: pr, GoalAdjusted: adj[pr.ID].goal(), MU: doc.MoneyUnit}
		for j := range pr.Indicators {
			row.Indicators = append(row.Indicators, indicatorRow{Indicator: &pr.Indicators[j]})
		}
		adj[pr.ID].markIndicators(row.Indicators)
		p.Adjusted += adj[pr.ID].count()
		g := groups[pr.Unit]
		g.Projects = append(g.Projects, row)
	}
	bySeq := map[int]*projectRow{}
	for i := range p.Groups {
		for j := range p.Groups[i].Projects {
			pr := &p.Groups[i].Projects[j]
			bySeq[pr.Seq] = pr
		}
	}
	first := firstGroups(p.Groups)
	for _, f := range doc.Findings {
		p.Counts[f.Severity]++
		p.Findings = append(p.Findings, attach(f, &p, groups, first, bySeq))
	}
	return p
}

// unitGroups lists the document's units, and any unit a project names that
// the unit list lacks, with their subtotals: as printed where the table
// prints a unit row, else summed. A table of one unit prints no unit row.
func unitGroups(doc *jixiao.Document) []unitGroup {
	var out []unitGroup
	seen := map[string]bool{}
	for _, u := range doc.Units {
		out = append(out, unitGroup{Unit: u, Amounts: u.Stated})
		seen[u.Name] = true
	}
	for _, pr := range doc.Projects {
		if !seen[pr.Unit] {
			out = append(out, unitGroup{Unit: jixiao.Unit{Name: pr.Unit}})
			seen[pr.Unit] = true
		}
	}
	byUnit := doc.ProjectsByUnit()
	for i := range out {
		g := &out[i]
		g.Index, g.MU = i+1, doc.MoneyUnit
		g.ShowRow = len(out) > 1 || g.Unit.HasStated
		if !g.Unit.HasStated {
			for _, pr := range byUnit[g.Unit.Name] {
				g.Amounts = g.Amounts.Add(pr.Amounts)
			}
		}
	}
	return out
}

// attach adds f to the mark of the element it is about and returns its list
// entry.
func attach(f jixiao.Finding, p *documentPage, groups map[string]*unitGroup, first map[string]int, bySeq map[int]*projectRow) findingItem {
	item := findingItem{Finding: f, Anchor: "total", Where: "合计"}
	pr := bySeq[f.ProjectSeq]
	switch {
	case pr != nil && f.IndicatorSeq > 0 && f.IndicatorSeq <= len(pr.Indicators):
		in := &pr.Indicators[f.IndicatorSeq-1]
		in.Mark.add(f)
		item.Anchor = fmt.Sprintf("p%d-i%d", pr.Seq, f.IndicatorSeq)
		item.Where = fmt.Sprintf("%s · 指标 %d", pr.Name, f.IndicatorSeq)
	case pr != nil:
		pr.Mark.add(f)
		item.Anchor, item.Where = fmt.Sprintf("p%d", pr.Seq), pr.Name
	case f.Unit != "" && groups[f.Unit] != nil && groups[f.Unit].ShowRow:
		g := groups[f.Unit]
		g.Mark.add(f)
		item.Anchor, item.Where = "u"+strconv.Itoa(first[f.Unit]), f.Unit
	default:
		p.TotalRow.add(f)
	}
	return item
}

// firstGroups is the Index of the first group of each name, whose row's
// anchor a finding about the unit links to: one pass, not one per finding.
func firstGroups(groups []unitGroup) map[string]int {
	first := make(map[string]int, len(groups))
	for i := len(groups) - 1; i >= 0; i-- {
		first[groups[i].Unit.Name] = groups[i].Index
	}
	return first
}

// documentDownloads are the exports of a document: the flat CSV tables of
// the API and the workbook.
func documentDownloads(id int64) []download {
	q := "?document=" + strconv.FormatInt(id, 10)
	return []download{
		{"项目表 CSV", "/api/v1/export/projects.csv" + q},
		{"指标表 CSV", "/api/v1/export/indicators.csv" + q},
		{"单位表 CSV", "/api/v1/export/units.csv" + q},
		{"Excel 工作簿", "/documents/" + strconv.FormatInt(id, 10) + "/export.xlsx"},
	}
}

// documentXLSX sends the document as a workbook in the official layout.
func (s *site) documentXLSX(w http.ResponseWriter, r *http.Request) error {
	doc, state, err := s.pathDocument(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, doc); err != nil {
		return fmt.Errorf("write xlsx of document %d: %w", doc.ID, err)
	}
	name := xlsxName(doc, state)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"document-"+itoa(doc.ID)+".xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(buf.Bytes())
	return err
}

// xlsxName is the workbook's file name: department, year and, for a
// draft, 草稿, so that a saved draft is not taken for the published table.
func xlsxName(doc *jixiao.Document, state tableState) string {
	name := doc.Agency
	if doc.Year > 0 {
		name += fmt.Sprintf("-%d年", doc.Year)
	}
	if state.Draft {
		name += "-草稿"
	}
	return fmt.Sprintf("%s-%d.xlsx", name, doc.ID)
}

// docTitle names a document on pages: agency and budget year.
func docTitle(agency string, year int) string {
	if agency == "" {
		agency = "未命名单位"
	}
	if year > 0 {
		return fmt.Sprintf("%s %d年项目支出绩效目标表", agency, year)
	}
	return agency + " 项目支出绩效目标表"
}

// pathDocument loads the document the path's {id} names, if the visitor
// may read it.
func (s *site) pathDocument(r *http.Request) (*jixiao.Document, tableState, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, tableState{}, err
	}
	rd, err := s.reader(r)
	if err != nil {
		return nil, tableState{}, err
	}
	doc, err := rd.Document(r.Context(), id)
	if err != nil {
		return nil, tableState{}, err
	}
	return doc, stateOf(rd, id), nil
}

// pathID reads the {id} of the path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("id %q: %w", r.PathValue("id"), jixiao.ErrNotFound)
	}
	return id, nil
}
