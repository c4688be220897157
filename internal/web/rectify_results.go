package web

import (
	"fmt"
	"net/http"

	"jixiao"
	"jixiao/internal/service"
)

// 结果应用 beside a project and beside next year's draft: the grade → budget
// table in force (eval.Config.Consequences) and the self-evaluation
// grades it applies to, with the project's 整改 items and, for a reviewer,
// the button that opens one.

// resultsBox is the 结果应用 section of the project page and the workbench.
type resultsBox struct {
	// Year is the evaluated budget year; LastYear says the grades are of
	// the published table the draft was copied from.
	Year     int
	LastYear bool
	Rows     []service.ProjectConsequence
	Table    []jixiao.BudgetConsequence
	Items    []service.RectifyRow
	// OpenURL is the 发起整改 form about the project, for a reviewer.
	OpenURL string
}

// projectResults is the section of project pr's page as by sees it: the
// grade of pr (or, in a draft, of the project it continues from last year
// by its link, else of the project of the same name), its items, and the
// table.
func (s *site) projectResults(r *http.Request, by *jixiao.User, pr *jixiao.Project) (*resultsBox, error) {
	st, err := s.svc.Targets.DocumentStatus(r.Context(), by, pr.DocumentID)
	if err != nil {
		return nil, err
	}
	b, err := s.resultsOf(r, by, st)
	if err != nil {
		return nil, err
	}
	prev, linked := int64(0), false
	if b.LastYear {
		if prev, linked, err = s.svc.Years.Previous(r.Context(), pr.ID); err != nil {
			return nil, err
		}
	}
	rows := b.Rows
	b.Rows = nil
	for _, row := range rows {
		switch {
		case !b.LastYear && row.ProjectSeq == pr.Seq,
			linked && row.ProjectID == prev,
			b.LastYear && !linked && row.Project == pr.Name:
			b.Rows = append(b.Rows, row)
		}
	}
	if b.Items, err = s.svc.Rectify.ProjectItems(r.Context(), by, pr.ID); err != nil {
		return nil, err
	}
	res := jixiao.Resource{Department: st.Department, Unit: pr.Unit}
	if jixiao.MayOpenRectification(by, res) == nil {
		b.OpenURL = fmt.Sprintf("/rectify/new?source=audit&project_id=%d", pr.ID)
	}
	return b, nil
}

// resultsOf reads the grades that apply to document st: its own, or for
// a draft those of the table it was copied from.
func (s *site) resultsOf(r *http.Request, by *jixiao.User, st jixiao.DocumentStatus) (*resultsBox, error) {
	id, last := st.DocumentID, false
	if st.State != jixiao.DocPublished && st.SourceID != 0 {
		id, last = st.SourceID, true
	}
	year, rows, err := s.svc.Rectify.Consequences(r.Context(), by, id)
	if err != nil {
		return nil, err
	}
	return &resultsBox{Year: year, LastYear: last, Rows: rows, Table: s.svc.Rectify.ConsequenceTable()}, nil
}

// draftResults is the workbench's section for a draft copied from last
// year's table, nil for any other document.
func (s *site) draftResults(r *http.Request, by *jixiao.User, st jixiao.DocumentStatus) (*resultsBox, error) {
	if st.State == jixiao.DocPublished || st.SourceID == 0 {
		return nil, nil
	}
	return s.resultsOf(r, by, st)
}
