package web

import (
	"net/http"
)

// DemoAccount is an account of "jixiao demo" as 演示指引 lists it: the
// password is shown, since the demo is for trying.
type DemoAccount struct {
	Username, Password string
	Role               string // the role's Chinese label
	Scope              string // unit or department, "" for all
	Try                string // what to try as this account, in Chinese
}

// demoPage is the data of 演示指引.
type demoPage struct {
	Layout
	Accounts []DemoAccount
}

func (s *site) demoGuide(w http.ResponseWriter, r *http.Request) error {
	p := demoPage{Layout: Layout{Title: "演示指引", Crumbs: []Crumb{{"总览", "/"}}}, Accounts: s.opts.Demo}
	return s.render(w, r, http.StatusOK, "demo", "", p)
}
