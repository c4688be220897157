package web

import (
	"net/http"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/service"
)

// yearsSection is the 历年情况 card of the project page: the project's
// years side by side and the proposed links waiting for a reviewer, with
// the token their forms post.
type yearsSection struct {
	*service.ProjectHistory
	CSRF string
}

// Shown reports whether there is anything to show: an earlier or later
// year, or a link to decide.
func (y *yearsSection) Shown() bool { return len(y.Years) > 1 || len(y.Pending) > 0 }

// projectYears reads the history of project id as the request's user may
// read it.
func (s *site) projectYears(r *http.Request, id int64) (*yearsSection, error) {
	v, err := s.viewer(r)
	if err != nil {
		return nil, err
	}
	h, err := s.svc.Years.ProjectHistory(r.Context(), v.User, id)
	if err != nil {
		return nil, err
	}
	return &yearsSection{ProjectHistory: h, CSRF: v.CSRF()}, nil
}

// decideLink takes a reviewer's 确认 or 否决 of a proposed link and goes
// back to the project page's history.
func (s *site) decideLink(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	confirm, err := service.LinkDecision(r.PostFormValue("action"))
	if err != nil {
		return err
	}
	l, err := s.svc.Years.DecideLink(r.Context(), v.User, id, confirm)
	if err != nil {
		return err
	}
	http.Redirect(rw, r, flashURL(projectURL(l.ProjectID), "linked", "state", string(l.State))+"#years", http.StatusSeeOther)
	return nil
}

// lastYear is what the edit form shows beside an indicator: last year's
// target, actual and score of the indicator it continues.
type lastYear struct {
	Year                  int
	Target, Actual, Score string
}

// carryLastYear puts beside each indicator of p (the project as the form
// shows it) what last year's project recorded for the indicator of the
// same name, when the project continues one.
func (page *editPage) carryLastYear(p *jixiao.Project) {
	last := page.Last
	if last == nil {
		return
	}
	for i := range page.Rows {
		if i >= len(p.Indicators) {
			break
		}
		prev, ok := check.PriorIndicator(last.Project, p, &p.Indicators[i])
		if !ok {
			continue
		}
		page.Rows[i].Last = &lastYear{Year: last.Year, Target: prev.Annual.Text, Actual: last.Actuals[prev.Seq], Score: last.Scores[prev.Seq]}
	}
}
