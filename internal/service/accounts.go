package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jixiao"
	"jixiao/internal/auth"
)

// Accounts administers accounts (账号管理): creating, disabling and
// re-enabling, resetting passwords. Only an admin may (ActionManageUsers);
// every change is logged with the administrator in the same transaction,
// and a disabled or reset account's sessions end at once. The command line
// and the 账号管理 page both go through it, so that the same account is
// refused for the same reason at both.
type Accounts struct {
	st Store
	wf jixiao.WorkflowStore
}

// NewAccount is what an administrator fills in for a new account.
type NewAccount struct {
	Username   string
	Role       jixiao.Role
	Unit       string
	Department string
	Password   string
	// Force creates the account although no stored table names its unit
	// or department yet (an account made before its tables are imported).
	Force bool
}

// manage checks that by may administer accounts; a visitor is asked to
// log in (accounts are no secret a 404 must keep).
func manage(by *jixiao.User) error {
	if by == nil {
		return jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录后再管理账号")
	}
	return jixiao.Permit(by, jixiao.ActionManageUsers, jixiao.Resource{}, "")
}

// List returns every account, disabled ones included.
func (a *Accounts) List(ctx context.Context, by *jixiao.User) ([]jixiao.User, error) {
	if err := manage(by); err != nil {
		return nil, err
	}
	return a.wf.ListUsers(ctx)
}

// History lists the account actions of the audit log, newest first.
func (a *Accounts) History(ctx context.Context, by *jixiao.User, limit int) ([]jixiao.AuditEntry, error) {
	if err := manage(by); err != nil {
		return nil, err
	}
	return a.wf.AccountHistory(ctx, limit)
}

// Create makes the account in: a valid username, role and scope
// (jixiao.User.Validate), a password of the rule (auth.CheckPassword),
// and a unit and department that a stored table names unless in.Force.
func (a *Accounts) Create(ctx context.Context, by *jixiao.User, in NewAccount) (*jixiao.User, error) {
	if err := manage(by); err != nil {
		return nil, err
	}
	u := &jixiao.User{Username: strings.TrimSpace(in.Username), Role: in.Role,
		Unit: strings.TrimSpace(in.Unit), Department: strings.TrimSpace(in.Department)}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := passwordOK(in.Password); err != nil {
		return nil, err
	}
	if !in.Force {
		if err := a.checkScope(ctx, u); err != nil {
			return nil, err
		}
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	if err := a.wf.CreateUser(ctx, u, hash, jixiao.Actor(by)); err != nil {
		return nil, err
	}
	return u, nil
}

// SetDisabled disables account id (its sessions end) or re-enables it. An
// administrator cannot disable their own account, so that the last one
// cannot lock everybody out.
func (a *Accounts) SetDisabled(ctx context.Context, by *jixiao.User, id int64, disabled bool) error {
	if err := manage(by); err != nil {
		return err
	}
	if disabled && by.ID == id {
		return jixiao.Errorf(jixiao.ErrConflict, "不能停用自己正在使用的账号")
	}
	return notFoundOr(a.wf.SetUserDisabled(ctx, id, disabled, jixiao.Actor(by)), accountNamed(id))
}

// ResetPassword sets a new password on account id (the rule applies) and
// ends its sessions.
func (a *Accounts) ResetPassword(ctx context.Context, by *jixiao.User, id int64, password string) error {
	if err := manage(by); err != nil {
		return err
	}
	if err := passwordOK(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return notFoundOr(a.wf.ResetPassword(ctx, id, hash, jixiao.Actor(by)), accountNamed(id))
}

func accountNamed(id int64) string { return fmt.Sprintf("编号为 %d 的账号", id) }

// passwordOK is auth.CheckPassword as a field error of "password".
func passwordOK(pw string) error {
	if err := auth.CheckPassword(pw); err != nil {
		return &jixiao.FieldError{Field: "password", Msg: err.Error()}
	}
	return nil
}

// checkScope refuses an account whose unit or department no stored table
// names, so that a typo does not make an account that sees nothing. A
// filer's unit must be a 资金使用单位 of some stored project (of a document
// of its department, when one is given); a department must be the 编制部门
// (agency) of a stored document.
func (a *Accounts) checkScope(ctx context.Context, u *jixiao.User) error {
	if u.Department != "" {
		if err := a.checkDepartment(ctx, u.Department); err != nil {
			return err
		}
	}
	if u.Unit != "" {
		return a.checkUnit(ctx, u.Unit, u.Department)
	}
	return nil
}

// notStored is the advice of a scope no table names yet.
const notStored = "先导入该表，或确认无误后选择“仍然创建”（命令行加 --force）"

func (a *Accounts) checkDepartment(ctx context.Context, dept string) error {
	docs, err := a.st.Documents(ctx)
	if err != nil {
		return err
	}
	var agencies []string
	for _, d := range docs {
		if d.Agency == dept {
			return nil
		}
		if !slices.Contains(agencies, d.Agency) {
			agencies = append(agencies, d.Agency)
		}
	}
	return &jixiao.FieldError{Field: "department",
		Msg: fmt.Sprintf("库中没有部门“%s”的表（库中的部门：%s）；%s", dept, listOrNone(agencies), notStored)}
}

func (a *Accounts) checkUnit(ctx context.Context, unit, dept string) error {
	page, err := a.st.Projects(ctx, jixiao.ProjectQuery{Unit: unit, Limit: 100})
	if err != nil {
		return err
	}
	for _, p := range page.Items {
		if dept == "" || p.DocumentAgency == dept {
			return nil
		}
	}
	if len(page.Items) > 0 {
		return &jixiao.FieldError{Field: "unit",
			Msg: fmt.Sprintf("单位“%s”不在部门“%s”的表中（它在“%s”的表中）；%s", unit, dept, page.Items[0].DocumentAgency, notStored)}
	}
	return &jixiao.FieldError{Field: "unit",
		Msg: fmt.Sprintf("库中没有单位“%s”的项目；单位名须与表中“项目名称（资金使用单位）”一栏的单位名一致；%s", unit, notStored)}
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "无，库中还没有表"
	}
	return strings.Join(names, "、")
}
