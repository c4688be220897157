package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
)

// Target adjustments (目标调整) in the pages: a published project's page
// offers its filer the form; the workbench lists a document's adjustments
// with the review buttons the viewer may use.

func (w *wfSite) adjustmentRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /workflow/projects/{id}/adjustments", w.handle(w.proposeAdjustment))
	mux.HandleFunc("POST /workflow/adjustments/{id}/transitions", w.handle(w.adjustmentTransition))
	mux.HandleFunc("GET /workflow/adjustments/{id}", w.handle(w.adjustment))
}

// benchAdjustment is an adjustment on the workbench with the viewer's
// review buttons.
type benchAdjustment struct {
	jixiao.Adjustment
	Actions []benchAction
}

// adjustmentsFor lists a document's adjustments the viewer may see: all
// of them within the document's scope, else only the approved ones,
// without who proposed them (seesAudit).
func (w *wfSite) adjustmentsFor(r *http.Request, v viewer, st jixiao.DocumentStatus) ([]benchAdjustment, error) {
	list, err := w.wf.Adjustments(r.Context(), st.DocumentID)
	if err != nil {
		return nil, err
	}
	audit := seesAudit(v, st)
	var out []benchAdjustment
	for _, a := range list {
		if !audit {
			if a.State != jixiao.StateFinanceApproved {
				continue
			}
			a.CreatedBy = ""
		}
		res := a.Resource(st.Department)
		ba := benchAdjustment{Adjustment: a}
		for _, word := range []string{"submit", "approve", "return"} {
			if v.User == nil {
				break
			}
			act, err := jixiao.ReviewAction(word, v.User.Role)
			if err != nil || jixiao.Authorize(v.User, act, res) != jixiao.Allow {
				continue
			}
			if _, err := jixiao.AdjustmentTransition(a.State, act); err == nil {
				ba.Actions = append(ba.Actions, benchAction{word, actionButtons[word], word == "return"})
			}
		}
		out = append(out, ba)
	}
	return out, nil
}

// proposeAdjustment files a 目标调整 from a published project's page.
func (w *wfSite) proposeAdjustment(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	ps, err := w.projectFor(r, v, jixiao.ActionAdjust)
	if err != nil {
		return err
	}
	if ps.DocState != jixiao.DocPublished {
		return conflictPage("文档尚未公开，请直接修改草稿，不需要目标调整")
	}
	p, err := w.s.store.Project(r.Context(), ps.ProjectID)
	if err != nil {
		return err
	}
	field, seqText, _ := strings.Cut(r.PostFormValue("target"), ":")
	seq, _ := strconv.Atoi(seqText)
	a, err := jixiao.NewAdjustment(p, field, seq, r.PostFormValue("new"), r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	e := jixiao.AuditEntry{UserID: v.User.ID, Username: v.User.Username, Role: v.User.Role}
	if err := w.wf.ProposeAdjustment(r.Context(), a, e); err != nil {
		if errors.Is(err, jixiao.ErrConflict) {
			return conflictPage(err.Error())
		}
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(ps.DocumentID), "proposed")+"#adjustments", http.StatusSeeOther)
	return nil
}

// pathAdjustment reads the adjustment the path's {id} names and its
// document's workflow state.
func (w *wfSite) pathAdjustment(r *http.Request) (*jixiao.Adjustment, jixiao.DocumentStatus, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, jixiao.DocumentStatus{}, err
	}
	a, err := w.wf.Adjustment(r.Context(), id)
	if err != nil {
		return nil, jixiao.DocumentStatus{}, err
	}
	st, err := w.wf.DocumentStatus(r.Context(), a.DocumentID)
	return a, st, err
}

// adjustmentTransition takes a review action on an adjustment.
func (w *wfSite) adjustmentTransition(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	a, st, err := w.pathAdjustment(r)
	if err != nil {
		return err
	}
	id := a.ID
	act, err := jixiao.ReviewAction(r.PostFormValue("action"), v.User.Role)
	if err != nil || act == jixiao.ActionPublish {
		return invalid("未知的审核操作 %q", r.PostFormValue("action"))
	}
	if err := decide(v, jixiao.Authorize(v.User, act, a.Resource(st.Department)), act); err != nil {
		return err
	}
	to, err := jixiao.AdjustmentTransition(a.State, act)
	if err != nil {
		return conflictPage(err.Error())
	}
	comment := strings.TrimSpace(r.PostFormValue("comment"))
	if (act == jixiao.ActionDeptReturn || act == jixiao.ActionFinanceReturn) && comment == "" {
		return invalid("退回必须填写意见")
	}
	e := jixiao.AuditEntry{UserID: v.User.ID, Username: v.User.Username, Role: v.User.Role, Action: act,
		FromState: a.State, ToState: to, Comment: comment}
	if _, err := w.wf.SetAdjustmentState(r.Context(), id, e); err != nil {
		if errors.Is(err, jixiao.ErrConflict) {
			return conflictPage(err.Error())
		}
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(a.DocumentID), "adjusted", "n", id, "act", act)+"#adjustments", http.StatusSeeOther)
	return nil
}

// adjustTarget is an option of the propose form's target picker.
type adjustTarget struct{ Value, Label, Current string }

// adjustTargets lists what an adjustment of p may change.
func adjustTargets(p *editPage) []adjustTarget {
	out := []adjustTarget{{jixiao.AdjustGoal + ":0", "绩效目标", p.Goal}}
	for i, row := range p.Rows {
		out = append(out,
			adjustTarget{fmt.Sprintf("%s:%d", jixiao.AdjustAnnual, i+1), fmt.Sprintf("指标%d %s 年度指标值", i+1, row.Name), row.Annual.target().Text},
			adjustTarget{fmt.Sprintf("%s:%d", jixiao.AdjustPeriod, i+1), fmt.Sprintf("指标%d %s 实施周期指标值", i+1, row.Name), row.Period.target().Text})
	}
	return out
}
