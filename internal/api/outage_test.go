package api_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"jixiao"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/server"
)

// pgProxy forwards TCP to PostgreSQL and can cut every connection and refuse
// new ones, as a database outage does.
type pgProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *pgProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	go p.serve()
	return p
}

func (p *pgProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close() }()
		go func() { io.Copy(c, up); c.Close() }()
	}
}

// setDown cuts every open connection when down, and refuses new ones
// until set up again.
func (p *pgProxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

// TestOutageDoesNotLockOut (PostgreSQL, through a proxy that cuts the
// connection): 30 logins during an outage answer 5xx, never 429, and the
// admin logs in the moment the database is back (before, every failed
// lookup counted as a wrong password and the admin got 429 for 15 minutes).
func TestOutageDoesNotLockOut(t *testing.T) {
	if os.Getenv(pgtest.EnvVar) == "" {
		t.Skipf("PostgreSQL skipped: set %s", pgtest.EnvVar)
	}
	dsn := pgtest.DSN(t, "jixiao_outage")
	u, _ := url.Parse(dsn)
	proxy := startProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	st := openPostgres(t, u.String())
	admin := &jixiao.User{Username: "outage-admin", Role: jixiao.RoleAdmin}
	if err := st.(jixiao.WorkflowProvider).Workflow().CreateUser(t.Context(), admin, testHash()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(server.Config{Store: st, Logger: discardLogger()}).Handler())
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
	proxy.setDown(true)
	for i := range 30 {
		if code, body := login(); code < 500 {
			t.Fatalf("login %d during the outage: %d %s, want 5xx", i+1, code, body)
		}
	}
	proxy.setDown(false)
	if code, body := login(); code != http.StatusOK {
		t.Errorf("login the moment the database is back: %d %s", code, body)
	}
}
