package api

import (
	"fmt"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// selfEvalImportView is the answer of POST /eval/import: where the
// published 自评表 was recorded, each project's score beside the printed
// one, and whether everything in the file was carried over (complete;
// findings lists what was not).
type selfEvalImportView struct {
	DocumentID int64                 `json:"document_id"`
	Title      string                `json:"title"`
	Round      string                `json:"round"`
	SourceName string                `json:"source_name"`
	Complete   bool                  `json:"complete"`
	Projects   []importedProjectView `json:"projects"`
	Findings   []jixiao.Finding      `json:"findings"`
}

type importedProjectView struct {
	ProjectSeq int             `json:"project_seq"`
	Project    string          `json:"project"`
	Unit       string          `json:"unit"`
	Total      string          `json:"total"`
	Grade      string          `json:"grade"`
	Status     eval.Status     `json:"status"`
	Missing    []string        `json:"missing"`
	Comparison eval.Comparison `json:"comparison"`
}

// importSelfEval answers POST /eval/import (multipart/form-data, the
// 自评表 in field "file"; ?document= limits the match to one document):
// 201 when everything was carried over, 200 when something was not (the
// findings say what), and the refusal otherwise, nothing stored. The body
// is read only for a logged-in caller.
func (a *API) importSelfEval(w http.ResponseWriter, r *http.Request) error {
	u, err := a.user(r)
	if err != nil {
		return err
	}
	if u == nil {
		return unauthorized("请先登录后再导入自评表")
	}
	doc, err := queryInt(r.URL.Query(), "document")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxUpload)
	up, err := readUpload(r)
	if err != nil {
		return err
	}
	im, err := a.svc.Monitoring.ImportSelfEvaluation(r.Context(), u, service.Upload{Name: up.name, Data: up.data}, doc)
	if err != nil {
		return err
	}
	v := selfEvalImportView{DocumentID: im.DocumentID, Title: im.Title, Round: im.Round, SourceName: im.SourceName,
		Complete: im.Complete(), Findings: nonNil(im.Findings())}
	for _, p := range im.Projects {
		v.Projects = append(v.Projects, importedProjectView{ProjectSeq: p.ProjectSeq, Project: p.Project, Unit: p.Unit,
			Total: p.Score.TotalText(), Grade: p.Score.GradeText(), Status: p.Score.Status, Missing: nonNil(p.Score.Missing),
			Comparison: p.Comparison})
	}
	status := http.StatusOK
	if v.Complete {
		status = http.StatusCreated
	}
	w.Header().Set("Location", fmt.Sprintf("%s/documents/%d/reports/%d/printed", Prefix, im.DocumentID, im.Projects[0].ProjectSeq))
	writeJSON(w, status, v)
	return nil
}

// printedComparison answers GET /documents/{id}/reports/{seq}/printed: the
// 自评表 imported for the project, its printed scores beside jixiao's, as
// the caller may see the self-evaluation (404 when none was imported).
func (a *API) printedComparison(w http.ResponseWriter, r *http.Request) error {
	u, err := a.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil || seq <= 0 {
		return invalid("项目序号应为正整数，收到 %q", r.PathValue("seq"))
	}
	c, err := a.svc.Monitoring.Comparison(r.Context(), u, id, seq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}
