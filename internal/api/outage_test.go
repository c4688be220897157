package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/server"
)

// TestOutageDoesNotLockOut (PostgreSQL, through a proxy that cuts the
// connection): 30 logins during an outage answer 5xx, never 429, and the
// admin logs in the moment the database is back (before, every failed
// lookup counted as a wrong password and the admin got 429 for 15 minutes).
func TestOutageDoesNotLockOut(t *testing.T) {
	if os.Getenv(pgtest.EnvVar) == "" {
		t.Skipf("PostgreSQL skipped: set %s", pgtest.EnvVar)
	}
	proxy, dsn := pgtest.StartProxy(t, pgtest.DSN(t, "jixiao_outage"))
	st := openPostgres(t, dsn)
	admin := &jixiao.User{Username: "outage-admin", Role: jixiao.RoleAdmin}
	if err := st.Workflow().CreateUser(t.Context(), admin, testHash(), jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serve(st, server.Config{Logger: discardLogger()}).Handler())
	t.Cleanup(srv.Close)
	login := func() (int, string) {
		body, _ := json.Marshal(map[string]string{"username": admin.Username, "password": testPassword})
		resp, err := http.Post(srv.URL+"/api/v1/session", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	proxy.SetDown(true)
	for i := range 30 {
		if code, body := login(); code < 500 {
			t.Fatalf("login %d during the outage: %d %s, want 5xx", i+1, code, body)
		}
	}
	proxy.SetDown(false)
	if code, body := login(); code != http.StatusOK {
		t.Errorf("login the moment the database is back: %d %s", code, body)
	}
}
