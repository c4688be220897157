package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/workflow"
)

// The workflow endpoints of issue 6: sessions, drafts, editing a project,
// review transitions, publication and history. They register through
// extend, so New needs no change; a store that keeps no workflow (not a
// jixiao.WorkflowProvider) gets none of them.
//
// Authentication: "Authorization: Bearer TOKEN", or the session cookie; a
// cookie-authenticated change must carry the session's CSRF token in the
// X-CSRF-Token header (the login answer gives it). Authorization is
// jixiao.Authorize: Hide answers 404, Forbid 403 (401 when nobody is logged
// in), and a state that does not allow the action 409.

// workflowAPI is the workflow half of an API.
type workflowAPI struct {
	a    *API
	wf   jixiao.WorkflowStore
	auth *auth.Manager
}

// workflows finds an API's workflow half (see workflow) for the endpoints
// outside workflow*.go that need the caller or a document's state: the
// read endpoints' draft checks (CanReadDocument, HiddenDocuments,
// projectState), the document and evaluation changes (Permit, changer)
// and Auth.
var workflows sync.Map // *API → *workflowAPI

func init() {
	extend(func(a *API) {
		wp, ok := a.store.(jixiao.WorkflowProvider)
		if !ok {
			return
		}
		w := &workflowAPI{a: a, wf: wp.Workflow(), auth: auth.NewManager(wp.Workflow())}
		w.auth.Logger = a.log
		workflows.Store(a, w)
		a.handle("POST /session", w.login)
		a.handle("GET /session", w.whoami)
		a.handle("DELETE /session", w.logout)
		a.handle("POST /session/password", w.changePassword)
		a.handle("POST /documents/{id}/drafts", w.createDraft)
		a.handle("GET /documents/{id}/workflow", w.documentWorkflow)
		a.handle("POST /documents/{id}/transitions", w.documentTransition)
		a.handle("GET /documents/{id}/history", w.history)
		a.handle("PUT /projects/{id}", w.saveProject)
		a.handle("POST /projects/{id}/transitions", w.projectTransition)
		a.handle("POST /documents/{id}/projects", w.addProject)
		a.handle("DELETE /projects/{id}", w.removeProject)
		w.adjustmentRoutes(a)
	})
}

// Auth returns the session manager of an API over a workflow store (nil
// for a store without one), for the server and the pages to share.
func (a *API) Auth() *auth.Manager {
	if w := a.workflow(); w != nil {
		return w.auth
	}
	return nil
}

// workflow returns the API's workflow half, nil for a store without one.
func (a *API) workflow() *workflowAPI {
	if w, ok := workflows.Load(a); ok {
		return w.(*workflowAPI)
	}
	return nil
}

// workflowUser returns the API's workflow half (nil for a store without
// one) and the request's user (nil for a visitor).
func (a *API) workflowUser(r *http.Request) (*workflowAPI, *jixiao.User, error) {
	w := a.workflow()
	if w == nil {
		return nil, nil, nil
	}
	u, err := w.user(r)
	return w, u, err
}

// unauthorized is a 401: no session where one is needed, or a bearer
// token that was never issued or whose session has ended (on any endpoint
// that looks at the caller, reads included).
func unauthorized(msg string) *Error {
	return &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: msg}
}

func forbidden(msg string) *Error {
	return &Error{Status: http.StatusForbidden, Code: "forbidden", Message: msg}
}

