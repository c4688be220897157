package api

import (
	"errors"
	"net/http"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/service"
)

// Authentication: "Authorization: Bearer TOKEN", or the session cookie; a
// cookie-authenticated change must carry the session's CSRF token in the
// X-CSRF-Token header (the login answer gives it). What the caller may do
// is the services' business (jixiao.Permit): the handlers pass the caller.

// unauthorized is a 401: no session where one is needed, or a bearer
// token that was never issued or whose session has ended (on any endpoint
// that looks at the caller, reads included).
func unauthorized(msg string) *Error {
	return &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: msg}
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// user resolves the request's session: nil for an anonymous visitor or a
// stale cookie; a 401 for a bad bearer token; a 403 for a cookie-
// authenticated change without the CSRF token.
func (a *API) user(r *http.Request) (*jixiao.User, error) {
	token, fromCookie := auth.TokenFromRequest(r)
	if token == "" {
		return nil, nil
	}
	u, err := a.auth.Authenticate(r.Context(), token)
	switch {
	case errors.Is(err, auth.ErrSessionEnded) && fromCookie:
		return nil, nil
	case errors.Is(err, auth.ErrSessionEnded):
		return nil, unauthorized(err.Error())
	case err != nil:
		return nil, err
	}
	if fromCookie && !safeMethod(r.Method) && !auth.CSRFValid(r, token) {
		return nil, &Error{Status: http.StatusForbidden, Code: "forbidden", Message: "缺少或错误的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试"}
	}
	return u, nil
}

// view is what the request's caller may read.
func (a *API) view(r *http.Request) (*service.View, error) {
	u, err := a.user(r)
	if err != nil {
		return nil, err
	}
	return a.svc.Targets.View(r.Context(), u)
}

// pathUser reads the {id} of the path and the caller, for the commands.
func (a *API) pathUser(r *http.Request) (int64, *jixiao.User, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	u, err := a.user(r)
	return id, u, err
}

// pathBody is pathUser for a command with a JSON body, read into in.
func (a *API) pathBody(r *http.Request, in any) (int64, *jixiao.User, error) {
	id, u, err := a.pathUser(r)
	if err != nil {
		return 0, nil, err
	}
	return id, u, decodeBody(r, in)
}
