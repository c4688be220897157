package api

import (
	_ "embed"
	"net/http"
	"strconv"
	"sync"
)

// baseOpenAPI is the OpenAPI 3.0 document of the read, upload and delete
// endpoints; workflow_openapi.json and eval_openapi.json add the workflow
// and evaluation endpoints (see OpenAPIWithWorkflow). Tests validate the
// handlers' real answers against the merged document, so a change to an
// answer's shape must change it too.
//
//go:embed openapi.json
var baseOpenAPI []byte

// Document returns the OpenAPI document /api/v1/openapi.json serves: the
// base document with the workflow and evaluation endpoints merged in,
// built once. Both stores keep the workflow and the evaluations, so the
// document always describes them. The error means the embedded files do
// not merge: the server must not start with it (cmd/jixiao serve checks it
// before listening).
var Document = sync.OnceValues(OpenAPIWithWorkflow)

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	doc, err := Document()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
	w.Write(doc)
	return nil
}
