package sqldb_test

import (
	"errors"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
)

// TestUsernamesIgnoreCase: "admin" and "ADMIN" were two accounts; now the
// second is a duplicate, any case finds the account, and reserved names are
// refused, on both engines.
func TestUsernamesIgnoreCase(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		if err := wf.CreateUser(ctx(), &jixiao.User{Username: "admin", Role: jixiao.RoleAdmin}, "h", jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"ADMIN", " Admin "} {
			if err := wf.CreateUser(ctx(), &jixiao.User{Username: name, Role: jixiao.RoleAdmin}, "h", jixiao.Actor(nil)); !errors.Is(err, jixiao.ErrDuplicate) {
				t.Errorf("second account %q: %v, want a duplicate", name, err)
			}
		}
		if u, _, err := wf.UserByName(ctx(), "AdMiN"); err != nil || u.Username != "admin" {
			t.Errorf("lookup in another case: %+v %v", u, err)
		}
		for _, name := range []string{"系统", "аdmin"} {
			if err := wf.CreateUser(ctx(), &jixiao.User{Username: name, Role: jixiao.RoleAdmin}, "h", jixiao.Actor(nil)); !errors.Is(err, jixiao.ErrInvalid) {
				t.Errorf("reserved %q: %v", name, err)
			}
		}
	})
}

// TestDisableAccount: a disabled account's sessions end, it cannot log in,
// re-enabling lets it in again, and each action names the administrator in
// the audit log, on both engines.
func TestDisableAccount(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		as := wf.(jixiao.AccountStore)
		hash, _ := auth.HashPassword("填报人的密码足够长足够长")
		filer := &jixiao.User{Username: "填报人", Role: jixiao.RoleFiler, Unit: "就业中心"}
		admin := &jixiao.User{Username: "管理员", Role: jixiao.RoleAdmin}
		for _, u := range []*jixiao.User{filer, admin} {
			if err := wf.CreateUser(ctx(), u, hash, jixiao.Actor(nil)); err != nil {
				t.Fatal(err)
			}
		}
		m := auth.NewManager(wf)
		tok, _, err := m.Login(ctx(), "填报人", "填报人的密码足够长足够长", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		by := jixiao.Actor(admin)
		if err := as.SetUserDisabled(ctx(), filer.ID, true, by); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Authenticate(ctx(), tok); !errors.Is(err, auth.ErrSessionEnded) {
			t.Errorf("session of a disabled account: %v", err)
		}
		if _, _, err := m.Login(ctx(), "填报人", "填报人的密码足够长足够长", "10.0.0.2"); !errors.Is(err, jixiao.ErrNoAccount) {
			t.Errorf("login of a disabled account: %v", err)
		}
		users, err := as.ListUsers(ctx())
		if err != nil || len(users) != 2 || !users[1].Disabled && !users[0].Disabled {
			t.Errorf("list: %+v %v", users, err)
		}
		if err := as.SetUserDisabled(ctx(), filer.ID, false, by); err != nil {
			t.Fatal(err)
		}
		if _, _, err := m.Login(ctx(), "填报人", "填报人的密码足够长足够长", "10.0.0.3"); err != nil {
			t.Errorf("login after re-enabling: %v", err)
		}
		newHash, _ := auth.HashPassword("管理员重置的新密码足够长")
		if err := as.ResetPassword(ctx(), filer.ID, newHash, by); err != nil {
			t.Fatal(err)
		}
		if err := as.SetUserDisabled(ctx(), 9999, true, by); !errors.Is(err, jixiao.ErrNotFound) {
			t.Errorf("missing account: %v", err)
		}
		h, err := as.AccountHistory(ctx(), 10)
		if err != nil || len(h) != 5 { // the two accounts' creation (by the system), then the admin's three
			t.Fatalf("history: %+v %v", h, err)
		}
		for i, want := range []string{"重置密码 填报人", "启用账号 填报人", "停用账号 填报人"} { // newest first
			if h[i].Comment != want || h[i].Username != "管理员" || h[i].UserID != admin.ID {
				t.Errorf("entry %d: %+v, want %q by 管理员", i, h[i], want)
			}
		}
		for _, e := range h[3:] {
			if !strings.HasPrefix(e.Comment, "新建账号 ") || e.Username != jixiao.SystemActor {
				t.Errorf("creation entry %+v, want 新建账号 by the system", e)
			}
		}
	})
}
