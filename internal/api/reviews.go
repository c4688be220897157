package api

import (
	"fmt"
	"net/http"

	"jixiao"
)

// The 审核 of 财预〔2015〕88号 第三章 over the API: a reviewer posts the four
// criteria, the result and the opinions; the service moves the project.

// reviewInput is a review as posted; its tier is the caller's role.
type reviewInput struct {
	Criteria []jixiao.CriterionReview `json:"criteria"`
	Result   jixiao.Result            `json:"result"`
	Opinion  string                   `json:"opinion"`
	Fixes    string                   `json:"fixes"`
	// SeenVersion is the project version reviewed (GET …/reviews gives
	// it as status.version); a later version is a 409.
	SeenVersion int64 `json:"seen_version"`
}

// reviewAnswer is a stored review with the project's new state.
type reviewAnswer struct {
	Review *jixiao.StoredReview `json:"review"`
	Status jixiao.ProjectStatus `json:"status"`
}

// postReview answers POST /projects/{id}/reviews: 201 with the stored
// review and the project's new state (优 and 良 approve, 中 returns, 差
// rejects).
func (a *API) postReview(rw http.ResponseWriter, r *http.Request) error {
	var in reviewInput
	id, u, err := a.pathBody(r, &in)
	if err != nil {
		return err
	}
	sr, st, err := a.svc.Targets.ReviewProject(r.Context(), u, id, jixiao.Review{
		Criteria: in.Criteria, Result: in.Result, Opinion: in.Opinion, Fixes: in.Fixes, SeenVersion: in.SeenVersion})
	if err != nil {
		return err
	}
	rw.Header().Set("Location", fmt.Sprintf("%s/projects/%d/reviews", Prefix, id))
	writeJSON(rw, http.StatusCreated, reviewAnswer{sr, st})
	return nil
}

// getReviews answers GET /projects/{id}/reviews: the project's state, its
// stored reviews (oldest first) and, for a reviewer at their stage, the
// review pre-filled from the rules' findings.
func (a *API) getReviews(rw http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	sheet, err := a.svc.Targets.Reviews(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, sheet)
	return nil
}
