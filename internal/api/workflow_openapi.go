package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
)

// workflowOpenAPI describes the workflow endpoints (paths, schemas, and the
// error codes they add) as a fragment of the OpenAPI document, kept next to
// their handlers.
//
//go:embed workflow_openapi.json
var workflowOpenAPI []byte

// OpenAPIWithWorkflow is the OpenAPI document with the workflow endpoints
// merged in: their paths (an operation added to an existing path, such as
// PUT /projects/{id}, joins its GET), their schemas, and their error codes
// in the Error schema's enum. It is what /api/v1/openapi.json should serve
// for a store with workflow.
func OpenAPIWithWorkflow() ([]byte, error) {
	var base, frag map[string]any
	if err := json.Unmarshal(OpenAPI, &base); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	if err := json.Unmarshal(workflowOpenAPI, &frag); err != nil {
		return nil, fmt.Errorf("workflow_openapi.json: %w", err)
	}
	paths := objectAt(base, "paths")
	for p, ops := range objectAt(frag, "paths") {
		if cur, ok := paths[p].(map[string]any); ok {
			maps.Copy(cur, ops.(map[string]any))
			continue
		}
		paths[p] = ops
	}
	schemas := objectAt(objectAt(base, "components"), "schemas")
	maps.Copy(schemas, objectAt(objectAt(frag, "components"), "schemas"))
	if codes, ok := frag["x-error-codes"].([]any); ok {
		errProps := objectAt(objectAt(objectAt(schemas, "Error"), "properties"), "error")
		code := objectAt(objectAt(errProps, "properties"), "code")
		if enum, ok := code["enum"].([]any); ok {
			code["enum"] = append(enum, codes...)
		}
	}
	return json.MarshalIndent(base, "", " ")
}

// objectAt returns m[key] as an object, creating it when absent.
func objectAt(m map[string]any, key string) map[string]any {
	if o, ok := m[key].(map[string]any); ok {
		return o
	}
	o := map[string]any{}
	m[key] = o
	return o
}
