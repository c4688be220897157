package web

import (
	"net/http"

	"jixiao"
	"jixiao/internal/service"
)

// The review panel of a project's page (/projects/{id}): a reviewer in
// scope whose stage the project is at approves or returns it there, or
// opens its 审核, without going through the workbench. Only the
// reviewer's own actions are offered (jixiao.AvailableActions); the forms
// post to the workbench's transitions, which the service decides.

// reviewPanel is the panel's data; nil hides it.
type reviewPanel struct {
	Viewer     viewer
	Status     jixiao.ProjectStatus
	CanReview  bool
	Actions    []benchAction
	Indicators int
	Bench      string
	ReviewURL  string
}

// reviewPanelFor is the panel of project pr for the request's viewer, or
// nil for anyone with no review step to take on it now.
func (s *site) reviewPanelFor(r *http.Request, pr *jixiao.Project) (*reviewPanel, error) {
	v, err := s.viewer(r)
	if err != nil || v.User == nil || v.User.Role != jixiao.RoleDeptReviewer && v.User.Role != jixiao.RoleFinanceReviewer {
		return nil, err
	}
	ps, err := s.svc.Targets.ProjectStatus(r.Context(), v.User, pr.ID)
	if err != nil {
		return nil, err
	}
	p := &reviewPanel{Viewer: v, Status: ps, CanReview: service.CanReview(v.User, ps), Indicators: len(pr.Indicators),
		Bench: workbenchURL(ps.DocumentID) + "#p" + itoa(pr.ID), ReviewURL: reviewURL(pr.ID)}
	for _, word := range jixiao.AvailableActions(v.User, ps) {
		p.Actions = append(p.Actions, benchAction{word, actionButtons[word], word == "return"})
	}
	if !p.CanReview && len(p.Actions) == 0 {
		return nil, nil
	}
	return p, nil
}
