package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/service"
)

// Target adjustments (目标调整) in the pages: a published project's page
// offers its filer the form; the workbench lists a document's adjustments
// with the review buttons the viewer may use.

// benchAdjustment is an adjustment on the workbench with the viewer's
// review buttons.
type benchAdjustment struct {
	jixiao.Adjustment
	Project string // the project's name (Adjustment.Unit is its unit's)
	Actions []benchAction
}

// adjustmentsFor lists a document's adjustments the viewer may see, with
// the viewer's review buttons.
func (s *site) adjustmentsFor(r *http.Request, v viewer, st jixiao.DocumentStatus) ([]benchAdjustment, error) {
	list, err := s.svc.Targets.Adjustments(r.Context(), v.User, st.DocumentID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return nil, err
	}
	var out []benchAdjustment
	for _, a := range list {
		p, err := rd.Project(r.Context(), a.ProjectID)
		if err != nil {
			return nil, err
		}
		ba := benchAdjustment{Adjustment: a, Project: p.Name}
		for _, word := range service.AdjustmentActions(v.User, a, st.Department) {
			ba.Actions = append(ba.Actions, benchAction{word, actionButtons[word], word == "return"})
		}
		out = append(out, ba)
	}
	return out, nil
}

// proposeAdjustment files a 目标调整 from a published project's page.
func (s *site) proposeAdjustment(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	field, seqText, _ := strings.Cut(r.PostFormValue("target"), ":")
	seq, _ := strconv.Atoi(seqText)
	in := service.Proposal{Field: field, IndicatorSeq: seq, New: r.PostFormValue("new"), Reason: r.PostFormValue("reason")}
	a, err := s.svc.Targets.ProposeAdjustment(r.Context(), v.User, id, in)
	if err != nil {
		return err
	}
	http.Redirect(rw, r, flashURL(workbenchURL(a.DocumentID), "proposed")+"#adjustments", http.StatusSeeOther)
	return nil
}

// adjustmentTransition takes a review action on an adjustment.
func (s *site) adjustmentTransition(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	a, err := s.svc.Targets.ReviewAdjustment(r.Context(), v.User, id, r.PostFormValue("action"), r.PostFormValue("comment"))
	if err != nil {
		return err
	}
	act, _ := jixiao.ReviewAction(r.PostFormValue("action"), v.User.Role)
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
