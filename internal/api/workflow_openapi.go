package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

// workflowOpenAPI describes the workflow endpoints (paths, schemas, and the
// error codes they add) as a fragment of the OpenAPI document, kept next to
// their handlers.
//
//go:embed workflow_openapi.json
var workflowOpenAPI []byte

// OpenAPIWithWorkflow is the OpenAPI document with the fragments merged in
// (the workflow endpoints, then the evaluation endpoints of
// eval_openapi.json): their paths (an operation added to an existing path,
// such as PUT /projects/{id}, joins its GET), their schemas, and their
// error codes in the Error schema's enum (each once). Document serves it,
// built once. A path operation or schema that two files define is an error
// rather than a silent overwrite.
func OpenAPIWithWorkflow() ([]byte, error) {
	var base map[string]any
	if err := json.Unmarshal(baseOpenAPI, &base); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"workflow_openapi.json", workflowOpenAPI}, {"eval_openapi.json", evalOpenAPI}} {
		if err := mergeFragment(base, f.name, f.data); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(base, "", " ")
}

// mergeFragment merges the fragment file name into base.
func mergeFragment(base map[string]any, name string, data []byte) error {
	var frag map[string]any
	if err := json.Unmarshal(data, &frag); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	paths := objectAt(base, "paths")
	for p, ops := range objectAt(frag, "paths") {
		cur, ok := paths[p].(map[string]any)
		if !ok {
			paths[p] = ops
			continue
		}
		if err := copyNew(cur, ops.(map[string]any), name+": paths."+p); err != nil {
			return err
		}
	}
	schemas := objectAt(objectAt(base, "components"), "schemas")
	if err := copyNew(schemas, objectAt(objectAt(frag, "components"), "schemas"), name+": components.schemas"); err != nil {
		return err
	}
	if codes, ok := frag["x-error-codes"].([]any); ok {
		errProps := objectAt(objectAt(objectAt(schemas, "Error"), "properties"), "error")
		code := objectAt(objectAt(errProps, "properties"), "code")
		enum, ok := code["enum"].([]any)
		if !ok {
			return fmt.Errorf("openapi.json: the Error schema has no code enum to add %v to", codes)
		}
		for _, c := range codes {
			if !slices.Contains(enum, c) {
				enum = append(enum, c)
			}
		}
		code["enum"] = enum
	}
	return nil
}

// copyNew copies src's keys into dst, refusing a key dst already has
// (except the path-level "parameters" both files may repeat).
func copyNew(dst, src map[string]any, where string) error {
	for k, v := range src {
		if _, dup := dst[k]; dup && k != "parameters" {
			return fmt.Errorf("%s.%s is already defined", where, k)
		}
		dst[k] = v
	}
	return nil
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
