package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"jixiao/internal/service"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/server"
)

// client talks to a real server (internal/server over a real store) and
// checks every request and answer against the OpenAPI document, so each
// test also proves the document tells the truth.
type client struct {
	t     *testing.T
	base  string
	token string // bearer token of an admin account; "" for an anonymous visitor
}

// newClient starts a server over st on a loopback port and, when the store
// keeps accounts, logs in as an administrator (who may import and delete).
func newClient(t *testing.T, st service.Store) *client {
	t.Helper()
	srv := httptest.NewServer(serve(st, server.Config{Logger: discardLogger()}).Handler())
	t.Cleanup(srv.Close)
	c := &client{t: t, base: srv.URL}
	if wp, ok := st.(jixiao.WorkflowProvider); ok {
		c.token = c.login(wp)
	}
	return c
}

// anonymous is the same server seen by a visitor without an account.
func (c *client) anonymous() *client { return &client{t: c.t, base: c.base} }

// login creates the administrator "api-admin" (once per database) and
// returns a session token for it.
func (c *client) login(wp jixiao.WorkflowProvider) string {
	c.t.Helper()
	admin := &jixiao.User{Username: "api-admin", Role: jixiao.RoleAdmin}
	if err := wp.Workflow().CreateUser(context.Background(), admin, testHash(), jixiao.Actor(nil)); err != nil && !errors.Is(err, jixiao.ErrDuplicate) {
		c.t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"username": admin.Username, "password": testPassword})
	a := c.do(http.MethodPost, "/api/v1/session", "application/json", body)
	var s struct{ Token string }
	a.decode(c.t, &s)
	if a.status != http.StatusOK || s.Token == "" {
		c.t.Fatalf("login: %d %s", a.status, a.body)
	}
	return s.Token
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// decode unmarshals the answer's JSON body into v.
func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("answer %d is not JSON: %v\n%s", a.status, err, a.body)
	}
}

// apiError is the error shape every failing call must answer with.
type apiError struct {
	Error struct {
		Code       string       `json:"code"`
		Message    string       `json:"message"`
		DocumentID int64        `json:"document_id"`
		Details    []api.Detail `json:"details"`
	} `json:"error"`
}

// wantError checks the status and the JSON error shape with its code and a
// Chinese message.
func (a answer) wantError(t *testing.T, status int, code string) apiError {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d: %s", a.status, status, a.body)
	}
	var e apiError
	a.decode(t, &e)
	if e.Error.Code != code || e.Error.Message == "" {
		t.Fatalf("error %+v, want code %q with a message", e.Error, code)
	}
	if !hasHan(e.Error.Message) {
		t.Errorf("error message %q is not in Chinese", e.Error.Message)
	}
	return e
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func (c *client) get(path string) answer { return c.do(http.MethodGet, path, "", nil) }

func (c *client) delete(path string) answer { return c.do(http.MethodDelete, path, "", nil) }

// upload posts data as the multipart field "file" named name.
func (c *client) upload(name string, data []byte) answer {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return c.do(http.MethodPost, "/api/v1/documents", mw.FormDataContentType(), buf.Bytes())
}

// do sends a request and validates it and its answer against the OpenAPI
// document when the path is one the document describes.
func (c *client) do(method, path, ctype string, body []byte) answer {
	c.t.Helper()
	return c.doWith(method, path, ctype, body, nil)
}

// doWith is do with extra request headers.
func (c *client) doWith(method, path, ctype string, body []byte, header http.Header) answer {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	a := answer{resp.StatusCode, resp.Header, got}
	validate(c.t, method, path, ctype, body, a)
	return a
}

var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// openAPIRouter loads and validates, once, the OpenAPI document the server
// serves (api.Document: the base endpoints with the workflow's merged in).
func openAPIRouter(t *testing.T) routers.Router {
	t.Helper()
	spec.once.Do(func() {
		b, err := api.Document()
		if err != nil {
			spec.err = err
			return
		}
		doc, err := openapi3.NewLoader().LoadFromData(b)
		if err != nil {
			spec.err = err
			return
		}
		if spec.err = doc.Validate(context.Background()); spec.err != nil {
			return
		}
		// The router matches full URLs; serve the document's paths from a
		// fixed origin and rewrite each request to it.
		doc.Servers = openapi3.Servers{{URL: "http://api.test/api/v1"}}
		spec.doc = doc
		spec.router, spec.err = legacy.NewRouter(doc)
	})
	if spec.err != nil {
		t.Fatalf("OpenAPI document: %v", spec.err)
	}
	return spec.router
}

// validate checks one exchange against the OpenAPI document; every API
// test (the base client and the workflow fixture) sends its exchanges
// here. An API path the document does not describe may only answer with an
// error (404 or 405 of an unknown route), in the JSON error shape.
func validate(t *testing.T, method, path, ctype string, body []byte, a answer) {
	t.Helper()
	router := openAPIRouter(t)
	req, _ := http.NewRequest(method, "http://api.test"+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		route, params, err = findSuffixRoute(req)
	}
	if err != nil {
		if !strings.HasPrefix(path, "/api/") {
			return
		}
		if a.status < 400 {
			t.Errorf("%s %s answered %d but is not in the OpenAPI document: %v", method, path, a.status, err)
			return
		}
		var e apiError
		if json.Unmarshal(a.body, &e) != nil || e.Error.Code == "" {
			t.Errorf("%s %s: %d answer is not the JSON error shape: %s", method, path, a.status, a.body)
		}
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if a.status < 400 {
		// Requests the server refuses are meant to break the document's
		// rules; only accepted ones must follow them.
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s %s: request does not match the OpenAPI document: %v", method, path, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: a.status, Header: a.header,
		Body: io.NopCloser(bytes.NewReader(a.body)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: %d answer does not match the OpenAPI document: %v\n%.600s", method, path, a.status, err, a.body)
	}
}

// findSuffixRoute matches the paths whose last segment is a parameter with
// a suffix ("/export/{table}.csv"), which the legacy router cannot match.
func findSuffixRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	rest, ok := strings.CutPrefix(req.URL.Path, "/api/v1")
	if !ok {
		return nil, nil, routers.ErrPathNotFound
	}
	for tmpl, item := range spec.doc.Paths.Map() {
		m := suffixParam.FindStringSubmatch(tmpl)
		if m == nil {
			continue
		}
		dir, file := rest[:strings.LastIndex(rest, "/")+1], rest[strings.LastIndex(rest, "/")+1:]
		value, ok := strings.CutSuffix(file, m[3])
		if dir != m[1] || !ok || value == "" {
			continue
		}
		op := item.GetOperation(req.Method)
		if op == nil {
			return nil, nil, routers.ErrMethodNotAllowed
		}
		return &routers.Route{Spec: spec.doc, Path: tmpl, PathItem: item, Method: req.Method, Operation: op},
			map[string]string{m[2]: value}, nil
	}
	return nil, nil, routers.ErrPathNotFound
}

// suffixParam splits "/export/{table}.csv" into "/export/", "table", ".csv".
var suffixParam = regexp.MustCompile(`^(.*/)\{(\w+)\}(\.\w+)$`)

func urlq(s string) string { return url.QueryEscape(s) }
