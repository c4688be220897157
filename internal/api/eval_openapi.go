package api

import _ "embed"

// evalOpenAPI describes the evaluation endpoints (eval.go) as a fragment of
// the OpenAPI document, merged into it like workflow_openapi.json.
//
//go:embed eval_openapi.json
var evalOpenAPI []byte
