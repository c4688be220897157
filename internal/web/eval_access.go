package web

import (
	"fmt"
	"net/http"

	"jixiao"
)

// Who may change what in 绩效监控与自评, with the accounts of the workflow
// (issue 6) where the store keeps them: opening a monitoring round is the
// finance bureau's (财政审核 or 管理员); recording actuals is for whoever's
// scope covers the project (a filer: their own unit; a department
// reviewer: their department; finance and admins: everything). Without
// accounts (a store with no workflow) the pages are open, as the CLI is.

// evalViewer is who looks at an eval page: the CSRF token its forms carry,
// and whether a login is needed before changing anything.
type evalViewer struct {
	User     *jixiao.User
	CSRF     string
	Accounts bool
}

// NeedsLogin tells the page to ask a visitor to log in.
func (v evalViewer) NeedsLogin() bool { return v.Accounts && v.User == nil }

func (s *site) evalViewer(r *http.Request) (evalViewer, error) {
	w, ok := wfSites.Load(s)
	if !ok {
		return evalViewer{}, nil
	}
	v, err := w.(*wfSite).viewer(r)
	return evalViewer{User: v.User, CSRF: v.CSRF(), Accounts: true}, err
}

// evalHandle is handle that also shows the workflow's 403 and 409 pages.
func (s *site) evalHandle(h handlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if w, ok := wfSites.Load(s); ok {
			w.(*wfSite).handle(h)(rw, r)
			return
		}
		s.handle(h)(rw, r)
	}
}

// evalChanger resolves the user of a form post and checks its CSRF token;
// a visitor is sent to log in (ok false, nothing written). With no accounts
// the user is nil and ok is true.
func (s *site) evalChanger(rw http.ResponseWriter, r *http.Request) (*jixiao.User, bool, error) {
	w, found := wfSites.Load(s)
	if !found {
		return nil, true, nil
	}
	v, ok, err := w.(*wfSite).changer(rw, r)
	return v.User, ok, err
}

// mayOpenRound: the finance bureau opens monitoring rounds.
func mayOpenRound(u *jixiao.User, accounts bool) error {
	if !accounts || u.Role == jixiao.RoleFinanceReviewer || u.Role == jixiao.RoleAdmin {
		return nil
	}
	return forbiddenPage("只有财政审核人员或管理员可以开启监控轮次")
}

// mayRecord: the project lies in the user's scope.
func mayRecord(u *jixiao.User, accounts bool, doc *jixiao.Document, p *jixiao.Project) error {
	if !accounts || jixiao.InScope(u, jixiao.ProjectResource(doc.Agency, p, true)) {
		return nil
	}
	return forbiddenPage(fmt.Sprintf("“%s”属于%s，不在您的填报范围内", p.Name, p.Unit))
}

// scopeActuals keeps of a workbook's rows those the user may record: rows
// of other units' projects are dropped when empty (the template lists every
// project) and refused when filled in.
func scopeActuals(u *jixiao.User, accounts bool, doc *jixiao.Document, a *jixiao.Actuals) error {
	if !accounts {
		return nil
	}
	allowed := map[int]bool{}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		allowed[p.Seq] = mayRecord(u, true, doc, p) == nil
	}
	var ps []jixiao.ProjectActual
	for _, pa := range a.Projects {
		switch {
		case allowed[pa.ProjectSeq]:
			ps = append(ps, pa)
		case pa.HasExecuted || pa.HasForecast || pa.Note != "":
			return forbiddenPage(fmt.Sprintf("项目 %d 不在您的填报范围内，请删去该行的执行数", pa.ProjectSeq))
		}
	}
	var is []jixiao.IndicatorActual
	for _, ia := range a.Indicators {
		switch {
		case allowed[ia.ProjectSeq]:
			is = append(is, ia)
		case !ia.Empty():
			return forbiddenPage(fmt.Sprintf("项目 %d 指标 %d 不在您的填报范围内，请删去该行的填报内容", ia.ProjectSeq, ia.Seq))
		}
	}
	a.Projects, a.Indicators = ps, is
	return nil
}
