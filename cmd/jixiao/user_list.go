package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// userUsage is what "jixiao user" prints without a known subcommand.
var userUsage = `用法:
  jixiao user add  --db DSN --username 用户名 --role filer|dept_reviewer|finance_reviewer|admin [--unit 单位] [--department 部门] [--force]
  jixiao user list --db DSN
  jixiao user disable|enable --db DSN 用户名
  jixiao user reset --db DSN 用户名
add 和 reset 的密码从标准输入读取（终端中不回显，需输入两次）：` + auth.PasswordRule + "。"

var userSubcommands = map[string]func(e *env, args []string) int{
	"add":     runUserAdd,
	"list":    runUserList,
	"disable": runUserDisable,
	"enable":  runUserEnable,
	"reset":   runUserReset,
}

// runUserList prints every account: username, role, scope and whether it
// may log in.
func runUserList(e *env, args []string) int {
	fs := newFlags(e, "user list")
	db := fs.String("db", defaultDSN(e), "数据库：sqlite:文件路径 或 postgres://…")
	if pos, err := parseInterspersed(fs, args); err != nil || len(pos) > 0 {
		if err == nil {
			fmt.Fprintf(e.stderr, "jixiao user list: 多余的参数 %q\n", pos)
		}
		return exitBadInput
	}
	ctx := context.Background()
	st, err := openExistingStore(ctx, *db)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao user list:", err)
		return exitBadInput
	}
	defer st.Close()
	users, err := listUsers(ctx, st)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao user list:", err)
		return exitBadInput
	}
	writeUsers(e, users)
	return exitOK
}

// listUsers lists the accounts through service.Accounts, as the operator.
func listUsers(ctx context.Context, st service.Store) ([]jixiao.User, error) {
	return service.New(st, eval.Default()).Accounts.List(ctx, operator)
}

func writeUsers(e *env, users []jixiao.User) {
	if len(users) == 0 {
		fmt.Fprintln(e.stderr, "还没有账号；用 jixiao user add 新建。")
		return
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "编号\t用户名\t角色\t部门\t单位")
	for _, u := range users {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.Role.Label(), dash(u.Department), dash(u.Unit))
	}
	tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
