package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestBadTokenOnReads: a bearer token that was never issued, or whose
// session has ended, is refused with 401 on every GET endpoint that looks
// at the caller — even on public data, so a client learns that its token
// is no longer good instead of silently reading as a visitor. Only the
// OpenAPI document itself is served regardless. Each exchange goes through
// validate, so the document must list these 401s. A GET added to the
// document without a path here fails the test.
func TestBadTokenOnReads(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		doc, project := f.source.ID, f.source.Projects[0].ID
		paths := map[string]string{
			"/session":                             "/api/v1/session",
			"/documents":                           "/api/v1/documents",
			"/documents/{id}":                      fmt.Sprintf("/api/v1/documents/%d", doc),
			"/documents/{id}/workflow":             fmt.Sprintf("/api/v1/documents/%d/workflow", doc),
			"/documents/{id}/history":              fmt.Sprintf("/api/v1/documents/%d/history", doc),
			"/documents/{id}/adjustments":          fmt.Sprintf("/api/v1/documents/%d/adjustments", doc),
			"/documents/{id}/rounds":               fmt.Sprintf("/api/v1/documents/%d/rounds", doc),
			"/documents/{id}/actuals":              fmt.Sprintf("/api/v1/documents/%d/actuals", doc),
			"/documents/{id}/scores":               fmt.Sprintf("/api/v1/documents/%d/scores", doc),
			"/documents/{id}/lights":               fmt.Sprintf("/api/v1/documents/%d/lights", doc),
			"/documents/{id}/queue":                fmt.Sprintf("/api/v1/documents/%d/queue", doc),
			"/projects":                            "/api/v1/projects?q=" + urlq("就业"),
			"/projects/{id}":                       fmt.Sprintf("/api/v1/projects/%d", project),
			"/projects/{id}/reviews":               fmt.Sprintf("/api/v1/projects/%d/reviews", project),
			"/documents/{id}/reviews":              fmt.Sprintf("/api/v1/documents/%d/reviews", doc),
			"/indicators":                          "/api/v1/indicators",
			"/findings":                            fmt.Sprintf("/api/v1/findings?document=%d", doc),
			"/export/{table}.csv":                  fmt.Sprintf("/api/v1/export/projects.csv?document=%d", doc),
			"/rectifications":                      "/api/v1/rectifications",
			"/rectifications/dashboard":            "/api/v1/rectifications/dashboard",
			"/rectifications/{id}":                 "/api/v1/rectifications/1",
			"/rectifications/{id}/evidence/{file}": "/api/v1/rectifications/1/evidence/1",
			"/consequences":                        "/api/v1/consequences",
			"/projects/{id}/years":                 fmt.Sprintf("/api/v1/projects/%d/years", project),
			"/documents/{id}/corrections":          fmt.Sprintf("/api/v1/documents/%d/corrections?round=%s", doc, urlq("2024年1-7月")),
			"/compare/departments":                 "/api/v1/compare/departments?body=" + urlq("人力资源和社会保障局"),
			"/library/groups":                      "/api/v1/library/groups",
			"/library/group":                       "/api/v1/library/group?name=" + urlq("满意度") + "&unit=%25",
		}
		paths["/documents/{id}/reports/{seq}/printed"] = fmt.Sprintf("/api/v1/documents/%d/reports/1/printed", doc)
		openAPIRouter(t)
		for tmpl, item := range spec.doc.Paths.Map() {
			if _, ok := paths[tmpl]; !ok && item.Get != nil && tmpl != "/openapi.json" {
				t.Errorf("GET %s is in the OpenAPI document but not tried with a bad token", tmpl)
			}
		}

		ended := f.tokens["filer"]
		if s, body := f.call("DELETE", "/api/v1/session", ended, nil); s != http.StatusNoContent {
			t.Fatalf("logout: %d %s", s, body)
		}
		for tmpl, path := range paths {
			for _, token := range []string{"never-issued-token", ended} {
				s, body := f.call("GET", path, token, nil)
				if s != http.StatusUnauthorized || decodeTo[apiError](t, body).Error.Code != "unauthorized" {
					t.Errorf("GET %s (%s) with a bad token: %d %s", tmpl, path, s, body)
				}
			}
		}
		if s, _ := f.call("GET", "/api/v1/openapi.json", "never-issued-token", nil); s != http.StatusOK {
			t.Errorf("GET /openapi.json with a bad token: %d", s)
		}
	})
}
