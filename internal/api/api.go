// Package api is jixiao's JSON API under /api/v1: documents (list, read,
// upload, delete), projects, indicators, findings, CSV exports and the
// OpenAPI document that describes them; for a store that keeps them, the
// workflow (sessions, drafts, editing, review, adjustments, history:
// workflow*.go) and the evaluation (rounds, actuals, scores, lights:
// eval*.go). It programs against jixiao.Store and the provider interfaces
// of the root package; internal/server mounts it next to the pages.
package api

import (
	"cmp"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"jixiao"
)

// Prefix is the path every API route starts with.
const Prefix = "/api/v1"

// MaxUpload is the largest file POST /api/v1/documents accepts; a larger one
// is answered with 413.
const MaxUpload = 20 << 20

// API serves the JSON API. It is an http.Handler for every path under Prefix.
type API struct {
	store jixiao.Store
	log   *slog.Logger
	mux   *http.ServeMux
	cache *responseCache // nil: off (cache.go)
}

// Options adjust an API. The zero value logs to slog.Default and caches
// anonymous answers in DefaultCacheBytes.
type Options struct {
	Logger *slog.Logger
	// CacheBytes bounds the response cache (cache.go): 0 means
	// DefaultCacheBytes, a negative number turns the cache off. A store
	// without a data generation gets no cache.
	CacheBytes int64
}

// New returns the API over st.
func New(st jixiao.Store, opt Options) *API {
	a := &API{store: st, log: opt.Logger, mux: http.NewServeMux()}
	if a.log == nil {
		a.log = slog.Default()
	}
	if gs, ok := st.(generationStore); ok && opt.CacheBytes >= 0 {
		a.cache = newResponseCache(gs, cmp.Or(opt.CacheBytes, DefaultCacheBytes))
	}
	a.routes()
	return a
}

// extension adds routes to the API. The workflow endpoints of issue 6
// (session, drafts, PUT projects, transitions, history, adjustments) in
// workflow*.go and the evaluation endpoints of issue 8 in eval*.go register
// from an init function with extend, calling a.handle like routes does, so
// that New need not know them.
type extension func(a *API)

var extensions []extension

// extend registers an extension; call it only from init functions.
func extend(e extension) { extensions = append(extensions, e) }

// routes registers every endpoint. Each is a method returning an error that
// writeError turns into the JSON error shape through one table (errors.go).
func (a *API) routes() {
	for _, e := range extensions {
		e(a)
	}
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
