package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
)

func runUserCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"user"}, args...), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

func TestUserAdd(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "u.db")
	code, out, errs := runUserCmd(t, "绩效目标填报专用的密码啊\n", "add", "--db", db, "--username", "张三",
		"--role", "filer", "--unit", "广州市花都区就业服务管理中心", "--force")
	if code != exitOK || !strings.Contains(out, "已创建账号 张三（填报人，单位 广州市花都区就业服务管理中心）") {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, hash, err := st.(jixiao.WorkflowProvider).Workflow().UserByName(context.Background(), "张三")
	if err != nil || u.Role != jixiao.RoleFiler {
		t.Fatalf("stored: %+v %v", u, err)
	}
	if ok, _ := auth.VerifyPassword(hash, "绩效目标填报专用的密码啊"); !ok {
		t.Error("the stored hash does not verify the password read from stdin")
	}
	if strings.Contains(hash, "绩效") {
		t.Error("password stored in clear")
	}
}

func TestUserAddRefusals(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "u.db")
	if code, _, errs := runUserCmd(t, "管理员的密码很长很长很长\n", "add", "--db", db, "--username", "admin", "--role", "admin"); code != exitOK {
		t.Fatal(errs)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		msg   string
	}{
		{"管理员的密码很长很长很长\n", []string{"--username", "admin", "--role", "admin"}, "已存在"},
		{"管理员的密码很长很长很长\n", []string{"--username", "李四", "--role", "filer"}, "--unit"},
		{"管理员的密码很长很长很长\n", []string{"--username", "李四", "--role", "dept_reviewer"}, "--department"},
		{"管理员的密码很长很长很长\n", []string{"--username", "李四", "--role", "boss"}, "未知角色"},
		{"管理员的密码很长很长很长\n", []string{"--role", "admin"}, "用户名不能为空"},
		{"短\n", []string{"--username", "李四", "--role", "admin"}, "至少 12 个字符"},
		{"", []string{"--username", "李四", "--role", "admin"}, "标准输入中没有密码"},
		// Issue 14: one account whatever the case, reserved names, the
		// password rule even for an admin.
		{"管理员的密码很长很长很长\n", []string{"--username", "ADMIN", "--role", "admin"}, "已存在"},
		{"管理员的密码很长很长很长\n", []string{"--username", "系统", "--role", "admin"}, "保留名称"},
		{"12345678\n", []string{"--username", "李四", "--role", "admin"}, "至少 12 个字符"},
		{"123456789012\n", []string{"--username", "李四", "--role", "admin"}, "常见密码"},
	} {
		code, _, errs := runUserCmd(t, c.stdin, append([]string{"add", "--db", db}, c.args...)...)
		if code != exitBadInput || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: %d %q, want %q", c.args, code, errs, c.msg)
		}
	}
	if code, _, errs := runUserCmd(t, ""); code != exitBadInput || !strings.Contains(errs, "user add") {
		t.Errorf("bare user: %d %q", code, errs)
	}
}
