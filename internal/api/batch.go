package api

import (
	"net/http"
	"strconv"

	"jixiao/internal/service"
)

// Batch approval over the API: a reviewer approves the named projects of a
// document that are at their stage and have no error finding
// (service.Targets.ApproveBatch); the answer lists the approved and the
// refused, each refusal with its reason.

// batchInput is POST /documents/{id}/approvals' body.
type batchInput struct {
	ProjectIDs []int64 `json:"project_ids"`
	// Versions, by project id, are the versions the reviewer saw; a
	// project since changed is refused. A project not named is not checked.
	Versions map[string]int64 `json:"versions"`
	Comment  string           `json:"comment"`
}

// items are the input's projects with their versions.
func (in batchInput) items() ([]service.BatchItem, error) {
	out := make([]service.BatchItem, 0, len(in.ProjectIDs))
	for _, id := range in.ProjectIDs {
		out = append(out, service.BatchItem{ProjectID: id, Version: in.Versions[strconv.FormatInt(id, 10)]})
	}
	for k := range in.Versions {
		if _, err := strconv.ParseInt(k, 10, 64); err != nil {
			return nil, &Error{Status: http.StatusBadRequest, Code: "invalid", Field: "versions",
				Message: "versions 的键应为项目编号，收到 " + strconv.Quote(k)}
		}
	}
	return out, nil
}

// postApprovals answers POST /documents/{id}/approvals: 200 with what the
// batch approved and what it refused and why.
func (a *API) postApprovals(rw http.ResponseWriter, r *http.Request) error {
	var in batchInput
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	its, err := in.items()
	if err != nil {
		return err
	}
	res, err := a.svc.Targets.ApproveBatch(r.Context(), u, id, its, in.Comment)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, res)
	return nil
}

// getQueue answers GET /documents/{id}/queue: the document's projects as
// the caller's review queue (service.Targets.Queue), the same rows, tabs
// and counts as the workbench.
func (a *API) getQueue(rw http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	q, err := a.svc.Targets.Queue(r.Context(), u, id)
	if err != nil {
		return err
	}
	if q.Rows == nil {
		q.Rows = []service.QueueRow{}
	}
	if q.Units == nil {
		q.Units = []string{}
	}
	writeJSON(rw, http.StatusOK, q)
	return nil
}
