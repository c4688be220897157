package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"jixiao"
	"jixiao/internal/gen"
	"jixiao/internal/importer"
)

// TestProjectYearsOverAPI (issue 17 item 1): a proposed link between a
// 2025 project and the sample's 2024 one waits for a reviewer: GET
// /projects/{id}/years lists it (can_decide for the department's
// reviewer); only a reviewer in scope confirms it, once; then the years
// read side by side. Answers follow the OpenAPI document (f.call).
func TestProjectYearsOverAPI(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		ctx := context.Background()
		next := gen.Generate(3, 1)
		next.Year, next.Agency = 2025, f.source.Agency
		doc, err := importer.Import(ctx, st, "next.md", gen.Render(next, gen.Markdown), importer.Options{Year: 2025})
		if err != nil {
			t.Fatal(err)
		}
		prev, cur := f.source.Projects[0], doc.Projects[0]
		saved, err := st.Links().SaveLinks(ctx, doc.ID, []jixiao.StoredLink{{ProjectLink: jixiao.ProjectLink{
			PrevDocumentID: f.source.ID, Basis: "单位相同，名称相似", Similarity: 0.7}, PrevProjectID: prev.ID, ProjectID: cur.ID}}, jixiao.Actor(nil))
		if err != nil || len(saved) != 1 {
			t.Fatalf("SaveLinks: %v %v", saved, err)
		}
		years := fmt.Sprintf("/api/v1/projects/%d/years", cur.ID)
		var h struct {
			Years   []struct{ Year int }
			Pending []struct {
				ID        int64
				CanDecide bool `json:"can_decide"`
			}
		}
		s, b := f.call("GET", years, f.tokens["dept"], nil)
		if json.Unmarshal(b, &h); s != 200 || len(h.Years) != 1 || len(h.Pending) != 1 || !h.Pending[0].CanDecide {
			t.Fatalf("years before: %d %s", s, b)
		}
		tr := fmt.Sprintf("/api/v1/links/%d/transitions", saved[0].ID)
		for _, c := range []struct {
			who, action string
			want        int
		}{
			{"anonymous", "confirm", 401}, {"filer", "confirm", 403}, {"dept-out", "confirm", 403}, {"admin", "confirm", 403},
			{"dept", "merge", 400}, {"dept", "confirm", 200}, {"finance", "reject", 409},
		} {
			if s, b := f.call("POST", tr, f.tokens[c.who], map[string]any{"action": c.action}); s != c.want {
				t.Errorf("%s %s: %d %s", c.who, c.action, s, b)
			}
		}
		s, b = f.call("GET", years, "", nil)
		h.Years, h.Pending = nil, nil
		if json.Unmarshal(b, &h); s != 200 || len(h.Years) != 2 || h.Years[0].Year != 2024 || h.Years[1].Year != 2025 || len(h.Pending) != 0 {
			t.Errorf("years after: %d %s", s, b)
		}
		if s, _ := f.call("GET", "/api/v1/projects/999999/years", "", nil); s != 404 {
			t.Errorf("years of a missing project: %d", s)
		}
	})
}
