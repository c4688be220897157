package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/limit"
)

// flakyAccounts is a real store whose UserByName fails while down is set,
// as when the database is unreachable.
type flakyAccounts struct {
	auth.Accounts
	down atomic.Bool
}

var errDown = errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")

func (f *flakyAccounts) UserByName(ctx context.Context, name string) (*jixiao.User, string, error) {
	if f.down.Load() {
		return nil, "", errDown
	}
	return f.Accounts.UserByName(ctx, name)
}

// TestOutageIsNoGuess: logins that fail because the store is down are not
// wrong passwords. After 30 of them the owner logs in the moment the store
// is back (before, each counted and the account's address was locked out
// for 15 minutes).
func TestOutageIsNoGuess(t *testing.T) {
	m, _, _ := fixture(t)
	f := &flakyAccounts{Accounts: m.Store}
	m.Store = f
	ctx := context.Background()
	f.down.Store(true)
	for i := range 30 {
		_, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.1")
		if !errors.Is(err, errDown) {
			t.Fatalf("login %d during the outage: %v, want the store's error", i+1, err)
		}
	}
	f.down.Store(false)
	if _, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.1"); err != nil {
		t.Errorf("login after the outage: %v", err)
	}
}

// TestHashingIsBounded: with the pool's workers and queue taken, a login is
// refused at once with a *jixiao.BusyError (no hash, no wait), and counts
// for nothing; many logins at once never run more hashes than workers.
func TestHashingIsBounded(t *testing.T) {
	m, _, _ := fixture(t)
	m.Throttle.Now = time.Now
	m.Hashes = limit.New("登录验证", 2, 1, time.Second)
	ctx := context.Background()
	release := make(chan struct{})
	var held sync.WaitGroup
	for range 3 { // two running, one waiting
		held.Go(func() { m.Hashes.Do(ctx, func() error { <-release; return nil }) })
	}
	for m.Hashes.Peak() < 2 {
		time.Sleep(time.Millisecond)
	}
	waitQueued(t, m)
	_, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.1")
	var busy *jixiao.BusyError
	if !errors.As(err, &busy) || busy.RetrySeconds() != 1 {
		t.Fatalf("login with the pool full: %v, want a BusyError with Retry-After 1", err)
	}
	close(release)
	held.Wait()
	if w := m.Throttle.Wait("张三", "10.0.0.1"); w != 0 {
		t.Errorf("a refused login counts: wait %v", w)
	}

	var wg sync.WaitGroup
	var refused, checked atomic.Int32
	for i := range 40 {
		wg.Go(func() {
			_, _, err := m.Login(ctx, fmt.Sprintf("无此人%d", i), "猜一猜猜一猜猜", fmt.Sprintf("10.1.%d.1", i))
			var refusal *jixiao.BusyError // one per goroutine: errors.As writes it
			switch {
			case errors.As(err, &refusal):
				refused.Add(1)
			case errors.Is(err, jixiao.ErrNoAccount):
				checked.Add(1)
			default:
				t.Errorf("login: %v", err)
			}
		})
	}
	wg.Wait()
	if p := m.Hashes.Peak(); p > 2 {
		t.Errorf("%d hashes ran at once; the pool has 2 workers", p)
	}
	if refused.Load()+checked.Load() != 40 {
		t.Errorf("%d refused + %d checked ≠ 40", refused.Load(), checked.Load())
	}
}

// waitQueued waits until the third holder is queued: a fourth job is
// refused (the probe itself takes no worker when refused).
func waitQueued(t *testing.T, m *auth.Manager) {
	t.Helper()
	for {
		err := m.Hashes.Do(context.Background(), func() error { return nil })
		if errors.Is(err, jixiao.ErrBusy) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// TestLoginFloodFromOneAddress: one address trying a new username with
// every request is delayed after AddrFreeFailures, before any hash; the
// same username from another address is not.
func TestLoginFloodFromOneAddress(t *testing.T) {
	m, _, _ := fixture(t)
	ctx := context.Background()
	for i := range m.Throttle.AddrFreeFailures {
		if _, _, err := m.Login(ctx, fmt.Sprintf("新用户%d", i), "猜一猜猜一猜猜", "10.0.0.66"); !errors.Is(err, jixiao.ErrNoAccount) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	_, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.66")
	var te *auth.ThrottledError
	if !errors.As(err, &te) {
		t.Fatalf("after %d failures with new usernames from one address: %v, want throttled", m.Throttle.AddrFreeFailures, err)
	}
	if _, _, err := m.Login(ctx, "张三", "正确的密码很长很长", "10.0.0.67"); err != nil {
		t.Errorf("another address: %v", err)
	}
}

// TestChangePasswordThrottled: a stolen session cannot guess the old
// password without limit; the sixth guess from one address is refused even
// with the right password.
func TestChangePasswordThrottled(t *testing.T) {
	m, u, _ := fixture(t)
	ctx := context.Background()
	for i := range m.Throttle.MaxFailures {
		if _, err := m.ChangePassword(ctx, u, fmt.Sprintf("猜旧密码猜旧密码%d", i), "新的密码也很长很长很长很长", "10.0.0.5"); !errors.Is(err, jixiao.ErrForbidden) {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	_, err := m.ChangePassword(ctx, u, "正确的密码很长很长", "新的密码也很长很长很长很长", "10.0.0.5")
	var te *auth.ThrottledError
	if !errors.As(err, &te) {
		t.Errorf("after %d wrong old passwords: %v, want throttled", m.Throttle.MaxFailures, err)
	}
}

// downSessions fails every session lookup, as when the database is down.
type downSessions struct{ auth.Accounts }

func (downSessions) Session(context.Context, string) (jixiao.Session, error) {
	return jixiao.Session{}, errDown
}

// TestOutageKeepsSessions: a request whose session cannot be looked up
// because the store is down answers 503 and keeps its cookie; before, the
// cookie was cleared (everyone was logged out by a blip) and a bearer token
// heard 401 "session ended".
func TestOutageKeepsSessions(t *testing.T) {
	m, _, _ := fixture(t)
	tok, _, err := m.Login(context.Background(), "张三", "正确的密码很长很长", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	m.Store = downSessions{m.Store}
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ran")) }))
	for _, bearer := range []bool{false, true} {
		r := httptest.NewRequest("GET", "http://jixiao.test/api/v1/x", nil)
		if bearer {
			r.Header.Set("Authorization", "Bearer "+tok)
		} else {
			r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: tok})
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusServiceUnavailable || strings.Contains(w.Body.String(), "ran") ||
			strings.Contains(w.Header().Get("Set-Cookie"), auth.CookieName) {
			t.Errorf("bearer=%v: %d %q, Set-Cookie %q; want 503, the handler not run, the cookie kept",
				bearer, w.Code, w.Body.String(), w.Header().Get("Set-Cookie"))
		}
	}
}
