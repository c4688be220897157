package api_test

import (
	"fmt"
	"jixiao/internal/service"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
)

// TestFormOverAPI uploads a real one-project form on both engines and
// reads its project back: the form fields and the printed labels are in
// the answer, which the OpenAPI document describes.
func TestFormOverAPI(t *testing.T) {
	name := "20-luan-agri-quality-two-columns-code-fragment.txt"
	data, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "forms", name))
	if err != nil {
		t.Fatal(err)
	}
	eachStore(t, func(t *testing.T, st service.Store) {
		c := newClient(t, st)
		up := c.upload(name, data)
		if up.status != http.StatusCreated && up.status != http.StatusOK {
			t.Fatalf("upload: %d %s", up.status, up.body)
		}
		var doc struct {
			ID       int64 `json:"id"`
			Projects []struct {
				ID int64 `json:"id"`
			} `json:"projects"`
		}
		up.decode(t, &doc)
		if len(doc.Projects) != 1 {
			t.Fatalf("upload answered %d projects", len(doc.Projects))
		}
		var p jixiao.Project
		c.get(fmt.Sprintf("/api/v1/projects/%d", doc.Projects[0].ID)).decode(t, &p)
		if p.DepartmentCode != "066" || p.PeriodTotal != 68_500_000 || !p.HasPeriodTotal || len(p.Money) != 6 {
			t.Errorf("form fields: code %q, period total %v (%v), %d money lines", p.DepartmentCode, p.PeriodTotal, p.HasPeriodTotal, len(p.Money))
		}
		if len(p.Indicators) == 0 || p.Indicators[0].Level1Printed != "产出指标" || p.Indicators[0].Period.Text != "≥57个" {
			t.Errorf("first indicator %+v", p.Indicators)
		}
	})
}
