package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/auth"
)

// Accounts in the pages (issue 6): logging in and out, and changing one's
// password. Sessions are the API's (one table, one cookie), so a browser
// logged in here also calls the API with its cookie and CSRF token.

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
func (s *site) viewer(r *http.Request) (viewer, error) {
	token, _ := auth.TokenFromRequest(r)
	if token == "" {
		return viewer{}, nil
	}
	u, err := s.auth.Authenticate(r.Context(), token)
	if errors.Is(err, auth.ErrSessionEnded) {
		return viewer{}, nil
	}
	return viewer{User: u, token: token}, err
}

// changer resolves the session of a form post and checks its CSRF token;
// a visitor is sent to the login page.
func (s *site) changer(rw http.ResponseWriter, r *http.Request) (viewer, bool, error) {
	v, err := s.viewer(r)
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
func forbiddenPage(msg string) error { return jixiao.Errorf(jixiao.ErrForbidden, "%s", msg) }

// viewerOf is viewer for a page about the path's {id}.
func (s *site) viewerOf(r *http.Request) (viewer, int64, error) {
	id, err := pathID(r)
	if err != nil {
		return viewer{}, 0, err
	}
	v, err := s.viewer(r)
	return v, id, err
}

// changerOf is changer for a form about the path's {id}.
func (s *site) changerOf(rw http.ResponseWriter, r *http.Request) (viewer, int64, bool, error) {
	id, err := pathID(r)
	if err != nil {
		return viewer{}, 0, false, err
	}
	v, ok, err := s.changer(rw, r)
	return v, id, ok, err
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

func (s *site) loginForm(rw http.ResponseWriter, r *http.Request) error {
	return s.render(rw, r, http.StatusOK, "auth_login", "",
		loginPage{Layout: Layout{Title: "登录", Nav: "account"}, Next: safeNext(r.URL.Query().Get("next"))})
}

// login checks the form and sets the session cookie; a failure re-renders
// the form with the reason (401, or 429 when throttled).
func (s *site) login(rw http.ResponseWriter, r *http.Request) error {
	name, pw, next := r.PostFormValue("username"), r.PostFormValue("password"), safeNext(r.PostFormValue("next"))
	token, _, err := s.auth.Login(r.Context(), name, pw, auth.ClientIP(r))
	if err != nil {
		status, msg := http.StatusUnauthorized, jixiao.ErrNoAccount.Error()
		if s, m, ok := refusal(rw, err); ok {
			status, msg = s, m
		} else if !errors.Is(err, jixiao.ErrNoAccount) {
			return err
		}
		return s.render(rw, r, status, "auth_login", "",
			loginPage{Layout: Layout{Title: "登录", Nav: "account"}, Next: next, Username: name, Error: msg})
	}
	s.auth.SetCookie(rw, r, token)
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

func (s *site) logout(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	if err := s.auth.Logout(r.Context(), v.token); err != nil {
		return err
	}
	s.auth.ClearCookie(rw, r)
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

func (s *site) account(rw http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	if v.User == nil {
		http.Redirect(rw, r, "/login?next=/account", http.StatusSeeOther)
		return nil
	}
	return s.render(rw, r, http.StatusOK, "auth_account", "",
		accountPage{Layout: Layout{Title: "账号", Nav: "account"}, Viewer: v, Done: r.URL.Query().Get("changed") == "1"})
}

func (s *site) changePassword(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	token, err := s.auth.ChangePassword(r.Context(), v.User, r.PostFormValue("old_password"), r.PostFormValue("new_password"), auth.ClientIP(r))
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
		return s.render(rw, r, status, "auth_account", "",
			accountPage{Layout: Layout{Title: "账号", Nav: "account"}, Viewer: v, Error: msg})
	}
	s.auth.SetCookie(rw, r, token)
	http.Redirect(rw, r, "/account?changed=1", http.StatusSeeOther)
	return nil
}
