package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/postgres/pgtest"
)

const demoPassword = "演示-filer-2024!"

// TestUserAddChecksScope: a unit or department must be one of the stored
// tables' unless --force.
func TestUserAddChecksScope(t *testing.T) {
	eachEngine(t, "jixiao_user_scope", testUserAddChecksScope)
}

func testUserAddChecksScope(t *testing.T, db string) {
	for _, c := range []struct {
		args []string
		ok   bool
		says string
	}{
		{[]string{"--username", "liwan-filer", "--role", "filer", "--unit", "广州市荔湾区社会保险基金管理中心"}, true, "已创建账号 liwan-filer"},
		{[]string{"--username", "liwan-dept", "--role", "dept_reviewer", "--department", "广州市荔湾区人力资源和社会保障局"}, true, "主管部门审核人"},
		{[]string{"--username", "f2", "--role", "filer", "--unit", "广州市荔湾区社会保险基金管理中心",
			"--department", "广州市荔湾区人力资源和社会保障局"}, true, "f2"},
		{[]string{"--username", "typo", "--role", "filer", "--unit", "广州市荔湾区社保基金管理中心"}, false,
			"库中没有单位“广州市荔湾区社保基金管理中心”的项目"},
		{[]string{"--username", "typo", "--role", "dept_reviewer", "--department", "荔湾区人社局"}, false,
			"库中没有部门“荔湾区人社局”的表（库中的部门：广州市"},
		{[]string{"--username", "mixed", "--role", "filer", "--unit", "广州市荔湾区社会保险基金管理中心",
			"--department", "广州市花都区劳动就业服务管理中心"}, false, "不在部门“广州市花都区劳动就业服务管理中心”的表中"},
		{[]string{"--username", "later", "--role", "filer", "--unit", "明年才导入的单位", "--force"}, true, "已创建账号 later"},
	} {
		code, out, errs := runUserCmd(t, demoPassword+"\n", append([]string{"add", "--db", db}, c.args...)...)
		if (code == exitOK) != c.ok || !strings.Contains(out+errs, c.says) {
			t.Errorf("%v: exit %d, %q %q; want ok=%v and %q", c.args, code, out, errs, c.ok, c.says)
		}
		if !c.ok && strings.Contains(errs, "--force") == false {
			t.Errorf("%v: the refusal does not mention --force: %q", c.args, errs)
		}
	}
}

// TestUserList lists the accounts with role and scope.
func TestUserList(t *testing.T) {
	eachEngine(t, "jixiao_user_list", testUserList)
}

func testUserList(t *testing.T, db string) {
	code, _, errs := runUserCmd(t, "", "list", "--db", db)
	if code != exitOK || !strings.Contains(errs, "还没有账号") {
		t.Errorf("no accounts: %d %q", code, errs)
	}
	for _, args := range [][]string{
		{"--username", "root-admin", "--role", "admin"},
		{"--username", "huadu-filer", "--role", "filer", "--unit", "广州市花都区劳动就业服务管理中心"},
	} {
		if code, _, errs := runUserCmd(t, demoPassword+"\n", append([]string{"add", "--db", db}, args...)...); code != exitOK {
			t.Fatal(errs)
		}
	}
	code, out, errs := runUserCmd(t, "", "list", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 3 || !strings.HasPrefix(lines[0], "编号") ||
		!strings.Contains(lines[1], "huadu-filer") || !strings.Contains(lines[1], "填报人") || !strings.Contains(lines[1], "广州市花都区劳动就业服务管理中心") ||
		!strings.Contains(lines[2], "root-admin") || !strings.Contains(lines[2], "管理员") {
		t.Errorf("list: %d %q %q", code, out, errs)
	}
}

// eachEngine runs f on a new SQLite file and a new PostgreSQL database
// (named name), each holding both samples.
func eachEngine(t *testing.T, name string, f func(t *testing.T, db string)) {
	t.Run("sqlite", func(t *testing.T) {
		db := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
		importSamplesInto(t, db, exportSamples...)
		f(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		db := pgtest.DSN(t, name)
		importSamplesInto(t, db, exportSamples...)
		f(t, db)
	})
}

// TestUserDisableEnableReset: the command line's account administration
// goes through service.Accounts: a disabled account cannot log in, an
// enabled one can, a reset takes the password rule and the new password,
// and each step is in the account log as done by 系统.
func TestUserDisableEnableReset(t *testing.T) {
	eachEngine(t, "jixiao_user_admin", func(t *testing.T, db string) {
		if code, _, errs := runUserCmd(t, demoPassword+"\n", "add", "--db", db, "--username", "root-admin", "--role", "admin"); code != exitOK {
			t.Fatal(errs)
		}
		ctx := context.Background()
		st, err := openStore(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		login := func(pw string) error {
			_, _, err := auth.NewManager(st.Workflow()).Login(ctx, "root-admin", pw, "127.0.0.1")
			return err
		}
		if code, out, errs := runUserCmd(t, "", "disable", "--db", db, "root-admin"); code != exitOK || !strings.Contains(out, "已停用账号 root-admin") {
			t.Fatalf("disable: %d %q %q", code, out, errs)
		}
		if login(demoPassword) == nil {
			t.Error("a disabled account logs in")
		}
		if code, _, errs := runUserCmd(t, "", "enable", "--db", db, "root-admin"); code != exitOK || login(demoPassword) != nil {
			t.Errorf("enable: %d %q, login %v", code, errs, login(demoPassword))
		}
		if code, _, errs := runUserCmd(t, "short\n", "reset", "--db", db, "root-admin"); code != exitBadInput || !strings.Contains(errs, "个字符") {
			t.Errorf("a weak reset: %d %q", code, errs)
		}
		const newPassword = "命令行重置后的新密码一二三"
		if code, _, errs := runUserCmd(t, newPassword+"\n", "reset", "--db", db, "root-admin"); code != exitOK || login(newPassword) != nil || login(demoPassword) == nil {
			t.Errorf("reset: %d %q", code, errs)
		}
		if code, _, errs := runUserCmd(t, "", "disable", "--db", db, "nobody"); code != exitBadInput || !strings.Contains(errs, "没有用户名为 nobody 的账号") {
			t.Errorf("an unknown name: %d %q", code, errs)
		}
		es, err := st.Workflow().AccountHistory(ctx, 10)
		if err != nil || len(es) != 4 {
			t.Fatalf("account log: %d entries (%v), want add, disable, enable, reset", len(es), err)
		}
		for _, e := range es {
			if e.Username != jixiao.SystemActor || e.UserID != 0 {
				t.Errorf("%q logged as by %d %s", e.Comment, e.UserID, e.Username)
			}
		}
	})
}
