package api_test

import (
	"fmt"
	"regexp"
	"testing"
)

// TestHiddenAnswersLikeMissing: to a signed-in user outside its scope, a
// hidden draft answers exactly as an id that does not exist (status and
// message, the id aside), for reads and for refused changes alike.
func TestHiddenAnswersLikeMissing(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		const missing = 987654
		ids := regexp.MustCompile(`\d+`)
		for _, who := range []string{"filer-out", "dept-out", "anonymous"} {
			for _, c := range []struct {
				method, path string
				body         any
			}{
				{"GET", "/api/v1/projects/%d", nil},
				{"PUT", "/api/v1/projects/%d", map[string]any{"version": 1, "project": "改名"}},
				{"POST", "/api/v1/projects/%d/transitions", map[string]any{"action": "submit"}},
				{"GET", "/api/v1/documents/%d/history", nil},
				{"POST", "/api/v1/documents/%d/transitions", map[string]any{"action": "publish"}},
			} {
				id := d.Projects[0].ID
				if c.path[len("/api/v1/"):][0] == 'd' {
					id = d.ID
				}
				hs, hb := f.call(c.method, fmt.Sprintf(c.path, id), f.tokens[who], c.body)
				ms, mb := f.call(c.method, fmt.Sprintf(c.path, missing), f.tokens[who], c.body)
				if hs != 404 || ms != hs || ids.ReplaceAllString(string(hb), "N") != ids.ReplaceAllString(string(mb), "N") {
					t.Errorf("%s %s %s: hidden %d %s, missing %d %s", who, c.method, c.path, hs, hb, ms, mb)
				}
			}
		}
	})
}
