package api_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"jixiao"
	"jixiao/internal/gen"
	"jixiao/internal/service"
)

// TestLibraryAPI: GET /library/groups finds 满意度 by a synonym and GET
// /library/group answers its quartiles, the planted ≥60% at the low tail
// and alone far below its peers, on both engines; bad parameters are 400,
// a missing group 404.
func TestLibraryAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		set := gen.Peers(60, 300)
		for _, d := range set.Docs {
			if err := st.SaveDocument(context.Background(), d, jixiao.Actor(nil)); err != nil {
				t.Fatal(err)
			}
		}
		c := newClient(t, st)
		var groups struct {
			Items []service.PeerSummary
			Total int
		}
		a := c.get("/api/v1/library/groups?q=" + url.QueryEscape("群众满意率"))
		if a.status != http.StatusOK {
			t.Fatalf("groups: %d %s", a.status, a.body)
		}
		a.decode(t, &groups)
		if groups.Total < 1 || groups.Items[0].Name != "满意度" || groups.Items[0].Unit != "%" || !groups.Items[0].Benchmark {
			t.Errorf("groups for 群众满意率: %+v", groups)
		}
		var d service.PeerDetail
		a = c.get("/api/v1/library/group?name=" + url.QueryEscape("满意度") + "&unit=" + url.QueryEscape("%"))
		if a.status != http.StatusOK {
			t.Fatalf("group: %d %s", a.status, a.body)
		}
		a.decode(t, &d)
		planted := set.Docs[set.Below[0]].Projects[set.Below[1]-1]
		if d.Floors == nil || d.Floors.P50 != "90" || d.Floors.Low[0].ProjectID != planted.ID ||
			len(d.Floors.Far) != 1 || d.Floors.Far[0].Text != "≥60%" {
			t.Errorf("满意度: %+v", d.Floors)
		}
		c.get("/api/v1/library/groups?limit=0").wantError(t, http.StatusBadRequest, "invalid")
		c.get("/api/v1/library/group").wantError(t, http.StatusBadRequest, "invalid")
		c.get("/api/v1/library/group?name="+url.QueryEscape("没有这一组")).wantError(t, http.StatusNotFound, "not_found")
	})
}