func conflict(msg string) *Error {
	return &Error{Status: http.StatusConflict, Code: "conflict", Message: msg}
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// user resolves the request's session: nil for an anonymous visitor or a
// stale cookie; a 401 for a bad bearer token; a 403 for a cookie-
// authenticated change without the CSRF token.
func (w *workflowAPI) user(r *http.Request) (*jixiao.User, error) {
	if u := auth.UserFrom(r.Context()); u != nil {
		return u, nil // a middleware already did the work
	}
	token, fromCookie := auth.TokenFromRequest(r)
	if token == "" {
		return nil, nil
	}
	u, err := w.auth.Authenticate(r.Context(), token)
	switch {
	case errors.Is(err, auth.ErrSessionEnded) && fromCookie:
		return nil, nil
	case errors.Is(err, auth.ErrSessionEnded):
		return nil, unauthorized(err.Error())
	case err != nil:
		return nil, err
	}
	if fromCookie && !safeMethod(r.Method) && !auth.CSRFValid(r, token) {
		return nil, forbidden("缺少或错误的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试")
	}
	return u, nil
}

// deny turns a policy decision into an answer; nil for Allow.
func deny(u *jixiao.User, d jixiao.Decision, a jixiao.Action, what string) error {
	switch {
	case d == jixiao.Allow:
		return nil
	case d == jixiao.Hide:
		return notFound("没有%s", what)
	case u == nil:
		return unauthorized("请先登录后再" + a.Label())
	}
	return forbidden(fmt.Sprintf("%s（%s）无权%s%s", u.Username, u.Role.Label(), a.Label(), what))
}

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
func (w *workflowAPI) login(rw http.ResponseWriter, r *http.Request) error {
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
	token, u, err := w.auth.Login(r.Context(), in.Username, in.Password, auth.ClientIP(r))
	switch {
	case errors.Is(err, jixiao.ErrNoAccount):
		return unauthorized(jixiao.ErrNoAccount.Error())
	case err != nil:
		return err
	}
	w.auth.SetCookie(rw, r, token)
	writeJSON(rw, http.StatusOK, sessionAnswer{Token: token, CSRFToken: auth.CSRFToken(token), User: u})
	return nil
}

// whoami answers GET /session: the logged-in user, or 401.
func (w *workflowAPI) whoami(rw http.ResponseWriter, r *http.Request) error {
	u, err := w.user(r)
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
func (w *workflowAPI) logout(rw http.ResponseWriter, r *http.Request) error {
	u, err := w.user(r)
	if err != nil {
		return err
	}
	if u != nil {
		token, _ := auth.TokenFromRequest(r)
		if err := w.auth.Logout(r.Context(), token); err != nil {
			return err
		}
	}
	w.auth.ClearCookie(rw, r)
	rw.WriteHeader(http.StatusNoContent)
	return nil
}

// changePassword answers POST /session/password {"old_password",
// "new_password"}: every session of the user ends and a new one starts.
func (w *workflowAPI) changePassword(rw http.ResponseWriter, r *http.Request) error {
	u, err := w.user(r)
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
	token, err := w.auth.ChangePassword(r.Context(), u, in.Old, in.New, auth.ClientIP(r))
	if errors.Is(err, jixiao.ErrForbidden) {
		return forbidden("原密码不正确")
	}
	if errors.Is(err, auth.ErrWeakPassword) {
		return invalid("%s", err.Error())
	}
	if err != nil {
		return err
	}
	w.auth.SetCookie(rw, r, token)
	writeJSON(rw, http.StatusOK, sessionAnswer{Token: token, CSRFToken: auth.CSRFToken(token), User: u})
	return nil
}

// documentStatus reads a document's workflow state, 404 when missing.
func (w *workflowAPI) documentStatus(r *http.Request, id int64) (jixiao.DocumentStatus, error) {
	st, err := w.wf.DocumentStatus(r.Context(), id)
	if errors.Is(err, jixiao.ErrNotFound) {
		return st, notFound("没有编号为 %d 的文件", id)
	}
	return st, err
}

// documentFor resolves the user and the document {id} of the path and
// checks action a on it.
func (w *workflowAPI) documentFor(r *http.Request, a jixiao.Action) (*jixiao.User, jixiao.DocumentStatus, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, jixiao.DocumentStatus{}, err
	}
	return w.document(r, id, a)
}

// document resolves the user and checks action a on document id.
func (w *workflowAPI) document(r *http.Request, id int64, a jixiao.Action) (*jixiao.User, jixiao.DocumentStatus, error) {
	u, err := w.user(r)
	if err != nil {
		return nil, jixiao.DocumentStatus{}, err
	}
	st, err := w.documentStatus(r, id)
	if err != nil {
		return u, st, err
	}
	return u, st, deny(u, jixiao.Authorize(u, a, st.Resource()), a, fmt.Sprintf("编号为 %d 的文件", id))
}

// createDraft answers POST /documents/{id}/drafts {"year"} with 201 and the
// new draft, copied from the published document id.
func (w *workflowAPI) createDraft(rw http.ResponseWriter, r *http.Request) error {
	u, st, err := w.documentFor(r, jixiao.ActionCreateDraft)
	if err != nil {
		return err
	}
	id := st.DocumentID
	var in struct {
		Year int `json:"year"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if in.Year == 0 {
		return invalid("请填写新草稿的预算年度 year")
	}
	doc, err := w.wf.CreateDraft(r.Context(), id, in.Year, entryFor(u))
	if errors.Is(err, jixiao.ErrInvalid) {
		return invalid("%v", err)
	}
	if err != nil {
		return err
	}
	rw.Header().Set("Location", fmt.Sprintf("%s/documents/%d", Prefix, doc.ID))
	writeJSON(rw, http.StatusCreated, docView(doc))
	return nil
}

func entryFor(u *jixiao.User) jixiao.AuditEntry {
	return jixiao.AuditEntry{UserID: u.ID, Username: u.Username, Role: u.Role}
}

// history answers GET /documents/{id}/history: the audit entries, oldest
// first. A published import has none. Only users in the document's scope
// read it (usernames, user ids, comments): a visitor or a user out of
// scope gets 404, as the pages show visitors no history.
func (w *workflowAPI) history(rw http.ResponseWriter, r *http.Request) error {
	u, st, err := w.documentFor(r, jixiao.ActionRead)
	if err != nil {
		return err
	}
	if !workflow.SeesReview(u, st.Resource()) {
		return notFound("文件 %d 的修改与审核记录只对其单位、主管部门和财政的人员开放", st.DocumentID)
	}
	es, err := w.wf.History(r.Context(), st.DocumentID)
	if err != nil {
		return err
	}
	items := make([]historyEntry, len(es))
	for i, e := range es {
		if e.Changes == nil {
			e.Changes = []jixiao.Change{}
		}
		items[i] = historyEntry{e, e.Action.Label()}
	}
	writeJSON(rw, http.StatusOK, newList(items, ""))
	return nil
}

// historyEntry is an audit entry with its action's Chinese name.
type historyEntry struct {
	jixiao.AuditEntry
	ActionLabel string `json:"action_label"`
}
