package web

import (
	"net/http"
	"strconv"

	"jixiao"
)

// publicPage is the data of 公开版: the table exactly as the official form
// prints it, for a department to post: no findings, no source file, no
// import time, the stated 合计 and subtotals.
type publicPage struct {
	Layout
	Doc    *jixiao.Document
	Unit   jixiao.MoneyUnit
	Total  jixiao.Amounts
	Groups []publicGroup
	State  tableState
}

// publicGroup is a unit's row (when the table prints one) and its projects.
type publicGroup struct {
	Name     string
	Amounts  jixiao.Amounts
	ShowRow  bool
	Projects []publicRow
}

// publicRow is a project row with its indicator cell as published.
type publicRow struct {
	*jixiao.Project
	IndicatorCell string
}

func (s *site) documentPublic(w http.ResponseWriter, r *http.Request) error {
	doc, state, err := s.pathDocument(r)
	if err != nil {
		return err
	}
	p := buildPublicPage(doc)
	p.State = state
	return s.render(w, r, http.StatusOK, "document_public", "", p)
}

func buildPublicPage(doc *jixiao.Document) publicPage {
	docURL := "/documents/" + strconv.FormatInt(doc.ID, 10)
	title := docTitle(doc.Agency, doc.Year)
	p := publicPage{
		Layout: Layout{Title: "公开版", Nav: "home", Crumbs: []Crumb{{"总览", "/"}, {title, docURL}}},
		Doc:    doc, Unit: doc.MoneyUnit, Total: publishedTotal(doc),
	}
	byUnit := doc.ProjectsByUnit() // one pass: UnitProjects per unit is units × projects (issue 18)
	for _, g := range unitGroups(doc) {
		pg := publicGroup{Name: g.Unit.Name, Amounts: g.Amounts, ShowRow: g.ShowRow}
		for _, pr := range byUnit[g.Unit.Name] {
			pg.Projects = append(pg.Projects, publicRow{Project: pr, IndicatorCell: jixiao.IndicatorCell(pr.Indicators)})
		}
		p.Groups = append(p.Groups, pg)
	}
	return p
}

// publishedTotal is the 合计 row as the table prints it, else the sum of
// its projects. The difference, when there is one, is a finding of the
// rules, not a correction of the figure.
func publishedTotal(doc *jixiao.Document) jixiao.Amounts {
	if doc.HasStated {
		return doc.Stated
	}
	return doc.Total()
}
