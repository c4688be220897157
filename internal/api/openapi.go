package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
)

// openAPI is the OpenAPI 3.0 document of every endpoint. Tests validate
// the handlers' real answers against it, so a change to an answer's shape
// must change it too.
//
//go:embed openapi.json
var openAPI []byte

// Document returns the OpenAPI document /api/v1/openapi.json serves,
// checked once to be JSON: the server must not start with a broken one
// (cmd/jixiao serve checks it before listening).
var Document = sync.OnceValues(func() ([]byte, error) {
	if !json.Valid(openAPI) {
		return nil, fmt.Errorf("openapi.json is not valid JSON")
	}
	return openAPI, nil
})

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
