package api

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIDocument: the served document has both operations of
// /projects/{id} and each error code once.
func TestOpenAPIDocument(t *testing.T) {
	b, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]map[string]any
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Properties map[string]struct{ Enum []string }
				}
			}
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Paths["/projects/{id}"]["get"] == nil || doc.Paths["/projects/{id}"]["put"] == nil {
		t.Errorf("/projects/{id} should have GET and PUT: %v", doc.Paths["/projects/{id}"])
	}
	codes := doc.Components.Schemas["Error"].Properties["error"].Properties["code"].Enum
	for _, c := range []string{"unauthorized", "stale_version", "csrf", "not_found"} {
		if n := strings.Count(strings.Join(codes, " ")+" ", c+" "); n != 1 {
			t.Errorf("error code %s appears %d times in %v", c, n, codes)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(codes)))) != len(codes) {
		t.Errorf("error codes repeat: %v", codes)
	}

}
