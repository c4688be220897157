package api_test

import (
	"fmt"
	"net/http"
	"os"
	"testing"

	"jixiao"
	"jixiao/internal/postgres/pgtest"
)

// TestTwoServersOneDatabase starts two servers, each with its own store
// connection pool, on one PostgreSQL database: what one imports or deletes,
// the other serves at once.
func TestTwoServersOneDatabase(t *testing.T) {
	if os.Getenv(pgtest.EnvVar) == "" {
		t.Skipf("needs PostgreSQL: set %s", pgtest.EnvVar)
	}
	dsn := pgtest.DSN(t, "jixiao_api")
	a, b := newClient(t, openPostgres(t, dsn)), newClient(t, openPostgres(t, dsn))

	d := importSample(t, a, samples[0])
	for _, path := range []string{
		fmt.Sprintf("/api/v1/documents/%d", d.ID),
		fmt.Sprintf("/api/v1/projects/%d", d.Projects[1].ID),
		fmt.Sprintf("/api/v1/findings?document=%d", d.ID),
		"/api/v1/projects?q=" + urlq("就业"),
		"/api/v1/indicators?q=" + urlq("满意") + "&limit=5",
		"/api/v1/documents",
	} {
		fromA, fromB := a.get(path), b.get(path)
		if fromA.status != http.StatusOK || string(fromA.body) != string(fromB.body) {
			t.Errorf("GET %s: server A %d, server B %d, bodies equal %v", path, fromA.status, fromB.status, string(fromA.body) == string(fromB.body))
		}
	}
	// The second server refuses the same file, naming the first's document.
	e := b.upload(samples[0], readSample(t, samples[0])).wantError(t, http.StatusConflict, "duplicate")
	if e.Error.DocumentID != d.ID {
		t.Errorf("server B says duplicate of %d, want %d", e.Error.DocumentID, d.ID)
	}
	other := importSample(t, b, samples[1])
	if got := listAll[jixiao.DocumentSummary](t, a, "/api/v1/documents?limit=1"); len(got) != 2 || got[0].ID != other.ID {
		t.Errorf("server A lists %+v after server B imported %d", got, other.ID)
	}
	if r := b.delete(fmt.Sprintf("/api/v1/documents/%d", d.ID)); r.status != http.StatusNoContent {
		t.Fatalf("delete through B: %d", r.status)
	}
	a.get(fmt.Sprintf("/api/v1/projects/%d", d.Projects[1].ID)).wantError(t, http.StatusNotFound, "not_found")
}
