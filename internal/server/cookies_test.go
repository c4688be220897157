package server_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/server"
)

// TestSessionCookiesSecure logs in through the API and through the login
// page and checks the session cookie's flags: Secure over TLS, behind a
// proxy that says X-Forwarded-Proto: https, and with Config.SecureCookies;
// not Secure on plain HTTP without them (a browser would drop the cookie
// on http://127.0.0.1). HttpOnly and SameSite always.
func TestSessionCookiesSecure(t *testing.T) {
	cases := []struct {
		name      string
		tls, flag bool
		header    string
		secure    bool
	}{
		{"plain HTTP", false, false, "", false},
		{"TLS", true, false, "", true},
		{"--secure-cookies", false, true, "", true},
		{"X-Forwarded-Proto", false, false, "https", true},
		{"X-Forwarded-Proto http", false, false, "http", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := openStore(t)
			const pw = "足够长的测试密码一二三"
			hash, err := auth.HashPassword(pw)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Workflow().CreateUser(t.Context(),
				&jixiao.User{Username: "admin", Role: jixiao.RoleAdmin}, hash, jixiao.Actor(nil)); err != nil {
				t.Fatal(err)
			}
			srv, err := siteServer(st, server.Config{Logger: slog.New(slog.DiscardHandler), SecureCookies: c.flag})
			if err != nil {
				t.Fatal(err)
			}
			h := srv.Handler()
			ts := httptest.NewUnstartedServer(h)
			if c.tls {
				ts.StartTLS()
			} else {
				ts.Start()
			}
			t.Cleanup(ts.Close)
			client := ts.Client()
			client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

			post := func(path, ctype, body string) *http.Response {
				req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
				req.Header.Set("Content-Type", ctype)
				if c.header != "" {
					req.Header.Set("X-Forwarded-Proto", c.header)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp
			}
			for _, login := range []struct {
				via  string
				resp *http.Response
			}{
				{"API", post("/api/v1/session", "application/json", `{"username":"admin","password":"`+pw+`"}`)},
				{"page", post("/login", "application/x-www-form-urlencoded", url.Values{"username": {"admin"}, "password": {pw}}.Encode())},
			} {
				var session *http.Cookie
				for _, ck := range login.resp.Cookies() {
					if ck.Name == auth.CookieName {
						session = ck
					}
				}
				if session == nil || session.Value == "" {
					t.Fatalf("login through the %s: %d, no session cookie in %q", login.via, login.resp.StatusCode, login.resp.Header["Set-Cookie"])
				}
				if session.Secure != c.secure || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
					t.Errorf("login through the %s: cookie %q, want Secure=%v, HttpOnly, SameSite=Lax",
						login.via, login.resp.Header.Get("Set-Cookie"), c.secure)
				}
			}
		})
	}
}
