package web

import (
	"iter"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/service"
)

// publicPage is the data of 公开版: the table exactly as the official form
// prints it, for a department to post: no findings, no source file, no
// import time, the stated 合计 and subtotals.
type publicPage struct {
	Layout
	Doc    *jixiao.Document
	Unit   jixiao.MoneyUnit
	Total  jixiao.Amounts
	Groups iter.Seq[publicGroup] // read as they are written for a big table
	State  tableState
}

// publicGroup is a unit's row (when the table prints one) and its projects.
type publicGroup struct {
	Name     string
	Amounts  jixiao.Amounts
	ShowRow  bool
	Projects iter.Seq[publicRow]
}

// publicRow is a project row with its indicator cell as published.
type publicRow struct {
	*jixiao.Project
	IndicatorCell string
}

// documentPublic answers 公开版: the whole table, read whole up to
// documentPageSize projects, else streamed from its outline a chunk of
// projects at a time as the print view is (issue 18 item 3).
func (s *site) documentPublic(w http.ResponseWriter, r *http.Request) error {
	rd, id, o, err := s.pathOutline(r)
	switch {
	case err != nil:
		return err
	case o != nil && o.Projects > documentPageSize:
		return s.streamPublic(w, r, rd, o)
	}
	doc, err := rd.Document(r.Context(), id)
	if err != nil {
		return err
	}
	p := buildPublicPage(doc)
	p.State = stateOf(rd, id)
	return s.render(w, r, http.StatusOK, "document_public", "", p)
}

func buildPublicPage(doc *jixiao.Document) publicPage {
	p := publicHead(doc, publishedTotal(doc))
	byUnit := doc.ProjectsByUnit() // one pass: UnitProjects per unit is units × projects (issue 18)
	groups := unitGroups(doc)
	p.Groups = func(yield func(publicGroup) bool) {
		for _, g := range groups {
			ps := byUnit[g.Unit.Name]
			pg := publicGroup{Name: g.Unit.Name, Amounts: g.Amounts, ShowRow: g.ShowRow,
				Projects: func(yield func(publicRow) bool) {
					for _, pr := range ps {
						if !yield(publicRow{Project: pr, IndicatorCell: jixiao.IndicatorCell(pr.Indicators)}) {
							return
						}
					}
				}}
			if !yield(pg) {
				return
			}
		}
	}
	return p
}

func publicHead(doc *jixiao.Document, total jixiao.Amounts) publicPage {
	docURL := "/documents/" + strconv.FormatInt(doc.ID, 10)
	title := docTitle(doc.Agency, doc.Year)
	return publicPage{
		Layout: Layout{Title: "公开版", Nav: "home", Crumbs: []Crumb{{"总览", "/"}, {title, docURL}}},
		Doc:    doc, Unit: doc.MoneyUnit, Total: total,
	}
}

// streamPublic writes 公开版 of a big table as it reads it; a store error
// once the answer has started aborts it (documentPrint).
func (s *site) streamPublic(w http.ResponseWriter, r *http.Request, rd *service.View, o *jixiao.DocumentOutline) error {
	doc := o.Document
	p := publicHead(doc, outlineTotal(o))
	p.State = stateOf(rd, doc.ID)
	var streamErr error
	rows := newTableRows(r.Context(), rd, o, nil, func(*projectRow) {}, &streamErr)
	defer rows.stop()
	p.Groups = func(yield func(publicGroup) bool) {
		for i, u := range o.Units {
			if streamErr != nil {
				return
			}
			g := outlineGroup(o, i)
			pg := publicGroup{Name: g.Unit.Name, Amounts: g.Amounts, ShowRow: g.ShowRow,
				Projects: func(func(publicRow) bool) {}}
			if u.Projects > 0 {
				unit := rows.unit(i)
				pg.Projects = func(yield func(publicRow) bool) {
					for row := range unit {
						if !yield(publicRow{Project: row.Project, IndicatorCell: jixiao.IndicatorCell(row.Project.Indicators)}) {
							return
						}
					}
				}
			}
			if !yield(pg) {
				return
			}
		}
	}
	out, finish := s.stream(w, r)
	err := s.pages.pages["document_public"].ExecuteTemplate(out, "layout", p)
	if err == nil {
		err = streamErr
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "公开版 cut short", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	return finish()
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
