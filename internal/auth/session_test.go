package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/sqlite"
)

// fixture opens a real SQLite store with one account and a manager on a
// fake clock.
func fixture(t *testing.T) (*auth.Manager, *jixiao.User, *time.Time) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "auth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	wf := st.Workflow()
	hash, err := auth.HashPassword("正确的密码很长很长")
	if err != nil {
		t.Fatal(err)
	}
	u := &jixiao.User{Username: "张三", Role: jixiao.RoleFiler, Unit: "就业中心"}
	if err := wf.CreateUser(context.Background(), u, hash, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	m := auth.NewManager(wf)
	m.Now = func() time.Time { return now }
	m.Throttle.Now = m.Now
	return m, u, &now
}

func TestLoginAuthenticateLogout(t *testing.T) {
	m, u, _ := fixture(t)
	ctx := context.Background()
	tok, got, err := m.Login(ctx, " 张三 ", "正确的密码很长很长", "10.0.0.1")
	if err != nil || got.ID != u.ID || len(tok) < 40 {
		t.Fatalf("login: %q %+v %v", tok, got, err)
	}
	if _, err := m.Store.Session(ctx, tok); !errors.Is(err, jixiao.ErrNotFound) {
		t.Error("the raw token is stored (should be its hash only)")
	}
	if who, err := m.Authenticate(ctx, tok); err != nil || who.Username != "张三" {
		t.Fatalf("authenticate: %+v %v", who, err)
	}
	if err := m.Logout(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Authenticate(ctx, tok); !errors.Is(err, auth.ErrSessionEnded) {
		t.Errorf("after logout: %v", err)
	}
	for _, c := range [][2]string{{"张三", "错误的密码很长很长"}, {"无此人", "正确的密码很长很长"}} {
		if _, _, err := m.Login(ctx, c[0], c[1], "10.0.0.1"); !errors.Is(err, jixiao.ErrNoAccount) {
			t.Errorf("%v: %v", c, err)
		}
	}
}

func TestSessionTimeouts(t *testing.T) {
	m, _, now := fixture(t)
	ctx := context.Background()
	tok, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	// Used every 20 minutes, the session lives until the absolute limit.
	for i := 0; i < 35; i++ {
		*now = now.Add(20 * time.Minute)
		if _, err := m.Authenticate(ctx, tok); err != nil {
			t.Fatalf("after %d×20 min: %v", i+1, err)
		}
	}
	*now = now.Add(20 * time.Minute) // 12 h after login
	if _, err := m.Authenticate(ctx, tok); !errors.Is(err, auth.ErrSessionEnded) {
		t.Errorf("past the absolute timeout: %v", err)
	}
	tok, _, _ = m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.1")
	*now = now.Add(31 * time.Minute)
	if _, err := m.Authenticate(ctx, tok); !errors.Is(err, auth.ErrSessionEnded) {
		t.Errorf("past the idle timeout: %v", err)
	}
}

func TestLoginThrottled(t *testing.T) {
	m, _, now := fixture(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		m.Login(ctx, "张三", "猜一猜猜一猜猜", "10.0.0.9")
	}
	_, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.9")
	var te *auth.ThrottledError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "分钟后再试") {
		t.Fatalf("6th attempt with the right password: %v", err)
	}
	if _, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.10"); err != nil {
		t.Errorf("another address is locked out too: %v", err)
	}
	*now = now.Add(16 * time.Minute)
	if _, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.9"); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	m, u, _ := fixture(t)
	ctx := context.Background()
	old, _, _ := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.1")
	if _, err := m.ChangePassword(ctx, u, "不对的旧密码啊啊", "新的密码也很长很长很长很长", "10.0.0.1"); !errors.Is(err, jixiao.ErrForbidden) {
		t.Errorf("wrong old password: %v", err)
	}
	if _, err := m.ChangePassword(ctx, u, "正确的密码很长很长", "短", "10.0.0.1"); !errors.Is(err, jixiao.ErrInvalid) {
		t.Errorf("short new password: %v", err)
	}
	tok, err := m.ChangePassword(ctx, u, "正确的密码很长很长", "新的密码也很长很长很长很长", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Authenticate(ctx, old); !errors.Is(err, auth.ErrSessionEnded) {
		t.Errorf("old session survives a password change: %v", err)
	}
	if _, err := m.Authenticate(ctx, tok); err != nil {
		t.Errorf("new session: %v", err)
	}
	if _, _, err := m.Login(ctx, "张三", "新的密码也很长很长很长很长", "10.0.0.1"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
}

func TestMiddleware(t *testing.T) {
	m, _, _ := fixture(t)
	tok, _, _ := m.Login(context.Background(), "张三", "正确的密码很长很长", "10.0.0.1")
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := auth.UserFrom(r.Context()); u != nil {
			w.Write([]byte(u.Username))
			return
		}
		w.Write([]byte("anonymous"))
	}))
	do := func(method, bearer, cookie, csrf string, extra map[string]string) (int, string) {
		r := httptest.NewRequest(method, "http://jixiao.test/api/v1/x", nil)
		if bearer != "" {
			r.Header.Set("Authorization", "Bearer "+bearer)
		}
		if cookie != "" {
			r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: cookie})
		}
		if csrf != "" {
			r.Header.Set(auth.CSRFHeader, csrf)
		}
		for k, v := range extra {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	cases := []struct {
		name           string
		method, bearer string
		cookie, csrf   string
		extra          map[string]string
		code           int
		body           string
	}{
		{"anonymous read", "GET", "", "", "", nil, 200, "anonymous"},
		{"bearer read", "GET", tok, "", "", nil, 200, "张三"},
		{"bearer change without CSRF", "POST", tok, "", "", nil, 200, "张三"},
		{"bad bearer", "GET", "nope", "", "", nil, 401, "会话已失效"},
		{"cookie read", "GET", "", tok, "", nil, 200, "张三"},
		{"cookie change without CSRF", "POST", "", tok, "", nil, 403, "CSRF"},
		{"cookie change with CSRF", "POST", "", tok, auth.CSRFToken(tok), nil, 200, "张三"},
		{"cross-site cookie change", "POST", "", tok, auth.CSRFToken(tok), map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, ""},
		{"stale cookie", "GET", "", "stale", "", nil, 200, "anonymous"},
	}
	for _, c := range cases {
		code, body := do(c.method, c.bearer, c.cookie, c.csrf, c.extra)
		if code != c.code || !strings.Contains(body, c.body) {
			t.Errorf("%s: %d %q, want %d %q", c.name, code, body, c.code, c.body)
		}
	}
}

// TestLoginThrottleConcurrent sends 40 wrong passwords at once from one
// address: the throttle must let no more than MaxFailures reach the
// password hash (each takes ~30 ms, so a check before the hash and a count
// after it let most of them through).
func TestLoginThrottleConcurrent(t *testing.T) {
	m, _, _ := fixture(t)
	m.Throttle.Now = time.Now
	var wg sync.WaitGroup
	var mu sync.Mutex
	guessed, throttled := 0, 0
	for i := range 40 {
		wg.Go(func() {
			_, _, err := m.Login(context.Background(), "张三", fmt.Sprintf("猜一猜猜一猜猜%d", i), "10.0.0.9")
			var te *auth.ThrottledError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.As(err, &te), errors.Is(err, jixiao.ErrBusy): // refused before any hash
				throttled++
			case errors.Is(err, jixiao.ErrNoAccount):
				guessed++
			default:
				t.Errorf("login: %v", err)
			}
		})
	}
	wg.Wait()
	if guessed > m.Throttle.MaxFailures || guessed+throttled != 40 {
		t.Errorf("%d guesses checked, %d throttled; the limit is %d", guessed, throttled, m.Throttle.MaxFailures)
	}
}
