package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/workflow"
)

// Target adjustments (目标调整) of published projects: the unit's filer
// files one, the reviewers approve or return it like a project, and finance
// approval writes the new value into the published table.

func (w *workflowAPI) adjustmentRoutes(a *API) {
	a.handle("POST /projects/{id}/adjustments", w.proposeAdjustment)
	a.handle("GET /documents/{id}/adjustments", w.listAdjustments)
	a.handle("POST /adjustments/{id}/transitions", w.adjustmentTransition)
}

// proposeAdjustment answers POST /projects/{id}/adjustments {"field":
// goal|annual_target|period_target, "indicator_seq", "new", "reason"} with
// 201 and the adjustment (已提交).
func (w *workflowAPI) proposeAdjustment(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, st, err := w.authorizeProject(r, id, jixiao.ActionAdjust)
	if err != nil {
		return err
	}
	if st.DocState != jixiao.DocPublished {
		return conflict("文档尚未公开，请直接修改草稿（PUT /api/v1/projects/" + strconv.FormatInt(id, 10) + "），不需要目标调整")
	}
	var in struct {
		Field        string `json:"field"`
		IndicatorSeq int    `json:"indicator_seq"`
		New          string `json:"new"`
		Reason       string `json:"reason"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	p, err := w.a.store.Project(r.Context(), id)
	if err != nil {
		return err
	}
	adj, err := jixiao.NewAdjustment(p, in.Field, in.IndicatorSeq, in.New, in.Reason)
	if err != nil {
		return invalid("%s", strings.TrimPrefix(err.Error(), jixiao.ErrInvalid.Error()+": "))
	}
	if err := w.wf.ProposeAdjustment(r.Context(), adj, entryFor(u)); err != nil {
		return err
	}
	rw.Header().Set("Location", fmt.Sprintf("%s/documents/%d/adjustments", Prefix, adj.DocumentID))
	writeJSON(rw, http.StatusCreated, adj)
	return nil
}

// listAdjustments answers GET /documents/{id}/adjustments, oldest first:
// every adjustment for a user in the document's scope, the approved ones
// (财政已审) only for a visitor or a user out of scope.
func (w *workflowAPI) listAdjustments(rw http.ResponseWriter, r *http.Request) error {
	u, st, err := w.documentFor(r, jixiao.ActionRead)
	if err != nil {
		return err
	}
	list, err := w.wf.Adjustments(r.Context(), st.DocumentID)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, newList(workflow.VisibleAdjustments(u, st.Resource(), list), ""))
	return nil
}

// adjustmentTransition answers POST /adjustments/{id}/transitions
// {"action": submit|approve|return, "comment"}.
func (w *workflowAPI) adjustmentTransition(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in transitionInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	u, err := w.user(r)
	if err != nil {
		return err
	}
	adj, err := w.wf.Adjustment(r.Context(), id)
	if errors.Is(err, jixiao.ErrNotFound) {
		return notFound("没有编号为 %d 的目标调整", id)
	}
	if err != nil {
		return err
	}
	st, err := w.documentStatus(r, adj.DocumentID)
	if err != nil {
		return err
	}
	role := jixiao.Role("")
	if u != nil {
		role = u.Role
	}
	action, err := jixiao.ReviewAction(in.Action, role)
	if err != nil || action == jixiao.ActionPublish {
		return invalid("目标调整的操作只能是 submit、approve 或 return")
	}
	if err := deny(u, jixiao.Authorize(u, action, adj.Resource(st.Department)), action,
		fmt.Sprintf("编号为 %d 的目标调整", id)); err != nil {
		return err
	}
	to, err := jixiao.AdjustmentTransition(adj.State, action)
	if err != nil {
		return err
	}
	comment := strings.TrimSpace(in.Comment)
	if (action == jixiao.ActionDeptReturn || action == jixiao.ActionFinanceReturn) && comment == "" {
		return invalid("退回必须填写意见")
	}
	e := entryFor(u)
	e.Action, e.FromState, e.ToState, e.Comment = action, adj.State, to, comment
	adj, err = w.wf.SetAdjustmentState(r.Context(), id, e)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, adj)
	return nil
}
