package jixiao

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// Role is what an account may do. Scope (a unit, a department) narrows it.
type Role string

// The four roles. A filer (填报人) writes one unit's projects; a department
// reviewer (主管部门审核人) reviews its department's units; a finance
// reviewer (财政审核人) reviews every department and publishes; an admin
// manages accounts and documents but takes no part in the review.
const (
	RoleFiler           Role = "filer"
	RoleDeptReviewer    Role = "dept_reviewer"
	RoleFinanceReviewer Role = "finance_reviewer"
	RoleAdmin           Role = "admin"
)

// Roles lists every role, in workflow order.
var Roles = []Role{RoleFiler, RoleDeptReviewer, RoleFinanceReviewer, RoleAdmin}

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleFiler:
		return "填报人"
	case RoleDeptReviewer:
		return "主管部门审核人"
	case RoleFinanceReviewer:
		return "财政审核人"
	case RoleAdmin:
		return "管理员"
	}
	return "访客"
}

// User is an account. Unit is required for a filer, Department for a
// department reviewer; a filer's Department, when set, narrows the unit to
// that department's documents.
type User struct {
	ID         int64     `json:"id"`
	Username   string    `json:"username"`
	Role       Role      `json:"role"`
	Unit       string    `json:"unit,omitempty"`
	Department string    `json:"department,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	// Disabled accounts cannot log in and their sessions end.
	Disabled bool `json:"disabled,omitempty"`
}

// ScopeLabel says where the account acts, for messages and the audit log:
// "，部门 …，单位 …", or "" for a role without a scope.
func (u *User) ScopeLabel() string {
	var s string
	if u.Department != "" {
		s += "，部门 " + u.Department
	}
	if u.Unit != "" {
		s += "，单位 " + u.Unit
	}
	return s
}

// Validate checks the username (CheckUsername) and that the account has a
// known role and the scope it needs.
func (u *User) Validate() error {
	if err := CheckUsername(u.Username); err != nil {
		return err
	}
	switch {
	case !slices.Contains(Roles, u.Role):
		return Errorf(ErrInvalid, "未知角色 %q（可选 filer、dept_reviewer、finance_reviewer、admin）", u.Role)
	case u.Role == RoleFiler && strings.TrimSpace(u.Unit) == "":
		return Errorf(ErrInvalid, "填报人（filer）必须指定单位")
	case u.Role == RoleDeptReviewer && strings.TrimSpace(u.Department) == "":
		return Errorf(ErrInvalid, "主管部门审核人（dept_reviewer）必须指定部门")
	}
	return nil
}

// Session is a logged-in session as a store keeps it: only the SHA-256 of
// the token is stored, so a leaked table does not leak live sessions.
type Session struct {
	TokenHash string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
	ExpiresAt time.Time `json:"expires_at"` // absolute limit
}

// ErrNoAccount is what a login with an unknown name or a wrong password
// gets; the two cases are not told apart.
var ErrNoAccount = errors.New("用户名或密码错误")
