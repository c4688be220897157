package main

import (
	"path/filepath"
	"strings"
	"testing"

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
