package api

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/service"
)

// 结果应用 and the 整改台账 (issue 17 item 3) in the API: list, open and read
// items, take their steps, upload and download evidence, a department's
// dashboard and the grade → budget table. Who may do what is
// internal/service's (service.Rectify).

func (a *API) rectifyRoutes() {
	a.handle("GET /rectifications", a.listRectifications)
	a.handle("POST /rectifications", a.openRectification)
	a.handle("GET /rectifications/dashboard", a.rectifyDashboard)
	a.handle("GET /rectifications/{id}", a.getRectification)
	a.handle("POST /rectifications/{id}/transitions", a.rectifyTransition)
	a.handle("POST /rectifications/{id}/evidence", a.uploadEvidence)
	a.handle("GET /rectifications/{id}/evidence/{file}", a.downloadEvidence)
	a.handle("GET /consequences", a.consequences)
}

// listRectifications answers GET /rectifications?state=&department=&unit=&overdue=1&project_id=.
func (a *API) listRectifications(w http.ResponseWriter, r *http.Request) error {
	u, err := a.user(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	pid, err := queryInt(q, "project_id")
	if err != nil {
		return err
	}
	items, err := a.svc.Rectify.List(r.Context(), u, jixiao.RectifyFilter{State: jixiao.State(q.Get("state")),
		Department: q.Get("department"), Unit: q.Get("unit"), ProjectID: pid, Overdue: q.Get("overdue") == "1"})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, ""))
	return nil
}

// openRectification answers POST /rectifications with 201 and the item.
func (a *API) openRectification(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Source      jixiao.RectifySource `json:"source"`
		ReviewID    int64                `json:"review_id"`
		ProjectID   int64                `json:"project_id"`
		Round       string               `json:"round"`
		Department  string               `json:"department"`
		Unit        string               `json:"unit"`
		Problem     string               `json:"problem"`
		Requirement string               `json:"requirement"`
		Deadline    string               `json:"deadline"`
	}
	u, err := a.user(r)
	if err != nil {
		return err
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	item, err := a.svc.Rectify.Open(r.Context(), u, service.OpenRequest(in))
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/rectifications/%d", Prefix, item.ID))
	writeJSON(w, http.StatusCreated, item)
	return nil
}

// getRectification answers GET /rectifications/{id}: the item, whether
// it is overdue, its history and the steps the caller may take.
func (a *API) getRectification(w http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	d, err := a.svc.Rectify.Get(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// rectifyTransition answers POST /rectifications/{id}/transitions
// {"action": report|done|verify|return, "measures", "result", "opinion"}
// with the item as it now stands.
func (a *API) rectifyTransition(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Action   string `json:"action"`
		Measures string `json:"measures"`
		Result   string `json:"result"`
		Opinion  string `json:"opinion"`
	}
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	act, err := service.RectifyStepAction(in.Action)
	if err != nil {
		return err
	}
	item, err := a.svc.Rectify.Step(r.Context(), u, id, service.RectifyInput{Action: act, Measures: in.Measures,
		Result: in.Result, Opinion: in.Opinion})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, item)
	return nil
}

// uploadEvidence answers POST /rectifications/{id}/evidence?name=FILE
// (the file's bytes as the body) with 201 and the file's entry.
func (a *API) uploadEvidence(w http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, jixiao.MaxEvidenceBytes+1))
	if err != nil {
		return invalid("无法读取上传的文件：%v", err)
	}
	if len(data) > jixiao.MaxEvidenceBytes {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large",
			Message: fmt.Sprintf("佐证材料每个文件最大 %d MiB；请压缩或拆分后上传", jixiao.MaxEvidenceBytes>>20)}
	}
	f, err := a.svc.Rectify.AttachEvidence(r.Context(), u, id, r.URL.Query().Get("name"), data)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/rectifications/%d/evidence/%d", Prefix, id, f.ID))
	writeJSON(w, http.StatusCreated, f)
	return nil
}

// downloadEvidence answers GET /rectifications/{id}/evidence/{file} with
// the file as an attachment under its sniffed type.
func (a *API) downloadEvidence(w http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	file, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return notFound("没有编号为 %q 的佐证材料", r.PathValue("file"))
	}
	f, err := a.svc.Rectify.Evidence(r.Context(), u, id, file)
	if err != nil {
		return err
	}
	service.SendEvidence(w, f)
	return nil
}

// rectifyDashboard answers GET /rectifications/dashboard?department=.
func (a *API) rectifyDashboard(w http.ResponseWriter, r *http.Request) error {
	u, err := a.user(r)
	if err != nil {
		return err
	}
	d, err := a.svc.Rectify.Dashboard(r.Context(), u, r.URL.Query().Get("department"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// consequences answers GET /consequences: the grade → budget table in
// force. Public, but a bad token is still refused, as on every read.
func (a *API) consequences(w http.ResponseWriter, r *http.Request) error {
	if _, err := a.user(r); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(a.svc.Rectify.ConsequenceTable(), ""))
	return nil
}
