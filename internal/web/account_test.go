package web_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"jixiao"
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

// TestImportPageScope: a department reviewer importing another
// department's table is refused with both names (it was stored and public
// at once); their own department's table lands as a draft under review,
// which the page says, and a visitor cannot open it.
func TestImportPageScope(t *testing.T) {
	f := newFixture(t)
	wf := f.store.Workflow()
	hash, _ := auth.HashPassword(wfPassword)
	for _, u := range []*jixiao.User{{Username: "荔湾审核", Role: jixiao.RoleDeptReviewer, Department: "广州市荔湾区人力资源和社会保障局"},
		{Username: "花都审核", Role: jixiao.RoleDeptReviewer, Department: "广州市花都区劳动就业服务管理中心"}} {
		if err := wf.CreateUser(t.Context(), u, hash, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	liwan := newSession(t, srv.URL)
	liwan.login("荔湾审核")
	liwan.get("/import")
	st, body := liwan.upload(huaduFile, sample(t, huaduFile))
	if st != 403 || !strings.Contains(body, "广州市荔湾区人力资源和社会保障局") || !strings.Contains(body, "广州市花都区劳动就业服务管理中心") {
		t.Errorf("Liwan's reviewer imports Huadu's table: %d, want 403 naming both", st)
	}
	huadu := newSession(t, srv.URL)
	huadu.login("花都审核")
	huadu.get("/import")
	st, body = huadu.upload(huaduFile, sample(t, huaduFile))
	if st != 201 || len(all(parseHTML(t, body), "#import-draft")) != 1 {
		t.Fatalf("Huadu's reviewer imports Huadu's table: %d, want 201 saying it is a draft under review", st)
	}
	docs, _ := f.store.Documents(t.Context())
	if len(docs) != 1 {
		t.Fatalf("%d documents stored", len(docs))
	}
	if st, _ := newSession(t, srv.URL).get(fmt.Sprintf("/documents/%d", docs[0].ID)); st != 404 {
		t.Errorf("a visitor opens the imported draft: %d", st)
	}
}

// upload posts a file to /import with the session's cookie and CSRF token.
func (s *session) upload(name string, data []byte) (int, string) {
	s.t.Helper()
	return s.postFile("/import", name, data)
}
