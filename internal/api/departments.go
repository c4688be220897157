package api

import (
	"net/http"

	"jixiao/internal/service"
)

// compareDepartments answers GET /compare/departments?body=…&year=…: the
// tables of one body across places, with their money, target quality and
// year-end self-evaluation, as the caller may see them (issue 17 item 4).
func (a *API) compareDepartments(rw http.ResponseWriter, r *http.Request) error {
	body, year, err := service.DepartmentQuery(r.URL.Query().Get("body"), r.URL.Query().Get("year"))
	if err != nil {
		return err
	}
	v, err := a.view(r)
	if err != nil {
		return err
	}
	c, err := v.CompareDepartments(r.Context(), a.svc.Monitoring, body, year)
	if err != nil {
		return err
	}
	writeJSON(rw, http.StatusOK, c)
	return nil
}
