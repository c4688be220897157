package auth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
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

func TestCheckPassword(t *testing.T) {
	if CheckPassword("短密码12345") != nil {
		t.Error("8 characters refused")
	}
	if CheckPassword("我的密码") == nil || CheckPassword("  abc   ") == nil {
		t.Error("short password accepted")
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	th := NewThrottle()
	th.Now = func() time.Time { return now }
	for i := 0; i < 5; i++ {
		if w := th.Wait("张三", "10.0.0.1"); w != 0 {
			t.Fatalf("blocked after %d failures", i)
		}
		th.Fail("张三", "10.0.0.1")
		now = now.Add(time.Minute)
	}
	if w := th.Wait("张三", "10.0.0.1"); w != 10*time.Minute {
		t.Errorf("after 5 failures wait %v, want 10m (the first failure leaves the window)", w)
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
	th.Fail("张三", "10.0.0.1")
	th.Succeed("张三", "10.0.0.1")
	if len(th.failures) != 0 {
		t.Error("success does not reset")
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
