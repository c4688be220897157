package web

import (
	"bytes"
	"net/http"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/service"
)

// The 审核意见表 of a whole document (a page that prints on A4 landscape
// and its .xlsx) and the .xlsx of a project's: what a reviewer signs and
// sends on, and what finance files (issue 15, item 1). The document's
// sheet is service.Targets.DocumentReviews; the project's is the review
// form's (loadReview).

func documentReviewsURL(doc int64) string { return workbenchURL(doc) + "/reviews" }

// documentReviewsPage is the printable 审核意见汇总表.
type documentReviewsPage struct {
	Layout
	Sheet *service.DocumentReviewSheet
	Back  string
}

// Results are the results in the order the sheet counts them.
func (p *documentReviewsPage) Results() []jixiao.Result { return jixiao.Results }

// XLSX is the workbook of the same sheet.
func (p *documentReviewsPage) XLSX() string { return documentReviewsURL(p.Sheet.Doc.ID) + ".xlsx" }

// loadDocumentReviews reads the 审核意见汇总表 of the path's document.
func (s *site) loadDocumentReviews(r *http.Request) (*service.DocumentReviewSheet, error) {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return nil, err
	}
	return s.svc.Targets.DocumentReviews(r.Context(), v.User, id)
}

func (s *site) documentReviews(w http.ResponseWriter, r *http.Request) error {
	sheet, err := s.loadDocumentReviews(r)
	if err != nil {
		return err
	}
	p := &documentReviewsPage{Layout: Layout{Title: "审核意见汇总表：" + sheet.Doc.Title}, Sheet: sheet, Back: workbenchURL(sheet.Doc.ID)}
	return s.render(w, r, http.StatusOK, "workflow_review_document", "sheet", p)
}

func (s *site) documentReviewsXLSX(w http.ResponseWriter, r *http.Request) error {
	sheet, err := s.loadDocumentReviews(r)
	if err != nil {
		return err
	}
	out := exportSheet(sheet.Doc)
	out.Counts, out.Unreviewed = sheet.Counts, sheet.Unreviewed
	for _, row := range sheet.Rows {
		out.Projects = append(out.Projects, export.ReviewedProject{Project: row.Project, State: row.Status.State, Reviews: row.Reviews()})
	}
	var b bytes.Buffer
	if err := export.WriteDocumentReviewsXLSX(&b, out); err != nil {
		return err
	}
	sendXLSX(w, "审核意见汇总表-"+sheet.Doc.Title+".xlsx", b.Bytes())
	return nil
}

func (s *site) reviewSheetXLSX(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	p, err := s.loadReview(r, v, id)
	if err != nil {
		return err
	}
	out := exportSheet(p.Doc)
	out.Projects = []export.ReviewedProject{{Project: p.Sheet.Project, State: p.Sheet.Status.State,
		Reviews: latestPerTier(p.Sheet.Reviews)}}
	var b bytes.Buffer
	if err := export.WriteProjectReviewXLSX(&b, out); err != nil {
		return err
	}
	sendXLSX(w, "审核意见表-"+p.Sheet.Project.Name+".xlsx", b.Bytes())
	return nil
}

// XLSX is the workbook of a project's 审核意见表; DocumentSheet the
// summary of its document.
func (p reviewSheetPage) XLSX() string          { return reviewSheetURL(p.Project.ID) + ".xlsx" }
func (p reviewSheetPage) DocumentSheet() string { return documentReviewsURL(p.Doc.ID) }

// exportSheet is the heading of doc's 审核意见表.
func exportSheet(doc *jixiao.Document) export.ReviewSheet {
	return export.ReviewSheet{Year: doc.Year, Agency: doc.Agency, MoneyUnit: doc.MoneyUnit}
}

// latestPerTier keeps the newest of rs (oldest first) at each tier, the
// department's first: what a 审核意见表 prints.
func latestPerTier(rs []jixiao.StoredReview) []jixiao.StoredReview {
	var out []jixiao.StoredReview
	for _, tier := range []jixiao.Role{jixiao.RoleDeptReviewer, jixiao.RoleFinanceReviewer} {
		for i := len(rs) - 1; i >= 0; i-- {
			if rs[i].Tier == tier {
				out = append(out, rs[i])
				break
			}
		}
	}
	return out
}
