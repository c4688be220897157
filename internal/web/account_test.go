package web_test

import (
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/auth"
)

// TestAccountPasswordRule: the account page states the password rule next
// to the field, and a password of eight characters (accepted before, even
// for an admin) is refused with the part of the rule it breaks.
func TestAccountPasswordRule(t *testing.T) {
	s, _ := signedIn(t, "finance")
	st, body := s.get("/account")
	doc := parseHTML(t, body)
	if st != 200 || !strings.Contains(text(one(t, doc, "#pw-rule")), auth.PasswordRule) {
		t.Fatalf("account page: %d, rule %q", st, text(one(t, doc, "#pw-rule")))
	}
	for pw, why := range map[string]string{"12345678": "只有 8 个字符", "qwerty123456": "常见密码"} {
		st, body = s.post("/account/password", url.Values{"old_password": {wfPassword}, "new_password": {pw}})
		if st != 422 || !strings.Contains(text(one(t, parseHTML(t, body), ".alert-error")), why) {
			t.Errorf("new password %q: %d, want 422 saying %q", pw, st, why)
		}
	}
}
