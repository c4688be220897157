package web

import (
	"net/http"
	"strconv"

	"jixiao"
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

func (s *site) history(rw http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	es, err := s.svc.Targets.History(r.Context(), v.User, id)
	if err != nil {
		return err
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return err
	}
	doc, err := rd.Document(r.Context(), id)
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
	return s.render(rw, r, http.StatusOK, "workflow_history", "", p)
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
func (s *site) diff(rw http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	ps, err := s.svc.Targets.ProjectStatus(r.Context(), v.User, id)
	if err != nil {
		return err
	}
	to := versionParam(r, "to", ps.Version)
	from := versionParam(r, "from", max(to-1, 1))
	if from < 1 || to < 1 || from > ps.Version || to > ps.Version {
		return invalid("版本应在 1 到 %d 之间", ps.Version)
	}
	a, err := s.svc.Targets.ProjectVersion(r.Context(), v.User, id, from)
	if err != nil {
		return err
	}
	b, err := s.svc.Targets.ProjectVersion(r.Context(), v.User, id, to)
	if err != nil {
		return err
	}
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return err
	}
	doc, err := rd.Document(r.Context(), ps.DocumentID)
	if err != nil {
		return err
	}
	p := diffPage{Layout: Layout{Title: "版本对比：" + b.Name, Nav: "workflow",
		Crumbs: wfCrumbs(Crumb{doc.Title, workbenchURL(doc.ID)}, Crumb{"修改与审核记录", historyURL(doc.ID)})},
		Doc: doc, ProjectID: id, From: from, To: to, Latest: ps.Version, Changes: jixiao.DiffProjects(a, b, doc.MoneyUnit)}
	return s.render(rw, r, http.StatusOK, "workflow_diff", "", p)
}

func versionParam(r *http.Request, name string, def int64) int64 {
	n, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil {
		return def
	}
	return n
}
