package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
)

// TestAdminAccounts walks 账号管理 as an administrator would (issue 14:
// accounts could be administered only from the command line): list, a
// refused and an accepted new account, disabling a filer who is logged in
// (their session ends at once), enabling them again, resetting their
// password, and the log naming the administrator. Others may not.
func TestAdminAccounts(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	hash, _ := auth.HashPassword(wfPassword)
	admin := &jixiao.User{Username: "管理员甲", Role: jixiao.RoleAdmin}
	if err := f.store.Workflow().CreateUser(context.Background(), admin, hash, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	a := newSession(t, srv.URL)
	a.login(admin.Username)
	st, body := a.get("/admin/users")
	if st != 200 || len(all(parseHTML(t, body), "#users tbody tr")) != len(users)+1 {
		t.Fatalf("账号管理: %d, %d rows, want %d", st, len(all(parseHTML(t, body), "#users tbody tr")), len(users)+1)
	}

	unit := f.docs[liwanFile].Projects[0].Unit
	form := func(name, unit, pw string, force bool) url.Values {
		v := url.Values{"username": {name}, "role": {"filer"}, "unit": {unit}, "password": {pw}}
		if force {
			v.Set("force", "1")
		}
		return v
	}
	st, body = a.post("/admin/users", form("新填报人", unit, "12345678", false))
	if st != 422 || !strings.Contains(text(one(t, parseHTML(t, body), ".alert-error")), "只有 8 个字符") ||
		!strings.Contains(body, `value="新填报人"`) {
		t.Errorf("a weak password: %d, want 422 with the rule and the name kept", st)
	}
	st, body = a.post("/admin/users", form("新填报人", "不存在的单位", goodPassword, false))
	if st != 422 || !strings.Contains(body, "仍然创建") {
		t.Errorf("an unknown unit: %d, want 422 offering 仍然创建", st)
	}
	st, body = a.post("/admin/users", form("新填报人", "不存在的单位", goodPassword, true))
	if st != 200 || !strings.Contains(text(one(t, parseHTML(t, body), ".alert-success")), "已创建账号：新填报人") {
		t.Errorf("forced: %d, want the banner naming the account: %s", st, text(one(t, parseHTML(t, body), ".alert")))
	}
	if st, _ := a.post("/admin/users", form("新填报人", unit, goodPassword, false)); st != 422 {
		t.Errorf("a taken name: %d, want 422", st)
	}

	filer := newSession(t, srv.URL)
	filer.login(users["filer"].Username)
	id := strconv.FormatInt(users["filer"].ID, 10)
	st, body = a.post("/admin/users/"+id+"/disable", url.Values{})
	if st != 200 || !strings.Contains(body, "已停用账号") {
		t.Fatalf("disable: %d", st)
	}
	if _, body := filer.get("/account"); !isLoginPage(body) {
		t.Errorf("the disabled filer's next page is not the login page")
	}
	if st, _ := a.post("/admin/users/"+id+"/enable", url.Values{}); st != 200 {
		t.Errorf("enable: %d", st)
	}
	filer.login(users["filer"].Username)

	const newPassword = "管理员重置后的新密码一二三"
	if st, body := a.post("/admin/users/"+id+"/password", url.Values{"password": {"short"}}); st != 422 || !strings.Contains(body, "个字符") {
		t.Errorf("a weak reset: %d, want 422", st)
	}
	if st, _ := a.post("/admin/users/"+id+"/password", url.Values{"password": {newPassword}}); st != 200 {
		t.Errorf("reset: %d", st)
	}
	if _, body := filer.get("/account"); !isLoginPage(body) {
		t.Errorf("after the reset the filer's session goes on")
	}
	if st, _ := filer.post("/login", url.Values{"username": {users["filer"].Username}, "password": {newPassword}, "next": {"/account"}}); st != 200 {
		t.Errorf("login with the new password: %d", st)
	}

	self := strconv.FormatInt(admin.ID, 10)
	if st, _ := a.post("/admin/users/"+self+"/disable", url.Values{}); st != 409 {
		t.Errorf("the admin disables their own account: %d, want 409", st)
	}
	_, body = a.get("/admin/users")
	log := text(one(t, parseHTML(t, body), "#account-log"))
	for _, want := range []string{"新建账号 新填报人", "停用账号 " + users["filer"].Username, "启用账号", "重置密码"} {
		if !strings.Contains(log, want) {
			t.Errorf("the account log lacks %q", want)
		}
	}
	es, _ := f.store.Workflow().AccountHistory(context.Background(), 4) // the admin's four, newest first
	for _, e := range es {
		if e.UserID != admin.ID || e.Username != admin.Username {
			t.Errorf("account action %q logged as by %d %s", e.Comment, e.UserID, e.Username)
		}
	}

	other := newSession(t, srv.URL)
	other.login(users["dept"].Username)
	if st, _ := other.get("/admin/users"); st != 403 {
		t.Errorf("a department reviewer opens 账号管理: %d, want 403", st)
	}
	if st, _ := other.post("/admin/users", form("冒名", unit, goodPassword, true)); st != 403 {
		t.Errorf("a department reviewer creates an account: %d, want 403", st)
	}
	if st, body := newSession(t, srv.URL).get("/admin/users"); !isLoginPage(body) {
		t.Errorf("a visitor: %d, want the login page", st)
	}
}

// goodPassword follows the password rule (the fixtures' wfPassword is
// stored as a hash, past the rule).
const goodPassword = "账号管理测试用的密码甲乙丙"

// isLoginPage tells the login form (the client follows redirects).
func isLoginPage(body string) bool {
	return strings.Contains(body, `<form method="post" action="/login"`)
}
