package auth

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"jixiao"
)

func TestChinesePassphrasePastBcryptLimit(t *testing.T) {
	// 30 characters, 90 bytes: bcrypt would refuse it or compare only the
	// first 72 bytes, so the two phrases below would collide.
	base := strings.Repeat("绩效目标审核", 4) + "财政局公开"
	a, b := base+"甲", base+"乙"
	if len(a) <= 72 {
		t.Fatalf("test phrase only %d bytes", len(a))
	}
	h, err := HashPassword(a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not the PHC form with the default parameters", h)
	}
	if ok, err := VerifyPassword(h, a); err != nil || !ok {
		t.Errorf("right passphrase: %v %v", ok, err)
	}
	if ok, _ := VerifyPassword(h, b); ok {
		t.Error("a passphrase differing only in its last character matches")
	}
	h2, _ := HashPassword(a)
	if h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$2a$10$abc", "$argon2id$v=19$m=0,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=19456,t=2,p=1$!!$??"} {
		if ok, err := VerifyPassword(h, "whatever1"); ok || err == nil {
			t.Errorf("%q: ok=%v err=%v", h, ok, err)
		}
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	th := NewThrottle()
	th.Now = func() time.Time { return now }
	for i := 0; i < 5; i++ {
		done, w := th.Attempt("张三", "10.0.0.1")
		if w != 0 {
			t.Fatalf("blocked after %d failures", i)
		}
		done(Failed)
		now = now.Add(time.Minute)
	}
	if w := th.Wait("张三", "10.0.0.1"); w != 10*time.Minute {
		t.Errorf("after 5 failures wait %v, want 10m (the first failure leaves the window)", w)
	}
	if done, w := th.Attempt("张三", "10.0.0.1"); w != 10*time.Minute || done != nil {
		t.Errorf("6th attempt: wait %v", w)
	}
	if th.Wait("张三", "10.0.0.2") != 0 || th.Wait("李四", "10.0.0.1") != 0 {
		t.Error("another address or another user is blocked too")
	}
	if th.Wait(" 张三 ", "10.0.0.1") == 0 {
		t.Error("padding the username dodges the throttle")
	}
	now = now.Add(10 * time.Minute)
	if w := th.Wait("张三", "10.0.0.1"); w != 0 {
		t.Errorf("still blocked after the window: %v", w)
	}
	done, _ := th.Attempt("张三", "10.0.0.1")
	done(Succeeded)
	if len(th.pairs) != 0 || len(th.users["张三"]) != 5 {
		t.Errorf("success leaves %d pairs, %d failures of the user (want 0 and the 5 earlier failures)", len(th.pairs), len(th.users["张三"]))
	}
}

