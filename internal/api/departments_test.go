package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"jixiao/internal/service"
)

// TestCompareDepartmentsAPI (issue 17 item 4): GET /compare/departments
// answers, as the OpenAPI document says, the bodies of the stored tables
// and one body's tables with their figures; a bad year is a 400.
func TestCompareDepartmentsAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		want := map[string]string{ // body → place, as the two samples print their agencies
			"劳动就业服务管理中心": "广州市花都区", "人力资源和社会保障局": "广州市荔湾区"}
		ids := map[int64]document{}
		for _, s := range samples {
			d := importSample(t, c, s)
			ids[d.ID] = d
		}
		var all service.DepartmentComparison
		c.get("/api/v1/compare/departments").decode(t, &all)
		if len(all.Bodies) != len(want) || len(all.Rows) != 0 {
			t.Fatalf("bodies %+v rows %d", all.Bodies, len(all.Rows))
		}
		for body, place := range want {
			var one service.DepartmentComparison
			a := c.get("/api/v1/compare/departments?year=2024&body=" + url.QueryEscape(body))
			a.decode(t, &one)
			if a.status != http.StatusOK || len(one.Rows) != 1 || one.Rows[0].Place != place {
				t.Fatalf("%s: %d %+v", body, a.status, one.Rows)
			}
			r := one.Rows[0]
			if d, ok := ids[r.DocumentID]; !ok || r.Quality.Projects != len(d.Projects) || r.Total == 0 || len(one.Grades) != 4 {
				t.Errorf("%s: row %+v", body, r)
			}
		}
		c.get("/api/v1/compare/departments?year=20x4").wantError(t, http.StatusBadRequest, "invalid")
	})
}
