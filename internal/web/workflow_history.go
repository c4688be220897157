package web

import (
	"fmt"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/workflow"
)

// The history of a document (every change and review step with its author,
// time, comment and field changes) and the diff between two versions of a
// project, e.g. the returned draft against its resubmission.

// historyRow is an audit entry with what the page links to.
type historyRow struct {
	jixiao.AuditEntry
	Project  string
	DiffFrom int64 // the version before this edit, 0 when there is no diff
}

type historyPage struct {
	Layout
	Doc      *jixiao.Document
	Rows     []historyRow
	Projects []jixiao.Project
}

// seesAudit reports whether v may read a document's audit trail (history,
// version diffs, who proposed and reviewed what) and its adjustments under
// review: the users in the document's scope (its units' filers, its
// department's reviewer, finance reviewers, admins). Visitors and users
// out of scope see what is published only: the table and its approved
// adjustments. The rule is workflow.SeesReview, which the API applies too.
func seesAudit(v viewer, st jixiao.DocumentStatus) bool {
	return workflow.SeesReview(v.User, st.Resource())
}

// auditDenied is the page of a visitor or an out-of-scope user asking for
// an audit trail.
func auditDenied(v viewer) error {
	const who = "修改与审核记录只对本表的填报人、主管部门审核人、财政审核人和管理员开放"
	if v.User == nil {
		return forbiddenPage(who + "，请先登录。")
	}
	return forbiddenPage(fmt.Sprintf("%s；%s（%s）不在本表的范围内。", who, v.User.Username, v.User.Role.Label()))
}

func (w *wfSite) history(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.viewer(r)
	if err != nil {
		return err
	}
	st, err := w.documentFor(r, v, jixiao.ActionRead)
	if err != nil {
		return err
	}
	if !seesAudit(v, st) {
		return auditDenied(v)
	}
	id := st.DocumentID
	doc, err := w.s.store.Document(r.Context(), id)
	if err != nil {
		return err
	}
	es, err := w.wf.History(r.Context(), id)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, p := range doc.Projects {
		names[p.ID] = p.Name
	}
	p := historyPage{Layout: Layout{Title: "修改与审核记录", Nav: "workflow",
		Crumbs: wfCrumbs(Crumb{doc.Title, workbenchURL(id)})}, Doc: doc}
	for _, e := range es {
		row := historyRow{AuditEntry: e, Project: names[e.ProjectID]}
		if e.Action == jixiao.ActionEdit && e.Outcome == jixiao.OutcomeOK && e.Version > 1 {
			row.DiffFrom = e.Version - 1
		}
		p.Rows = append(p.Rows, row)
	}
	return w.s.render(rw, r, http.StatusOK, "workflow_history", "", p)
}

type diffPage struct {
	Layout
	Doc       *jixiao.Document
	ProjectID int64
	From, To  int64
	Latest    int64
	Changes   []jixiao.Change
}

// diff compares two versions of a project (?from=&to=, default the
// previous and the current version).
func (w *wfSite) diff(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.viewer(r)
	if err != nil {
		return err
	}
	ps, err := w.projectFor(r, v, jixiao.ActionRead)
	if err != nil {
		return err
	}
	ds, err := w.wf.DocumentStatus(r.Context(), ps.DocumentID)
	if err != nil {
		return err
	}
	if !seesAudit(v, ds) {
		return auditDenied(v)
	}
	id := ps.ProjectID
	doc, err := w.s.store.Document(r.Context(), ps.DocumentID)
	if err != nil {
		return err
	}
	to := versionParam(r, "to", ps.Version)
	from := versionParam(r, "from", max(to-1, 1))
	if from < 1 || to < 1 || from > ps.Version || to > ps.Version {
		return invalid("版本应在 1 到 %d 之间", ps.Version)
	}
	a, err := w.wf.ProjectVersion(r.Context(), id, from)
	if err != nil {
		return err
	}
	b, err := w.wf.ProjectVersion(r.Context(), id, to)
	if err != nil {
		return err
	}
	p := diffPage{Layout: Layout{Title: "版本对比：" + b.Name, Nav: "workflow",
		Crumbs: wfCrumbs(Crumb{doc.Title, workbenchURL(doc.ID)}, Crumb{"修改与审核记录", historyURL(doc.ID)})},
		Doc: doc, ProjectID: id, From: from, To: to, Latest: ps.Version, Changes: jixiao.DiffProjects(a, b, doc.MoneyUnit)}
	return w.s.render(rw, r, http.StatusOK, "workflow_diff", "", p)
}

func versionParam(r *http.Request, name string, def int64) int64 {
	n, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil {
		return def
	}
	return n
}
