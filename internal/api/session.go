package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"jixiao"
	"jixiao/internal/auth"
)

// decodeBody reads a JSON body of at most 1 MiB into v.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return invalid("请求内容不是有效的 JSON：%v", err)
	}
	return nil
}

// sessionAnswer is POST /session's answer.
type sessionAnswer struct {
	Token     string       `json:"token"`
	CSRFToken string       `json:"csrf_token"`
	User      *jixiao.User `json:"user"`
}

// login answers POST /session {"username", "password"}: the token, also
// set as the session cookie.
func (a *API) login(rw http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Username) == "" || in.Password == "" {
		return invalid("请填写用户名和密码")
	}
	token, u, err := a.auth.Login(r.Context(), in.Username, in.Password, auth.ClientIP(r))
	switch {
	case errors.Is(err, jixiao.ErrNoAccount):
		return unauthorized(jixiao.ErrNoAccount.Error())
	case err != nil:
		return err
	}
	a.auth.SetCookie(rw, r, token)
	writeJSON(rw, http.StatusOK, sessionAnswer{Token: token, CSRFToken: auth.CSRFToken(token), User: u})
	return nil
}

// whoami answers GET /session: the logged-in user, or 401.
func (a *API) whoami(rw http.ResponseWriter, r *http.Request) error {
	u, err := a.user(r)
	if err != nil {
		return err
	}
	if u == nil {
		return unauthorized("未登录")
	}
	token, _ := auth.TokenFromRequest(r)
	writeJSON(rw, http.StatusOK, sessionAnswer{CSRFToken: auth.CSRFToken(token), User: u})
	return nil
}

// logout answers DELETE /session with 204, ending the session.
func (a *API) logout(rw http.ResponseWriter, r *http.Request) error {
	u, err := a.user(r)
	if err != nil {
		return err
	}
	if u != nil {
		token, _ := auth.TokenFromRequest(r)
		if err := a.auth.Logout(r.Context(), token); err != nil {
			return err
		}
	}
	a.auth.ClearCookie(rw, r)
	rw.WriteHeader(http.StatusNoContent)
	return nil
}

// changePassword answers POST /session/password {"old_password",
// "new_password"}: every session of the user ends and a new one starts.
func (a *API) changePassword(rw http.ResponseWriter, r *http.Request) error {
	u, err := a.user(r)
	if err != nil {
		return err
	}
	if u == nil {
		return unauthorized("请先登录后再修改密码")
	}
	var in struct {
		Old string `json:"old_password"`
		New string `json:"new_password"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	token, err := a.auth.ChangePassword(r.Context(), u, in.Old, in.New, auth.ClientIP(r))
	if errors.Is(err, jixiao.ErrForbidden) {
		return &Error{Status: http.StatusForbidden, Code: "forbidden", Message: "原密码不正确"}
	}
	if errors.Is(err, auth.ErrWeakPassword) {
		return invalid("%s", err.Error())
	}
	if err != nil {
		return err
	}
	a.auth.SetCookie(rw, r, token)
	writeJSON(rw, http.StatusOK, sessionAnswer{Token: token, CSRFToken: auth.CSRFToken(token), User: u})
	return nil
}
