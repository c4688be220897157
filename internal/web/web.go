// Package web serves the pages of jixiao: server-rendered html/template pages
// in Simplified Chinese (总览, 文档, 项目, 指标检索, 对比, 导入, 填报审核,
// 账号, 绩效评价) with every asset embedded. htmx only enhances forms; every
// page works with JavaScript off. Each handler decodes a request, calls
// internal/service with the viewer, and renders the answer; errors become
// pages through one table (render.go). cmd/jixiao builds it; security
// headers, CSRF protection and logging belong to internal/server, which
// mounts this handler at "/".
package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/service"
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

// DefaultMaxUpload is the upload limit when Options.MaxUpload is 0: the
// one cap of every door's import (service.MaxUpload).
const DefaultMaxUpload = service.MaxUpload

// site holds what every handler needs: the services, the session
// manager, the parsed templates and the embedded assets.
type site struct {
	svc    *service.Services
	auth   *auth.Manager
	opts   Options
	log    *slog.Logger
	pages  *pageSet
	static *assets
}

// New returns the handler of every page and static asset over the
// services, resolving sessions through m (the API's, so that one login
// throttle counts both doors). It parses all templates and indexes all
// assets now, so that a broken template fails start-up instead of a
// request.
func New(svc *service.Services, m *auth.Manager, opts Options) (http.Handler, error) {
	if svc == nil || m == nil {
		return nil, errors.New("web: no services or session manager")
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	s := &site{svc: svc, auth: m, opts: opts, log: opts.Logger}
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
	return s.routes(), nil
}

// routes lists every page.
func (s *site) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", s.static)
	page := func(pattern string, h handlerFunc) { mux.HandleFunc(pattern, s.handle(h)) }
	page("GET /{$}", s.home)
	page("GET /documents/{id}", s.document)
	page("GET /documents/{id}/export.xlsx", s.documentXLSX)
	page("GET /documents/{id}/public", s.documentPublic)
	page("GET /documents/{id}/print", s.documentPrint)
	page("GET /projects/{id}", s.project)
	page("GET /search", s.search)
	page("GET /compare", s.compare)
	page("GET /compare/departments", s.compareDepartments)
	page("GET /compare/departments.csv", s.compareDepartmentsCSV)
	page("GET /library", s.libraryList)
	page("GET /library/group", s.libraryGroup)
	page("POST /library/groupings", s.libraryGrouping)
	page("GET /import", s.importForm)
	page("POST /import", s.importUpload)
	if len(s.opts.Demo) > 0 {
		page("GET /demo", s.demoGuide)
	}

	page("GET /login", s.loginForm)
	page("POST /login", s.login)
	page("POST /logout", s.logout)
	page("GET /account", s.account)
	page("POST /account/password", s.changePassword)
	page("GET /admin/users", s.adminUsers)
	page("POST /admin/users", s.adminCreateUser)
	page("POST /admin/users/{id}/disable", s.adminSetDisabled(true))
	page("POST /admin/users/{id}/enable", s.adminSetDisabled(false))
	page("POST /admin/users/{id}/password", s.adminResetPassword)

	page("GET /workflow", s.workflowHome)
	page("GET /workflow/documents/{id}", s.workbench)
	page("POST /workflow/documents/{id}/drafts", s.createDraft)
	page("POST /workflow/documents/{id}/publish", s.publish)
	page("POST /workflow/documents/{id}/projects", s.addProject)
	page("GET /workflow/documents/{id}/history", s.history)
	page("POST /workflow/documents/{id}/approvals/confirm", s.batchConfirm)
	page("POST /workflow/documents/{id}/approvals", s.batchApprove)
	page("GET /workflow/documents/{id}/reviews", s.documentReviews)
	page("GET /workflow/documents/{id}/reviews.xlsx", s.documentReviewsXLSX)
	page("GET /workflow/projects/{id}", s.editForm)
	page("POST /workflow/projects/{id}", s.save)
	page("POST /workflow/projects/{id}/check", s.liveCheck)
	page("POST /workflow/projects/{id}/transitions", s.transition)
	page("POST /workflow/projects/{id}/remove", s.removeProject)
	page("GET /workflow/projects/{id}/review", s.reviewForm)
	page("POST /workflow/projects/{id}/review", s.review)
	page("GET /workflow/projects/{id}/review/sheet", s.reviewSheet)
	page("GET /workflow/projects/{id}/review/sheet.xlsx", s.reviewSheetXLSX)
	page("POST /workflow/projects/{id}/adjustments", s.proposeAdjustment)
	page("GET /workflow/projects/{id}/diff", s.diff)
	page("GET /workflow/library", s.library)
	page("POST /workflow/adjustments/{id}/transitions", s.adjustmentTransition)
	page("GET /workflow/adjustments/{id}", s.adjustment)
	page("POST /workflow/links/{id}", s.decideLink)

	page("GET /eval", s.evalHome)
	page("GET /documents/{id}/eval", s.evalDocument)
	page("POST /documents/{id}/eval/rounds", s.evalOpenRound)
	page("GET /documents/{id}/eval/rounds/{round}", s.evalRound)
	page("GET /documents/{id}/eval/rounds/{round}/template.xlsx", s.evalTemplate)
	page("POST /documents/{id}/eval/rounds/{round}/upload", s.evalUpload)
	page("GET /documents/{id}/eval/rounds/{round}/projects/{seq}", s.evalEntry)
	page("POST /documents/{id}/eval/rounds/{round}/projects/{seq}", s.evalSave)
	page("POST /documents/{id}/eval/rounds/{round}/projects/{seq}/check", s.evalCheck)
	page("POST /documents/{id}/eval/rounds/{round}/projects/{seq}/review", s.evalStep)
	page("GET /documents/{id}/eval/projects/{seq}/sheet", s.evalSheet)
	page("GET /documents/{id}/eval/projects/{seq}/sheet.xlsx", s.evalSheetXLSX)
	page("GET /documents/{id}/eval/rounds/{round}/projects/{seq}/correction", s.evalCorrection)
	page("POST /documents/{id}/eval/rounds/{round}/projects/{seq}/accrual", s.evalAccrual)
	page("POST /documents/{id}/eval/rounds/{round}/projects/{seq}/correction/measures", s.evalMeasures)
	page("POST /documents/{id}/eval/rounds/{round}/projects/{seq}/correction/decision", s.evalDecision)
	page("POST /documents/{id}/eval/rounds/{round}/projects/{seq}/correction/adjustment", s.evalCorrectionAdjust)
	page("GET /documents/{id}/eval/rounds/{round}/projects/{seq}/sheet", s.evalMonitorSheet)
	page("GET /documents/{id}/eval/rounds/{round}/projects/{seq}/sheet.xlsx", s.evalMonitorSheetXLSX)
	page("GET "+evalImportURL, s.evalImportForm)
	page("POST "+evalImportURL, s.evalImport)

	page("GET /rectify", s.rectifyList)
	page("GET /rectify/new", s.rectifyNew)
	page("POST /rectify", s.rectifyOpen)
	page("GET /rectify/dashboard", s.rectifyDashboard)
	page("GET /rectify/{id}", s.rectifyItem)
	page("POST /rectify/{id}/steps", s.rectifyStep)
	page("POST /rectify/{id}/evidence", s.rectifyUpload)
	page("GET /rectify/{id}/evidence/{file}", s.rectifyEvidence)

	page("/", func(w http.ResponseWriter, r *http.Request) error {
		return fmt.Errorf("page %s: %w", r.URL.Path, jixiao.ErrNotFound)
	})
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
