package api

import "jixiao"

// The JSON answers are the domain types' own JSON (money as integers in 分)
// with, next to each Amounts, the same amounts written in the document's
// money unit as the tables print them ("50.60" 万元), so that a client need
// not know the 分 scale to show a figure.

// amountsText is Amounts formatted in a money unit.
type amountsText struct {
	Total          string `json:"total"`
	Fiscal         string `json:"fiscal"`
	SpecialAccount string `json:"special_account"`
	Other          string `json:"other"`
}

// A cell the reader could not read is jixiao.UnreadAmount, never "0.00"
// (its Money is 0 for the sums; amounts.unread names it).
func formatAmounts(a jixiao.Amounts, u jixiao.MoneyUnit) amountsText {
	cell := func(c jixiao.AmountCols) string {
		if a.Unread.Has(c) {
			return jixiao.UnreadAmount
		}
		return a.Get(c).Format(u)
	}
	return amountsText{cell(jixiao.ColTotal), cell(jixiao.ColFiscal), cell(jixiao.ColSpecialAccount), cell(jixiao.ColOther)}
}

// documentSummary is a row of GET /documents.
type documentSummary struct {
	jixiao.DocumentSummary
	TotalText string `json:"total_text"`
}

func summaryView(s jixiao.DocumentSummary) documentSummary {
	if s.Findings == nil {
		s.Findings = map[jixiao.Severity]int{}
	}
	text := s.Total.Format(s.MoneyUnit)
	if s.UnreadProjects > 0 {
		text = jixiao.UnreadAmount // a sum that leaves projects out is not the table's figure
	}
	return documentSummary{s, text}
}

// documentView is GET /documents/{id}: the whole document, its units with
// their computed totals, and the document's computed total (the stated 合计
// row stays in "stated").
type documentView struct {
	*jixiao.Document
	StatedText amountsText      `json:"stated_text"`
	Total      jixiao.Amounts   `json:"total"`
	TotalText  amountsText      `json:"total_text"`
	Units      []unitView       `json:"units"`
	Projects   []projectView    `json:"projects"`
	Findings   []jixiao.Finding `json:"findings"`
	// A page of the document (documentPage): the table's projects, and
	// the cursor of the next page while projects remain.
	ProjectCount int    `json:"project_count,omitempty"`
	NextCursor   string `json:"next_cursor,omitempty"`
}

// unitView is a funding unit with the sum of its projects.
type unitView struct {
	jixiao.Unit
	StatedText amountsText    `json:"stated_text"`
	Total      jixiao.Amounts `json:"total"`
	TotalText  amountsText    `json:"total_text"`
	Projects   int            `json:"projects"`
}

func docView(d *jixiao.Document) documentView {
	u := d.MoneyUnit
	v := documentView{Document: d, StatedText: formatAmounts(d.Stated, u), Total: d.Total(),
		Units: []unitView{}, Projects: []projectView{}, Findings: nonNil(d.Findings)}
	v.TotalText = formatAmounts(v.Total, u)
	byUnit := d.ProjectsByUnit()
	for _, unit := range d.Units {
		uv := unitView{Unit: unit, StatedText: formatAmounts(unit.Stated, u)}
		for _, p := range byUnit[unit.Name] {
			uv.Total = uv.Total.Add(p.Amounts)
			uv.Projects++
		}
		uv.TotalText = formatAmounts(uv.Total, u)
		v.Units = append(v.Units, uv)
	}
	for _, p := range d.Projects {
		v.Projects = append(v.Projects, projView(p, u))
	}
	return v
}

// projectView is a project with its indicators and its amounts in text.
type projectView struct {
	jixiao.Project
	MoneyUnit   jixiao.MoneyUnit   `json:"money_unit"`
	AmountsText amountsText        `json:"amounts_text"`
	Indicators  []jixiao.Indicator `json:"indicators"`
}

func projView(p jixiao.Project, u jixiao.MoneyUnit) projectView {
	return projectView{Project: p, MoneyUnit: u, AmountsText: formatAmounts(p.Amounts, u), Indicators: nonNil(p.Indicators)}
}

// projectDetail is GET /projects/{id}: the project, its document's heading
// and the findings about it, with its place in the workflow so that the
// answer, edited, is what PUT /projects/{id} takes back.
type projectDetail struct {
	projectView
	DocumentTitle  string           `json:"document_title"`
	DocumentAgency string           `json:"document_agency"`
	DocumentYear   int              `json:"document_year,omitempty"`
	Findings       []jixiao.Finding `json:"findings"`
	*projectState
}

// projectState is a project's workflow fields (absent for a store without
// workflow): the version a save must name, the states, and why the caller
// may not edit it.
type projectState struct {
	Version        int64        `json:"version"`
	State          jixiao.State `json:"state"`
	DocumentState  jixiao.State `json:"document_state"`
	ReadOnlyReason string       `json:"read_only_reason,omitempty"`
}

// projectRow is a row of GET /projects: no indicators.
type projectRow struct {
	jixiao.ProjectRow
	AmountsText amountsText        `json:"amounts_text"`
	Indicators  []jixiao.Indicator `json:"indicators,omitempty"`
}

func rowView(r jixiao.ProjectRow) projectRow {
	return projectRow{ProjectRow: r, AmountsText: formatAmounts(r.Amounts, r.MoneyUnit)}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
