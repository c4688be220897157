package api_test

import (
	"encoding/json"
	"fmt"
	"jixiao/internal/service"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/api"
)

// TestSaveValidatesAtTheModel: PUT /projects/{id} accepted negative and
// extreme amounts, 7,923 indicators and a 1 MiB goal, and NUL bytes; each
// is now a 400 naming the field, and nothing is saved, on both engines.
func TestSaveValidatesAtTheModel(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		id := d.Projects[0].ID
		path := fmt.Sprintf("/api/v1/projects/%d", id)
		many := make([]map[string]any, 7923)
		for i := range many {
			many[i] = map[string]any{"name": fmt.Sprintf("指标%d", i)}
		}
		cases := []struct {
			field string
			edit  func(in map[string]any)
		}{
			{"amounts.total", func(in map[string]any) { in["amounts"].(map[string]any)["total"] = -1 }},
			{"amounts.fiscal", func(in map[string]any) { in["amounts"].(map[string]any)["fiscal"] = math.MinInt64 }},
			{"amounts.other", func(in map[string]any) { in["amounts"].(map[string]any)["other"] = int64(jixiao.MaxAmount) + 1 }},
			{"indicators", func(in map[string]any) { in["indicators"] = many }},
			{"goal", func(in map[string]any) { in["goal"] = strings.Repeat("长", 300_000) /* 900 KB: under the body limit */ }},
			{"goal", func(in map[string]any) { in["goal"] = "目标\x00" }},
			{"indicators[0].name", func(in map[string]any) {
				in["indicators"].([]any)[0].(map[string]any)["name"] = "名\x07称"
			}},
		}
		for _, c := range cases {
			in := f.projectJSON(id, 1)
			c.edit(in)
			status, body := f.call("PUT", path, f.tokens["filer"], in)
			var e struct {
				Error struct{ Code, Field, Message string }
			}
			json.Unmarshal(body, &e)
			if status != http.StatusBadRequest || e.Error.Field != c.field || !strings.Contains(e.Error.Message, c.field) {
				t.Errorf("%s: %d %.300s, want 400 naming the field", c.field, status, body)
			}
		}
		if st, err := f.wf.ProjectStatus(t.Context(), id); err != nil || st.Version != 1 {
			t.Errorf("after the refusals: version %d %v, want 1 (nothing saved)", st.Version, err)
		}
	})
}

// TestNULInFilterParameters: a NUL in a filter parameter was a 500 with an
// ERROR log on PostgreSQL, reachable anonymously; now 400 naming it, on
// every endpoint and page, before any query.
func TestNULInFilterParameters(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st).anonymous()
		for _, p := range []string{"/api/v1/projects?unit=", "/api/v1/indicators?level1=", "/api/v1/findings?rule=",
			"/api/v1/projects?q=就业&unit=", "/search?unit="} {
			name := p[strings.LastIndex(p, "?")+1 : len(p)-1]
			if i := strings.LastIndex(name, "&"); i >= 0 {
				name = name[i+1:]
			}
			a := c.get(p + url.QueryEscape("a\x00b"))
			if a.status != http.StatusBadRequest || !strings.Contains(string(a.body), name) {
				t.Errorf("%s: %d %.200s, want 400 naming %s", p, a.status, a.body, name)
			}
		}
	})
}

// TestOpenAPIStatesTheLimits: the limits the document states are the
// model's (jixiao.MaxAmount, MaxIndicators, MaxTextRunes, MaxGoalRunes).
func TestOpenAPIStatesTheLimits(t *testing.T) {
	raw, err := api.Document()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					MaxLength int   `json:"maxLength"`
					MaxItems  int   `json:"maxItems"`
					Maximum   int64 `json:"maximum"`
					Items     struct {
						Properties map[string]struct {
							MaxLength int `json:"maxLength"`
						} `json:"properties"`
					} `json:"items"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Components.Schemas
	if got := s["AmountsInput"].Properties["total"].Maximum; got != int64(jixiao.MaxAmount) {
		t.Errorf("AmountsInput maximum %d, want %d", got, jixiao.MaxAmount)
	}
	for _, name := range []string{"ProjectInput", "NewProject"} {
		p := s[name].Properties
		if p["goal"].MaxLength != jixiao.MaxGoalRunes || p["project"].MaxLength != jixiao.MaxTextRunes ||
			p["indicators"].MaxItems != jixiao.MaxIndicators || p["indicators"].Items.Properties["name"].MaxLength != jixiao.MaxTextRunes {
			t.Errorf("%s states other limits than the model: %+v", name, p)
		}
	}
}
