package web

import (
	"net/http"

	"jixiao"
)

// evalViewer is who looks at an eval page: the CSRF token its forms carry.
// Who may change what is internal/service's (Monitoring).
type evalViewer struct {
	User *jixiao.User
	CSRF string
}

// NeedsLogin tells the page to ask a visitor to log in.
func (v evalViewer) NeedsLogin() bool { return v.User == nil }

func (s *site) evalViewer(r *http.Request) (evalViewer, error) {
	v, err := s.viewer(r)
	return evalViewer{User: v.User, CSRF: v.CSRF()}, err
}
