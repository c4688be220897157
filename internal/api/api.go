// Package api is jixiao's JSON API under /api/v1: documents (list, read,
// upload, delete), projects, indicators, findings, CSV exports, the
// workflow (sessions, drafts, editing, review, adjustments, history) and
// the evaluation (rounds, actuals, scores, lights), described by one
// OpenAPI document. Each handler decodes a request, calls one method of
// internal/service with the caller, and encodes the answer; errors become
// answers through one table (errors.go). cmd/jixiao builds it;
// internal/server mounts it next to the pages.
package api

import (
	"cmp"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"jixiao/internal/auth"
	"jixiao/internal/service"
)

// Prefix is the path every API route starts with.
const Prefix = "/api/v1"

// MaxUpload is the largest file POST /api/v1/documents accepts
// (service.MaxUpload, the one cap of every door); a larger one is answered
// with 413.
const MaxUpload = service.MaxUpload

// API serves the JSON API. It is an http.Handler for every path under Prefix.
type API struct {
	svc   *service.Services
	auth  *auth.Manager
	log   *slog.Logger
	mux   *http.ServeMux
	cache *responseCache // nil: off (cache.go)
}

// Options adjust an API. The zero value logs to slog.Default and caches
// nothing.
type Options struct {
	Logger *slog.Logger
	// Generations is the store's data generation; nil turns the response
	// cache (cache.go) off.
	Generations Generations
	// CacheBytes bounds the response cache: 0 means DefaultCacheBytes, a
	// negative number turns the cache off.
	CacheBytes int64
}

// New returns the API over the services, resolving sessions through m.
func New(svc *service.Services, m *auth.Manager, opt Options) *API {
	a := &API{svc: svc, auth: m, log: cmp.Or(opt.Logger, slog.Default()), mux: http.NewServeMux()}
	if opt.Generations != nil && opt.CacheBytes >= 0 {
		a.cache = newResponseCache(opt.Generations, cmp.Or(opt.CacheBytes, DefaultCacheBytes))
	}
	a.routes()
	return a
}

// routes lists every endpoint. Each is a method returning an error that
// writeError turns into the JSON error shape through one table (errors.go).
func (a *API) routes() {
	a.handle("GET /documents", a.listDocuments)
	a.handle("POST /documents", a.uploadDocument)
	a.handle("GET /documents/{id}", a.getDocument)
	a.handle("DELETE /documents/{id}", a.deleteDocument)
	a.handle("GET /projects", a.listProjects)
	a.handle("GET /projects/{id}", a.getProject)
	a.handle("GET /indicators", a.listIndicators)
	a.handle("GET /findings", a.listFindings)
	a.handle("GET /export/{file}", a.exportTable)
	a.handle("GET /openapi.json", a.openAPI)

	a.handle("POST /session", a.login)
	a.handle("GET /session", a.whoami)
	a.handle("DELETE /session", a.logout)
	a.handle("POST /session/password", a.changePassword)

	a.handle("POST /documents/{id}/drafts", a.createDraft)
	a.handle("GET /documents/{id}/workflow", a.documentWorkflow)
	a.handle("POST /documents/{id}/transitions", a.documentTransition)
	a.handle("GET /documents/{id}/history", a.history)
	a.handle("PUT /projects/{id}", a.saveProject)
	a.handle("POST /projects/{id}/transitions", a.projectTransition)
	a.handle("POST /documents/{id}/projects", a.addProject)
	a.handle("DELETE /projects/{id}", a.removeProject)
	a.handle("POST /projects/{id}/reviews", a.postReview)
	a.handle("GET /projects/{id}/reviews", a.getReviews)
	a.handle("POST /documents/{id}/approvals", a.postApprovals)
	a.handle("GET /documents/{id}/queue", a.getQueue)
	a.handle("GET /documents/{id}/reviews", a.getDocumentReviews)
	a.handle("POST /projects/{id}/adjustments", a.proposeAdjustment)
	a.handle("GET /documents/{id}/adjustments", a.listAdjustments)
	a.handle("POST /adjustments/{id}/transitions", a.adjustmentTransition)

	a.handle("GET /documents/{id}/rounds", a.listRounds)
	a.handle("POST /documents/{id}/rounds", withProblems(a.openRound))
	a.handle("GET /documents/{id}/actuals", a.getActuals)
	a.handle("PUT /documents/{id}/actuals", withProblems(a.putActuals))
	a.handle("GET /documents/{id}/scores", a.scores)
	a.handle("GET /documents/{id}/lights", a.lights)
	a.handle("POST /documents/{id}/reports/{seq}/transitions", withProblems(a.reportTransition))
	a.handle("PUT /documents/{id}/projects/{seq}/indicators/{iseq}/accrual", withProblems(a.putAccrual))
	a.handle("GET /documents/{id}/corrections", a.corrections)
	a.handle("PUT /documents/{id}/corrections/{seq}/measures", withProblems(a.putMeasures))
	a.handle("POST /documents/{id}/corrections/{seq}/decision", withProblems(a.postDecision))
	a.handle("POST /documents/{id}/corrections/{seq}/adjustment", withProblems(a.postCorrectionAdjustment))

	a.handle("GET /compare/departments", a.compareDepartments)

	a.mux.HandleFunc(Prefix+"/", a.unmatched)
}

// handlerFunc is an endpoint: it writes a success answer or returns an error
// for writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers h for pattern ("METHOD /path" relative to Prefix).
func (a *API) handle(pattern string, h handlerFunc) {
	method, path, _ := strings.Cut(pattern, " ")
	a.mux.HandleFunc(method+" "+Prefix+path, func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}

// ServeHTTP serves the API.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if a.cache != nil && cacheable(r) {
		a.cache.serve(w, r, a.mux)
		return
	}
	a.mux.ServeHTTP(w, r)
}

// unmatched answers a path under Prefix that no route takes: 405 with Allow
// when the path exists for other methods, else 404, both as JSON errors
// (the mux's own answers are plain text).
func (a *API) unmatched(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := a.mux.Handler(probe); pattern != "" && pattern != Prefix+"/" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		a.writeError(w, r, &Error{Status: http.StatusNotFound, Code: "not_found", Message: "没有这个接口：" + r.URL.Path})
		return
	}
	if slices.Contains(allow, http.MethodGet) {
		allow = append(allow, http.MethodHead)
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	a.writeError(w, r, &Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
		Message: "该接口不支持 " + r.Method + " 方法，可用：" + strings.Join(allow, "、")})
}
