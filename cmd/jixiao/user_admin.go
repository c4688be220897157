package main

import (
	"context"
	"errors"
	"fmt"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// user disable, enable and reset: what 账号管理 does, at the command line,
// through the same service.Accounts (the operator acts as an admin and is
// logged as 系统).

func runUserDisable(e *env, args []string) int { return runUserChange(e, "disable", args) }
func runUserEnable(e *env, args []string) int  { return runUserChange(e, "enable", args) }
func runUserReset(e *env, args []string) int   { return runUserChange(e, "reset", args) }

// userChangeDone is what each subcommand prints on success.
var userChangeDone = map[string]string{
	"disable": "已停用账号 %s（其登录已全部失效）\n",
	"enable":  "已重新启用账号 %s\n",
	"reset":   "已重置账号 %s 的密码（其登录已全部失效）\n",
}

func runUserChange(e *env, sub string, args []string) int {
	name := "user " + sub
	fs := newFlags(e, name)
	db := fs.String("db", defaultDSN(e), "数据库：sqlite:文件路径 或 postgres://…")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitBadInput
	}
	if len(pos) != 1 {
		fmt.Fprintf(e.stderr, "用法: jixiao %s --db DSN 用户名\n", name)
		return exitBadInput
	}
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "jixiao %s: %s\n", name, cliMessage(err))
		return exitBadInput
	}
	var pw string
	if sub == "reset" {
		if pw, err = readPassword(e); err != nil {
			return fail(err)
		}
	}
	ctx := context.Background()
	st, err := openExistingStore(ctx, *db)
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	u, _, err := st.Workflow().UserByName(ctx, pos[0])
	if errors.Is(err, jixiao.ErrNotFound) {
		return fail(fmt.Errorf("没有用户名为 %s 的账号（jixiao user list 列出全部账号）", pos[0]))
	} else if err != nil {
		return fail(err)
	}
	accounts := service.New(st, eval.Default()).Accounts
	switch sub {
	case "disable", "enable":
		err = accounts.SetDisabled(ctx, operator, u.ID, sub == "disable")
	case "reset":
		err = accounts.ResetPassword(ctx, operator, u.ID, pw)
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(e.stdout, userChangeDone[sub], u.Username)
	return exitOK
}
