package api

import (
	"net/http"

	"jixiao"
)

// documentReviews is the 审核意见汇总表 of a document as JSON: each project
// the caller sees with its latest department and finance review, and the
// projects per standing result (finance's over the department's).
type documentReviews struct {
	DocumentID int64                 `json:"document_id"`
	Year       int                   `json:"year"`
	State      jixiao.State          `json:"state"`
	Counts     map[jixiao.Result]int `json:"counts"`
	Unreviewed int                   `json:"unreviewed"`
	Projects   []projectReviews      `json:"projects"`
}

type projectReviews struct {
	ProjectID  int64                `json:"project_id"`
	Seq        int                  `json:"seq"`
	Unit       string               `json:"unit"`
	Name       string               `json:"project"`
	State      jixiao.State         `json:"state"`
	Department *jixiao.StoredReview `json:"department_review"`
	Finance    *jixiao.StoredReview `json:"finance_review"`
}

// getDocumentReviews answers GET /documents/{id}/reviews.
func (a *API) getDocumentReviews(rw http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	sh, err := a.svc.Targets.DocumentReviews(r.Context(), u, id)
	if err != nil {
		return err
	}
	out := documentReviews{DocumentID: id, Year: sh.Doc.Year, State: sh.Status.State, Counts: sh.Counts,
		Unreviewed: sh.Unreviewed, Projects: []projectReviews{}}
	for _, row := range sh.Rows {
		out.Projects = append(out.Projects, projectReviews{ProjectID: row.Project.ID, Seq: row.Project.Seq,
			Unit: row.Project.Unit, Name: row.Project.Name, State: row.Status.State, Department: row.Dept, Finance: row.Finance})
	}
	writeJSON(rw, http.StatusOK, out)
	return nil
}
