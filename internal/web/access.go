package web

import (
	"net/http"

	"jixiao/internal/service"
)

// reader returns what r's viewer may read (service.View): every page that
// shows documents, projects, indicators or findings reads through it, so
// the rule lives in the services.
func (s *site) reader(r *http.Request) (*service.View, error) {
	v, err := s.viewer(r)
	if err != nil {
		return nil, err
	}
	return s.svc.Targets.View(r.Context(), v.User)
}