// TestThrottleAttemptCountsAtOnce: an attempt in flight counts, so the
// sixth concurrent one is refused before any of the five has finished.
func TestThrottleAttemptCountsAtOnce(t *testing.T) {
	th := NewThrottle()
	for i := 0; i < 5; i++ {
		if _, w := th.Attempt("张三", "10.0.0.1"); w != 0 {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if _, w := th.Attempt("张三", "10.0.0.1"); w == 0 {
		t.Error("a sixth attempt passes while five are still in flight")
	}
}

// TestThrottleUsernameAcrossAddresses: guesses for one username from many
// addresses (each under the per-address limit) are slowed down
// exponentially after UserFreeFailures, and never locked out for good.
func TestThrottleUsernameAcrossAddresses(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	th := NewThrottle()
	th.Now = func() time.Time { return now }
	fail := func(ip string) time.Duration {
		done, w := th.Attempt("张三", ip)
		if done != nil {
			done(Failed)
		}
		return w
	}
	for i := 0; i < th.UserFreeFailures; i++ {
		if w := fail(fmt.Sprintf("10.0.%d.1", i)); w != 0 {
			t.Fatalf("failure %d from a new address delayed %v", i+1, w)
		}
	}
	if w := fail("10.9.9.9"); w != time.Second {
		t.Fatalf("after %d failures from many addresses: wait %v, want 1s", th.UserFreeFailures, w)
	}
	if msg := (&ThrottledError{time.Second}).Error(); msg != "登录失败次数过多，请 2 秒后再试" {
		t.Errorf("a short delay reads %q", msg)
	}
	if th.Wait("李四", "10.9.9.9") != 0 {
		t.Error("another username is slowed too")
	}
	var waits []time.Duration
	for i := 0; i < 14; i++ {
		w := th.Wait("张三", "10.8.0.1")
		waits = append(waits, w)
		now = now.Add(w)
		if w := fail(fmt.Sprintf("10.8.%d.1", i)); w != 0 {
			t.Fatalf("attempt after waiting refused: %v", w)
		}
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] < waits[i-1] || waits[i] > th.UserMaxDelay {
			t.Errorf("waits %v: not growing up to %v", waits, th.UserMaxDelay)
			break
		}
	}
	if waits[1] != 2*waits[0] || waits[len(waits)-1] != th.UserMaxDelay {
		t.Errorf("waits %v: want doubling from 1s, capped at %v", waits, th.UserMaxDelay)
	}
	// The owner waits at most UserMaxDelay after the last failure, and is
	// not slowed at all once the failures leave the window.
	if w := th.Wait("张三", "10.0.0.1"); w > th.UserMaxDelay {
		t.Errorf("the owner waits %v", w)
	}
	now = now.Add(th.UserWindow)
	if w := th.Wait("张三", "10.0.0.1"); w != 0 {
		t.Errorf("still delayed after the window: %v", w)
	}
}

func TestTokenFromRequestAndCSRF(t *testing.T) {
	r := httptest.NewRequest("POST", "/api/v1/projects/1/transitions", nil)
	r.Header.Set("Authorization", "Bearer abc")
	if tok, cookie := TokenFromRequest(r); tok != "abc" || cookie {
		t.Errorf("bearer: %q %v", tok, cookie)
	}
	r = httptest.NewRequest("POST", "/x", nil)
	r.AddCookie(&http.Cookie{Name: CookieName, Value: "xyz"})
	if tok, cookie := TokenFromRequest(r); tok != "xyz" || !cookie {
		t.Errorf("cookie: %q %v", tok, cookie)
	}
	if csrfOK(r, "xyz") {
		t.Error("no CSRF token accepted")
	}
	r.Header.Set(CSRFHeader, CSRFToken("other"))
	if csrfOK(r, "xyz") {
		t.Error("another session's CSRF token accepted")
	}
	r.Header.Set(CSRFHeader, CSRFToken("xyz"))
	if !csrfOK(r, "xyz") {
		t.Error("right CSRF token refused")
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		HashPassword("绩效目标审核财政局公开")
	}
}

// TestThrottleUncheckedForgotten: an attempt whose password was never
// checked leaves no trace at any of the three levels.
func TestThrottleUncheckedForgotten(t *testing.T) {
	th := NewThrottle()
	for range 50 {
		done, w := th.Attempt("张三", "10.0.0.1")
		if w != 0 {
			t.Fatalf("unchecked attempts throttle: wait %v", w)
		}
		done(Unchecked)
	}
	if len(th.pairs)+len(th.users)+len(th.addrs) != 0 {
		t.Errorf("unchecked attempts left %d pairs, %d users, %d addresses", len(th.pairs), len(th.users), len(th.addrs))
	}
}

// TestPasswordRule: at least twelve characters (an 8-character password
// was accepted even for an admin), not a common password, not one
// character repeated; the message says which.
func TestPasswordRule(t *testing.T) {
	for _, ok := range []string{"绩效目标审核财政局公开啊", "correct horse battery", "一二三四五六七八九十百千"} {
		if err := CheckPassword(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for pw, why := range map[string]string{"12345678": "8 个字符", "短密码12345": "8 个字符", "123456789012": "常见密码",
		"Password1234": "常见密码", " qwerty123456 ": "常见密码", "aaaaaaaaaaaaaaa": "重复", "密码密码密码密码密码密码": "常见密码",
		strings.Repeat("长", 400): "字节"} {
		err := CheckPassword(pw)
		if !errors.Is(err, ErrWeakPassword) || !errors.Is(err, jixiao.ErrInvalid) || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want a weak-password error saying %q", pw, err, why)
		}
	}
}
