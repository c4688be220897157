// Package web serves the pages of jixiao: server-rendered html/template pages
// in Simplified Chinese (总览, 文档, 项目, 指标检索, 对比, 导入) over a
// jixiao.Store, with every asset embedded. htmx only enhances forms; every
// page works with JavaScript off. Security headers, CSRF protection and
// logging belong to internal/server, which mounts this handler at "/".
package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"jixiao"
	"jixiao/internal/auth"
)

// Options adjust the pages.
type Options struct {
	// MaxUpload bounds an uploaded file, in bytes; 0 means 20 MiB.
	MaxUpload int64
	// Logger receives errors that become a 500 page; nil discards them.
	Logger *slog.Logger
	// Demo, when not empty, marks every page as 演示 and lists these
	// accounts on 演示指引 (/demo): the site is "jixiao demo".
	Demo []DemoAccount
}

// DefaultMaxUpload is the upload limit when Options.MaxUpload is 0.
const DefaultMaxUpload = 20 << 20

// site holds what every handler needs: the store, the parsed templates and
// the embedded assets.
type site struct {
	store  jixiao.Store
	opts   Options
	log    *slog.Logger
	pages  *pageSet
	static *assets
}

// extension adds routes to the site. Files of this package owned by other
// parts of the system (eval*.go, workflow*.go, auth*.go) register theirs from
// an init function with extend, so New need not know them.
type extension func(s *site, mux *http.ServeMux)

var extensions []extension

// extend registers an extension; call it only from init functions.
func extend(e extension) { extensions = append(extensions, e) }

// New returns the handler of every page and static asset. It parses all
// templates and indexes all assets now, so that a broken template fails
// start-up instead of a request.
func New(store jixiao.Store, opts Options) (*Handler, error) {
	if store == nil {
		return nil, errors.New("web: nil store")
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	s := &site{store: store, opts: opts, log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if s.static, err = loadAssets(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.pages, err = parsePages(s.funcs()); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return &Handler{Handler: s.routes(), s: s}, nil
}

// Handler serves the pages.
type Handler struct {
	http.Handler
	s *site
}

// UseSessions makes the pages log in, resolve sessions and throttle
// logins through m, the API's session manager, instead of their own, so
// that the login page and POST /api/v1/session count failures together.
// internal/server calls it before serving; it is a no-op over a store
// without accounts or for a nil m.
func (h *Handler) UseSessions(m *auth.Manager) {
	if w, ok := wfSites.Load(h.s); ok && m != nil {
		w.(*wfSite).auth = m
	}
}

func (s *site) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", s.static)
	mux.HandleFunc("GET /{$}", s.handle(s.home))
	mux.HandleFunc("GET /documents/{id}", s.handle(s.document))
	mux.HandleFunc("GET /documents/{id}/export.xlsx", s.handle(s.documentXLSX))
	mux.HandleFunc("GET /documents/{id}/public", s.handle(s.documentPublic))
	mux.HandleFunc("GET /projects/{id}", s.handle(s.project))
	mux.HandleFunc("GET /search", s.handle(s.search))
	mux.HandleFunc("GET /compare", s.handle(s.compare))
	mux.HandleFunc("GET /import", s.handle(s.importForm))
	mux.HandleFunc("POST /import", s.handle(s.importUpload))
	for _, e := range extensions {
		e(s, mux)
	}
	mux.HandleFunc("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return fmt.Errorf("page %s: %w", r.URL.Path, jixiao.ErrNotFound)
	}))
	return mux
}

// handlerFunc is a page handler that returns its error instead of writing
// it, so that one function turns errors into error pages.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *site) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}
