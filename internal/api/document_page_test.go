package api_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/gen"
	"jixiao/internal/service"
)

// TestDocumentPages: GET /documents/{id} with limit and cursor pages the
// document by project (issue 18): page by page, following next_cursor,
// the projects are the whole answer's, in order, each once, the findings
// are the whole answer's, each once, and every page carries the whole
// answer's heading, units and totals with the table's project count;
// without limit or cursor the answer is the whole document as before.
func TestDocumentPages(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		doc := gen.Generate(230, 3)
		doc.Stated.Total++ // a 合计 that is not the sum: a finding about no project
		doc.Findings = check.Run(doc)
		if err := st.SaveDocument(context.Background(), doc, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/documents/%d", doc.ID)
		var whole map[string]json.RawMessage
		a := c.get(path)
		a.decode(t, &whole)
		if _, ok := whole["next_cursor"]; ok || whole["project_count"] != nil {
			t.Errorf("the whole answer has paging fields")
		}
		var projects, findings []json.RawMessage
		cursor, pages := "", 0
		for {
			var page map[string]json.RawMessage
			url := path + "?limit=50"
			if cursor != "" {
				url += "&cursor=" + cursor
			}
			a := c.get(url)
			if a.status != http.StatusOK {
				t.Fatalf("%s: %d %s", url, a.status, a.body)
			}
			a.decode(t, &page)
			pages++
			for _, k := range []string{"id", "title", "units", "total", "total_text", "stated", "stated_text"} {
				if string(page[k]) != string(whole[k]) {
					t.Fatalf("page %d: %s is %s, want %s", pages, k, page[k], whole[k])
				}
			}
			if string(page["project_count"]) != "230" {
				t.Errorf("page %d: project_count %s", pages, page["project_count"])
			}
			var ps, fs []json.RawMessage
			json.Unmarshal(page["projects"], &ps)
			json.Unmarshal(page["findings"], &fs)
			projects, findings = append(projects, ps...), append(findings, fs...)
			cursor = ""
			json.Unmarshal(page["next_cursor"], &cursor)
			if cursor == "" || pages > 10 {
				break
			}
		}
		if pages != 5 {
			t.Errorf("%d pages of 50 for 230 projects, want 5", pages)
		}
		var wantP, wantF []json.RawMessage
		json.Unmarshal(whole["projects"], &wantP)
		json.Unmarshal(whole["findings"], &wantF)
		sameRaw(t, "projects", projects, wantP)
		byID := func(a, b json.RawMessage) int {
			var x, y struct{ ID int64 }
			json.Unmarshal(a, &x)
			json.Unmarshal(b, &y)
			return cmp.Compare(x.ID, y.ID)
		}
		slices.SortFunc(findings, byID)
		if !slices.ContainsFunc(wantF, func(f json.RawMessage) bool {
			var x struct {
				ProjectSeq int `json:"project_seq"`
			}
			json.Unmarshal(f, &x)
			return x.ProjectSeq == 0
		}) {
			t.Fatal("the table has no finding about no project to page")
		}
		sameRaw(t, "findings", findings, wantF)
		c.get(path+"?cursor=x").wantError(t, http.StatusBadRequest, "invalid")
		c.get(path+"?limit=0").wantError(t, http.StatusBadRequest, "invalid")
		c.get(path+"?limit=501").wantError(t, http.StatusBadRequest, "invalid")
		c.get("/api/v1/documents/999999?limit=5").wantError(t, http.StatusNotFound, "not_found")
	})
}

func sameRaw(t *testing.T, what string, got, want []json.RawMessage) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d, want %d", what, len(got), len(want))
	}
	for i := range got {
		if string(got[i]) != string(want[i]) {
			t.Fatalf("%s %d differs:\n%s\n%s", what, i, got[i], want[i])
		}
	}
}
