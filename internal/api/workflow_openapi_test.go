package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"jixiao/internal/api"
)

var workflowSpec = sync.OnceValues(func() (routers.Router, error) {
	b, err := api.OpenAPIWithWorkflow()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	doc.Servers = openapi3.Servers{{URL: "http://api.test/api/v1"}}
	return legacy.NewRouter(doc)
})

// validateWorkflow checks one exchange of the workflow tests against the
// OpenAPI document with the workflow fragment merged in: accepted requests
// must follow it and every answer must match it.
func validateWorkflow(t *testing.T, method, path string, body any, resp *http.Response, got []byte) {
	t.Helper()
	router, err := workflowSpec()
	if err != nil {
		t.Fatalf("OpenAPI document with workflow: %v", err)
	}
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, "http://api.test"+path, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		if strings.HasPrefix(path, "/api/") {
			t.Errorf("%s %s is not in the OpenAPI document: %v", method, path, err)
		}
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if resp.StatusCode < 400 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s %s: request does not match the OpenAPI document: %v", method, path, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
		Header: resp.Header, Body: io.NopCloser(bytes.NewReader(got)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: %d answer does not match the OpenAPI document: %v\n%.600s", method, path, resp.StatusCode, err, got)
	}
}
