package web

import (
	"cmp"
	"net/http"

	"jixiao"
	"jixiao/internal/service"
)

// The import of a published 自评表 (issue 16 item 7): a form on its own
// page under 绩效评价, and the answer on the same page: the project it
// became the self-evaluation of, jixiao's score beside the printed one,
// and everything that was not carried over. The service matches the form
// to its project and checks who may import it.

const evalImportURL = "/eval/import"

type evalImportPage struct {
	Layout
	Viewer evalViewer
	// Error is why nothing was stored; Result what was, nil before a
	// submission or after a refusal.
	Error  string
	Result *service.SelfEvalImport
}

// SheetURL is the address of an imported project's 自评表.
func (p evalImportPage) SheetURL(seq int) string { return sheetURL(p.Result.DocumentID, seq) }

func (s *site) newEvalImportPage(r *http.Request) (evalImportPage, error) {
	v, err := s.evalViewer(r)
	return evalImportPage{Layout: Layout{Title: "导入自评表", Nav: "eval", Crumbs: []Crumb{{"绩效评价", "/eval"}}}, Viewer: v}, err
}

func (s *site) evalImportForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newEvalImportPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "eval_import", "", p)
}

// evalImport stores the uploaded 自评表: 201 when everything in it was
// carried over, 200 when some of it was not (the page lists what), and the
// refusal's status with its reason when nothing was stored.
func (s *site) evalImport(w http.ResponseWriter, r *http.Request) error {
	// Bound the body before the CSRF check reads the multipart form.
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUpload+1<<20)
	v, ok, err := s.changer(w, r)
	if err != nil || !ok {
		return err
	}
	p, err := s.newEvalImportPage(r)
	if err != nil {
		return err
	}
	name, data, status, err := s.readUpload(w, r, "") // changer checked the CSRF token
	if err != nil {
		p.Error = err.Error()
		return s.render(w, r, status, "eval_import", "", p)
	}
	p.Result, err = s.svc.Monitoring.ImportSelfEvaluation(r.Context(), v.User, service.Upload{Name: name, Data: data}, 0)
	switch {
	case err != nil:
		// The service's refusals are written for the person importing:
		// what was looked for, whose project it is.
		st, msg := failure(err)
		p.Result, p.Error = nil, cmp.Or(jixiao.ErrorMessage(err), msg)
		return s.render(w, r, st, "eval_import", "", p)
	case p.Result.Complete():
		status = http.StatusCreated
	default:
		status = http.StatusOK
	}
	return s.render(w, r, status, "eval_import", "", p)
}
