package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

func init() {
	register(command{name: "user", summary: "管理账号：user add 新建账号（密码从标准输入读取），user list 列出，user disable / enable 停用或启用，user reset 重置密码", run: runUser})
}

func runUser(e *env, args []string) int {
	if len(args) > 0 && userSubcommands[args[0]] != nil {
		return userSubcommands[args[0]](e, args[1:])
	}
	fmt.Fprintln(e.stderr, userUsage)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		return exitOK
	}
	if len(args) > 0 {
		fmt.Fprintf(e.stderr, "jixiao user: 未知子命令 %q\n", args[0])
	}
	return exitBadInput
}

func runUserAdd(e *env, args []string) int {
	fs := newFlags(e, "user add")
	db := fs.String("db", defaultDSN(e), "数据库：sqlite:文件路径 或 postgres://…")
	var u jixiao.User
	role := fs.String("role", "", "角色：filer（填报人）、dept_reviewer（主管部门审核人）、finance_reviewer（财政审核人）、admin（管理员）")
	fs.StringVar(&u.Username, "username", "", "用户名")
	fs.StringVar(&u.Unit, "unit", "", "单位（填报人必填）")
	fs.StringVar(&u.Department, "department", "", "部门，即文档的编制部门（主管部门审核人必填）")
	force := fs.Bool("force", false, "单位或部门的表尚未导入时仍然创建")
	if pos, err := parseInterspersed(fs, args); err != nil || len(pos) > 0 {
		if err == nil {
			fmt.Fprintf(e.stderr, "jixiao user add: 多余的参数 %q\n", pos)
		}
		return exitBadInput
	}
	u.Role = jixiao.Role(*role)
	u.Username, u.Unit, u.Department = strings.TrimSpace(u.Username), strings.TrimSpace(u.Unit), strings.TrimSpace(u.Department)
	if err := u.Validate(); err != nil {
		fmt.Fprintln(e.stderr, "jixiao user add:", cmp.Or(jixiao.ErrorMessage(err), err.Error())+scopeFlagHint(&u))
		return exitBadInput
	}
	pw, err := readPassword(e)
	if err == nil {
		err = auth.CheckPassword(pw)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao user add:", err)
		return exitBadInput
	}
	return addUser(e, *db, &u, pw, *force)
}

func addUser(e *env, dsn string, u *jixiao.User, pw string, force bool) int {
	ctx := context.Background()
	st, err := openStore(ctx, dsn)
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao user add:", err)
		return exitBadInput
	}
	defer st.Close()
	accounts := service.New(st, eval.Default()).Accounts
	made, err := accounts.Create(ctx, operator, service.NewAccount{Username: u.Username, Role: u.Role,
		Unit: u.Unit, Department: u.Department, Password: pw, Force: force})
	if err != nil {
		fmt.Fprintln(e.stderr, "jixiao user add:", cliMessage(err))
		return exitBadInput
	}
	fmt.Fprintf(e.stdout, "已创建账号 %s（%s%s），编号 %d\n", made.Username, made.Role.Label(), made.ScopeLabel(), made.ID)
	return exitOK
}

// scopeFlagHint names the flag of the scope a role lacks (the model's
// message is for every door and names no flag).
func scopeFlagHint(u *jixiao.User) string {
	switch {
	case u.Role == jixiao.RoleFiler && u.Unit == "":
		return "（用 --unit 指定）"
	case u.Role == jixiao.RoleDeptReviewer && u.Department == "":
		return "（用 --department 指定）"
	}
	return ""
}

// cliMessage is err as the command line says it: a field's problem without
// the field's code name, a domain error's message for people, else the
// error's text.
func cliMessage(err error) string {
	var fe *jixiao.FieldError
	if errors.As(err, &fe) {
		return fe.Msg
	}
	return cmp.Or(jixiao.ErrorMessage(err), err.Error())
}

// readPassword reads the password: from a terminal without echo, asked
// twice; from a pipe or file, its first line (so scripts can pipe it in and
// it never appears in the process list or shell history).
func readPassword(e *env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "密码：")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprint(e.stderr, "\n再次输入密码：")
		b, err2 := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil || err2 != nil {
			return "", fmt.Errorf("读取密码失败：%v", errors.Join(err, err2))
		}
		if string(a) != string(b) {
			return "", errors.New("两次输入的密码不一致")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("读取密码失败：%v", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("标准输入中没有密码（例如：echo '密码' | jixiao user add …）")
	}
	return line, nil
}
