package server_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/server"
)

// sharedServer serves a store with one account through the API and the
// pages, as jixiao serve does.
func sharedServer(t *testing.T, pw string) *httptest.Server {
	t.Helper()
	st := openStore(t)
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Workflow().CreateUser(t.Context(),
		&jixiao.User{Username: "admin", Role: jixiao.RoleAdmin}, hash, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	srv, err := siteServer(st, server.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func postForm(t *testing.T, ts *httptest.Server, path, ctype, body string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestLoginThrottleShared: wrong passwords on the login page count against
// POST /api/v1/session too (and the other way round), because the server
// hands the API's session manager to the pages.
func TestLoginThrottleShared(t *testing.T) {
	const pw = "足够长的测试密码一二三"
	for _, c := range []struct{ fail, then string }{{"page", "API"}, {"API", "page"}} {
		t.Run(c.fail+" then "+c.then, func(t *testing.T) {
			ts := sharedServer(t, pw)
			login := func(via, password string) int {
				if via == "API" {
					return postForm(t, ts, "/api/v1/session", "application/json", `{"username":"admin","password":"`+password+`"}`).StatusCode
				}
				return postForm(t, ts, "/login", "application/x-www-form-urlencoded",
					url.Values{"username": {"admin"}, "password": {password}}.Encode()).StatusCode
			}
			for i := range 5 {
				if st := login(c.fail, "错误的密码错误的密码"); st != http.StatusUnauthorized {
					t.Fatalf("wrong password %d through the %s: %d", i+1, c.fail, st)
				}
			}
			if st := login(c.then, pw); st != http.StatusTooManyRequests {
				t.Errorf("right password through the %s after 5 failures through the %s: %d, want 429", c.then, c.fail, st)
			}
		})
	}
}

// TestNoStoreWhenSignedIn: every answer to a signed-in request (pages and
// API, cookie or bearer), the login page and the session endpoints say
// Cache-Control: no-store; an anonymous page does not need to, and static
// assets keep their long caching.
func TestNoStoreWhenSignedIn(t *testing.T) {
	const pw = "足够长的测试密码一二三"
	ts := sharedServer(t, pw)
	res := postForm(t, ts, "/api/v1/session", "application/json", `{"username":"admin","password":"`+pw+`"}`)
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("POST /api/v1/session: Cache-Control %q", cc)
	}
	var token string
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName {
			token = c.Value
		}
	}
	if token == "" {
		t.Fatal("no session")
	}
	res = postForm(t, ts, "/login", "application/x-www-form-urlencoded", url.Values{"username": {"admin"}, "password": {pw}}.Encode())
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("POST /login: Cache-Control %q", cc)
	}
	cookie, bearer := "Cookie", "Authorization"
	cases := []struct {
		path, header, value string
		want                bool
	}{
		{"/login", "", "", true},
		{"/", "", "", false},
		{"/api/v1/documents", "", "", false},
		{"/", cookie, auth.CookieName + "=" + token, true},
		{"/workflow", cookie, auth.CookieName + "=" + token, true},
		{"/import", cookie, auth.CookieName + "=" + token, true},
		{"/account", cookie, auth.CookieName + "=" + token, true},
		{"/api/v1/session", cookie, auth.CookieName + "=" + token, true},
		{"/api/v1/documents", bearer, "Bearer " + token, true},
		{"/api/v1/documents", cookie, auth.CookieName + "=" + token, true},
	}
	for _, c := range cases {
		var res *http.Response
		if c.header == "" {
			res, _ = get(t, ts.URL+c.path)
		} else {
			res, _ = get(t, ts.URL+c.path, c.header, c.value)
		}
		if got := res.Header.Get("Cache-Control") == "no-store"; got != c.want {
			t.Errorf("GET %s (%s): status %d, Cache-Control %q, want no-store: %v", c.path, c.header, res.StatusCode, res.Header.Get("Cache-Control"), c.want)
		}
	}
	_, page := get(t, ts.URL+"/import", cookie, auth.CookieName+"="+token)
	css := regexp.MustCompile(`href="(/static/app\.css[^"]*)"`).FindStringSubmatch(page)
	if css == nil {
		t.Fatal("no stylesheet on the page")
	}
	if res, _ := get(t, ts.URL+css[1], cookie, auth.CookieName+"="+token); !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("static asset with a session: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
}
