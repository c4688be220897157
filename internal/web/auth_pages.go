package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"jixiao"
	"jixiao/internal/auth"
)

// Accounts in the pages (issue 6): logging in and out, and changing one's
// password. Sessions are the API's (one table, one cookie), so a browser
// logged in here also calls the API with its cookie and CSRF token.

// wfSite is the workflow half of a site: the workflow store and the
// session manager. Stores without workflow have none and these pages are
// not registered.
type wfSite struct {
	s    *site
	wf   jixiao.WorkflowStore
	auth *auth.Manager
}

var wfSites sync.Map // *site → *wfSite

func init() {
	navigation = append(navigation, navItem{"workflow", "填报审核", "/workflow"}, navItem{"account", "账号", "/account"})
	extend(func(s *site, mux *http.ServeMux) {
		wp, ok := s.store.(jixiao.WorkflowProvider)
		if !ok {
			return
		}
		w := &wfSite{s: s, wf: wp.Workflow(), auth: auth.NewManager(wp.Workflow())}
		wfSites.Store(s, w)
		mux.HandleFunc("GET /login", w.handle(w.loginForm))
		mux.HandleFunc("POST /login", w.handle(w.login))
		mux.HandleFunc("POST /logout", w.handle(w.logout))
		mux.HandleFunc("GET /account", w.handle(w.account))
		mux.HandleFunc("POST /account/password", w.handle(w.changePassword))
		w.routes(mux)
	})
}

// viewer is who looks at a page: nil for a visitor, with the session token
// whose CSRF token the page's forms carry.
type viewer struct {
	User  *jixiao.User
	token string
}

// CSRF is the token forms post as csrf_token.
func (v viewer) CSRF() string {
	if v.token == "" {
		return ""
	}
	return auth.CSRFToken(v.token)
}

// viewer resolves the session cookie; a stale one counts as no session.
func (w *wfSite) viewer(r *http.Request) (viewer, error) {
	token, _ := auth.TokenFromRequest(r)
	if token == "" {
		return viewer{}, nil
	}
	u, err := w.auth.Authenticate(r.Context(), token)
	if errors.Is(err, auth.ErrSessionEnded) {
		return viewer{}, nil
	}
	return viewer{User: u, token: token}, err
}

// changer resolves the session of a form post and checks its CSRF token;
// a visitor is sent to the login page.
func (w *wfSite) changer(rw http.ResponseWriter, r *http.Request) (viewer, bool, error) {
	v, err := w.viewer(r)
	if err != nil {
		return v, false, err
	}
	if v.User == nil {
		http.Redirect(rw, r, "/login?next="+url.QueryEscape(r.Referer()), http.StatusSeeOther)
		return v, false, nil
	}
	if !auth.CSRFValid(r, v.token) {
		return v, false, forbiddenPage("表单已过期（CSRF 令牌不符），请刷新页面后重试")
	}
	return v, true, nil
}

// forbiddenPage is a 403 with the reason shown to the user.
func forbiddenPage(msg string) error { return &pageError{status: http.StatusForbidden, msg: msg} }

// conflictPage is a 409 with the reason shown to the user.
func conflictPage(msg string) error { return &pageError{status: http.StatusConflict, msg: msg} }

// pageError is an error page with its own status and message.
type pageError struct {
	status int
	msg    string
}

func (e *pageError) Error() string { return e.msg }

// handleWF is handle for the workflow pages: a *pageError renders the
// error page with its message.
func (w *wfSite) handle(h handlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		err := h(rw, r)
		var pe *pageError
		if errors.As(err, &pe) {
			p := errorPage{Layout: Layout{Title: map[int]string{403: "无权操作", 409: "无法执行"}[pe.status]},
				Status: pe.status, Message: pe.msg}
			if rerr := w.s.render(rw, r, pe.status, "error", "", p); rerr != nil {
				w.s.fail(rw, r, rerr)
			}
			return
		}
		if err != nil {
			w.s.fail(rw, r, err)
		}
	}
}

// loginPage is the data of 登录.
type loginPage struct {
	Layout
	Next     string
	Username string
	Error    string
}

// safeNext keeps a redirect target on this site: the path and query of
// next (a Referer is a full URL), never another host.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || u.Path == "/login" {
		return "/workflow"
	}
	return u.RequestURI()
}

func (w *wfSite) loginForm(rw http.ResponseWriter, r *http.Request) error {
	return w.s.render(rw, r, http.StatusOK, "auth_login", "",
		loginPage{Layout: Layout{Title: "登录", Nav: "account"}, Next: safeNext(r.URL.Query().Get("next"))})
}

