package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/service"
)

// The 账号管理 pages: an administrator lists the accounts, creates one,
// disables or re-enables one and resets a password. Every rule (who may,
// what a valid account is, the password rule, the scope check) is
// service.Accounts'; these handlers only translate.

// adminUsersPage is the data of 账号管理.
type adminUsersPage struct {
	Layout
	Viewer  viewer
	Users   []jixiao.User
	History []jixiao.AuditEntry
	Roles   []jixiao.Role
	// Done says what the last action did, from a fixed list of keys
	// (never text from the URL); Subject is the account it was about.
	Done    string
	Subject string
	// Form is the new-account form as entered (without the password) and
	// Error what was wrong with it.
	Form  service.NewAccount
	Error string
}

// PasswordRule and MinPassword describe the password fields.
func (adminUsersPage) PasswordRule() string { return auth.PasswordRule }
func (adminUsersPage) MinPassword() int     { return auth.MinPasswordRunes }

// adminDone are the success banners of 账号管理, by key.
var adminDone = map[string]string{
	"created":  "已创建账号",
	"disabled": "已停用账号（其登录已全部失效）",
	"enabled":  "已重新启用账号",
	"reset":    "已重置密码（其登录已全部失效，请把新密码当面或电话告知本人）",
}

func (s *site) adminUsers(rw http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	p, err := s.adminPage(r, v)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if msg, ok := adminDone[q.Get("done")]; ok {
		p.Done = msg
		id, _ := strconv.ParseInt(q.Get("id"), 10, 64)
		for _, u := range p.Users {
			if u.ID == id {
				p.Subject = u.Username
			}
		}
	}
	return s.render(rw, r, http.StatusOK, "admin_users", "", p)
}

// adminPage reads what 账号管理 shows for v.
func (s *site) adminPage(r *http.Request, v viewer) (adminUsersPage, error) {
	users, err := s.svc.Accounts.List(r.Context(), v.User)
	if err != nil {
		return adminUsersPage{}, err
	}
	history, err := s.svc.Accounts.History(r.Context(), v.User, 50)
	if err != nil {
		return adminUsersPage{}, err
	}
	return adminUsersPage{Layout: Layout{Title: "账号管理", Nav: "account", Crumbs: []Crumb{{"账号", "/account"}}},
		Viewer: v, Users: users, History: history, Roles: jixiao.Roles}, nil
}

func (s *site) adminCreateUser(rw http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.changer(rw, r)
	if err != nil || !ok {
		return err
	}
	in := service.NewAccount{Username: r.PostFormValue("username"), Role: jixiao.Role(r.PostFormValue("role")),
		Unit: r.PostFormValue("unit"), Department: r.PostFormValue("department"),
		Password: r.PostFormValue("password"), Force: r.PostFormValue("force") == "1"}
	u, err := s.svc.Accounts.Create(r.Context(), v.User, in)
	if msg, bad := formProblem(err); bad {
		p, perr := s.adminPage(r, v)
		if perr != nil {
			return perr
		}
		in.Password = ""
		p.Form, p.Error = in, msg
		return s.render(rw, r, http.StatusUnprocessableEntity, "admin_users", "", p)
	}
	if err != nil {
		return err
	}
	return adminDoneRedirect(rw, r, "created", u.ID)
}

// formProblem is the message of an error about what was typed into a form
// (a field, a taken name), to show on the form again; other errors go to
// the error page.
func formProblem(err error) (string, bool) {
	var fe *jixiao.FieldError
	switch {
	case errors.As(err, &fe):
		return fe.Msg, true
	case errors.Is(err, jixiao.ErrInvalid), errors.Is(err, jixiao.ErrDuplicate):
		return jixiao.ErrorMessage(err), true
	}
	return "", false
}

func (s *site) adminSetDisabled(disabled bool) handlerFunc {
	done := map[bool]string{true: "disabled", false: "enabled"}[disabled]
	return func(rw http.ResponseWriter, r *http.Request) error {
		v, id, ok, err := s.changerOf(rw, r)
		if err != nil || !ok {
			return err
		}
		if err := s.svc.Accounts.SetDisabled(r.Context(), v.User, id, disabled); err != nil {
			return err
		}
		return adminDoneRedirect(rw, r, done, id)
	}
}

func (s *site) adminResetPassword(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	err = s.svc.Accounts.ResetPassword(r.Context(), v.User, id, r.PostFormValue("password"))
	if msg, bad := formProblem(err); bad {
		p, perr := s.adminPage(r, v)
		if perr != nil {
			return perr
		}
		p.Error = msg
		return s.render(rw, r, http.StatusUnprocessableEntity, "admin_users", "", p)
	}
	if err != nil {
		return err
	}
	return adminDoneRedirect(rw, r, "reset", id)
}

func adminDoneRedirect(rw http.ResponseWriter, r *http.Request, done string, id int64) error {
	http.Redirect(rw, r, "/admin/users?"+url.Values{"done": {done}, "id": {strconv.FormatInt(id, 10)}}.Encode(), http.StatusSeeOther)
	return nil
}
