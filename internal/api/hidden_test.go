package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"jixiao"
)

// TestDraftsLeaveNoTrace: a visitor's listings are byte for byte the same
// with a draft in the store as without it — no item, no next_cursor that
// only the draft's rows produce (a full last page followed by hidden rows
// used to carry a cursor to an empty page), and ?document= naming the
// draft answers the 404 of a missing document (it used to answer an empty
// list with the store's cursor into the draft, p.<draft>.50).
func TestDraftsLeaveNoTrace(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		v := visitor{t: t, base: f.base}
		projects, indicators := len(f.source.Projects), 0
		for _, p := range f.source.Projects {
			indicators += len(p.Indicators)
		}
		word := string([]rune(f.source.Projects[0].Name)[:2])
		matches := 0
		for _, p := range f.source.Projects {
			if strings.Contains(p.Name, word) {
				matches++
			}
		}
		d := f.draft() // a copy of the source: the same names, listed after it
		paths := []string{
			fmt.Sprintf("/api/v1/projects?limit=%d", projects),
			fmt.Sprintf("/api/v1/projects?limit=%d&q=%s", matches, url.QueryEscape(word)),
			"/api/v1/projects?limit=1&q=" + url.QueryEscape(word),
			fmt.Sprintf("/api/v1/indicators?limit=%d", indicators),
			fmt.Sprintf("/api/v1/indicators?limit=%d", indicators-1),
			fmt.Sprintf("/api/v1/projects?document=%d", d.ID),
			fmt.Sprintf("/api/v1/indicators?document=%d", d.ID),
			fmt.Sprintf("/api/v1/findings?document=%d", d.ID),
		}
		with := readAll(v, paths)
		if err := st.DeleteDocument(context.Background(), d.ID, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		without := readAll(v, paths)
		for i, p := range paths {
			if with[i] != without[i] {
				t.Errorf("GET %s with a draft present:\n%s\nwithout:\n%s", p, tail(with[i]), tail(without[i]))
			}
		}
		if matches == 0 {
			t.Fatalf("no project name contains %q", word)
		}
	})
}

// readAll reads each path anonymously (checked against the OpenAPI
// document), following next_cursor to the end, and returns each path's
// answers (status and body of every page) as one string.
func readAll(v visitor, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		for page, next := 0, p; next != "" && page < 100; page++ {
			status, body, _ := v.get(next, "")
			out[i] += fmt.Sprintf("%d %s\n", status, body)
			var l struct {
				NextCursor string `json:"next_cursor"`
			}
			next = ""
			if json.Unmarshal([]byte(body), &l) == nil && l.NextCursor != "" {
				next = p + "&cursor=" + url.QueryEscape(l.NextCursor)
			}
		}
	}
	return out
}

// tail is the end of an answer, where a next_cursor shows.
func tail(s string) string {
	if len(s) > 300 {
		return "…" + s[len(s)-300:]
	}
	return s
}

// TestFilerSeesOwnUnitDraftsOnly (bug b): a filer read another unit's
// draft project through GET /api/v1/projects/{id} and the draft's other
// projects through GET /api/v1/documents/{id}, while the workbench hid
// them; now every read goes through the same view.
func TestFilerSeesOwnUnitDraftsOnly(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		unit := f.users["filer"].Unit
		var own, other int64
		for _, p := range d.Projects {
			if p.Unit == unit && own == 0 {
				own = p.ID
			}
			if p.Unit != unit && other == 0 {
				other = p.ID
			}
		}
		if s, b := f.call("GET", fmt.Sprintf("/api/v1/projects/%d", other), f.tokens["filer"], nil); s != 404 {
			t.Errorf("another unit's draft project: %d %.200s", s, b)
		}
		if s, b := f.call("GET", fmt.Sprintf("/api/v1/projects/%d", own), f.tokens["filer"], nil); s != 200 {
			t.Errorf("own draft project: %d %.200s", s, b)
		}
		s, b := f.call("GET", fmt.Sprintf("/api/v1/documents/%d", d.ID), f.tokens["filer"], nil)
		var doc jixiao.Document
		json.Unmarshal(b, &doc)
		for _, p := range doc.Projects {
			if s != 200 || p.Unit != unit {
				t.Errorf("the draft shows %s's project %q (%d)", p.Unit, p.Name, s)
			}
		}
		if s, b := f.call("GET", fmt.Sprintf("/api/v1/export/projects.csv?document=%d", d.ID), f.tokens["filer"], nil); s != 200 || strings.Contains(string(b), d.Projects[len(d.Projects)-1].Name) && d.Projects[len(d.Projects)-1].Unit != unit {
			t.Errorf("the export shows another unit's project: %d", s)
		}
	})
}