// login checks the form and sets the session cookie; a failure re-renders
// the form with the reason (401, or 429 when throttled).
func (w *wfSite) login(rw http.ResponseWriter, r *http.Request) error {
	name, pw, next := r.PostFormValue("username"), r.PostFormValue("password"), safeNext(r.PostFormValue("next"))
	token, _, err := w.auth.Login(r.Context(), name, pw, auth.ClientIP(r))
	if err != nil {
		status, msg := http.StatusUnauthorized, jixiao.ErrNoAccount.Error()
		if s, m, ok := refusal(rw, err); ok {
			status, msg = s, m
		} else if !errors.Is(err, jixiao.ErrNoAccount) {
			return err
		}
		return w.s.render(rw, r, status, "auth_login", "",
			loginPage{Layout: Layout{Title: "登录", Nav: "account"}, Next: next, Username: name, Error: msg})
	}
	w.auth.SetCookie(rw, r, token)
	http.Redirect(rw, r, next, http.StatusSeeOther)
	return nil
}

// refusal is the answer to a throttled or busy password check: 429 or 503
// with Retry-After set and the reason; ok is false for any other err.
func refusal(rw http.ResponseWriter, err error) (status int, msg string, ok bool) {
	var (
		te   *auth.ThrottledError
		busy *jixiao.BusyError
	)
	switch {
	case errors.As(err, &te):
		rw.Header().Set("Retry-After", strconv.Itoa(te.RetrySeconds()))
		return http.StatusTooManyRequests, te.Error(), true
	case errors.As(err, &busy):
		rw.Header().Set("Retry-After", strconv.Itoa(busy.RetrySeconds()))
		return http.StatusServiceUnavailable, busy.Error(), true
	}
	return 0, "", false
}

func (w *wfSite) logout(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	if err := w.auth.Logout(r.Context(), v.token); err != nil {
		return err
	}
	w.auth.ClearCookie(rw, r)
	http.Redirect(rw, r, "/", http.StatusSeeOther)
	return nil
}

// accountPage is the data of 账号.
type accountPage struct {
	Layout
	Viewer viewer
	Error  string
	Done   bool
}

// PasswordRule is the rule a new password must follow, shown on the form.
func (accountPage) PasswordRule() string { return auth.PasswordRule }

// MinPassword is the rule's length, for the field's minlength.
func (accountPage) MinPassword() int { return auth.MinPasswordRunes }

func (w *wfSite) account(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.viewer(r)
	if err != nil {
		return err
	}
	if v.User == nil {
		http.Redirect(rw, r, "/login?next=/account", http.StatusSeeOther)
		return nil
	}
	return w.s.render(rw, r, http.StatusOK, "auth_account", "",
		accountPage{Layout: Layout{Title: "账号", Nav: "account"}, Viewer: v, Done: r.URL.Query().Get("changed") == "1"})
}

func (w *wfSite) changePassword(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := w.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	token, err := w.auth.ChangePassword(r.Context(), v.User, r.PostFormValue("old_password"), r.PostFormValue("new_password"), auth.ClientIP(r))
	status, msg := http.StatusUnprocessableEntity, ""
	if s, m, ok := refusal(rw, err); ok {
		status, msg, err = s, m, nil
	}
	switch {
	case errors.Is(err, jixiao.ErrForbidden):
		msg = "原密码不正确"
	case errors.Is(err, auth.ErrWeakPassword):
		msg = err.Error()
	case err != nil:
		return err
	}
	if msg != "" {
		return w.s.render(rw, r, status, "auth_account", "",
			accountPage{Layout: Layout{Title: "账号", Nav: "account"}, Viewer: v, Error: msg})
	}
	w.auth.SetCookie(rw, r, token)
	http.Redirect(rw, r, "/account?changed=1", http.StatusSeeOther)
	return nil
}

// hiddenDocuments returns the ids of the drafts the request may not see;
// the pages read the store through reader (access.go), which hides them.
func (s *site) hiddenDocuments(r *http.Request) (map[int64]bool, error) {
	v, ok := wfSites.Load(s)
	if !ok {
		return nil, nil
	}
	w := v.(*wfSite)
	vw, err := w.viewer(r)
	if err != nil {
		return nil, err
	}
	drafts, err := w.wf.Drafts(r.Context())
	if err != nil {
		return nil, err
	}
	return jixiao.HiddenDrafts(vw.User, drafts), nil
}
