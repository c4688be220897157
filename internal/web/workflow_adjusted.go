package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/service"
)

// Approved target adjustments (目标调整) on the published table (issue 6
// part 3): the approved value is already in the project (the store writes
// it at 财政已审); this marks every field it changed with an 已调整 badge
// that shows the value before on hover and links the adjustment's page
// (reason, reviewers, dates). Only 财政已审 adjustments mark anything: a
// proposal under review changes nothing on the public pages.

// adjustedMark is one adjusted field: the latest approved adjustment of it,
// and the value the table was published with when it was adjusted more
// than once.
type adjustedMark struct {
	Latest   jixiao.Adjustment
	Original string // the value before the first approved adjustment
	Times    int
}

// Badge is the mark as HTML, built here (every piece escaped) because the
// document page writes indicators by hand (indicatorRow.Published); the
// templates print the same badge.
func (m *adjustedMark) Badge() template.HTML {
	if m == nil {
		return ""
	}
	a := m.Latest
	title := fmt.Sprintf("已调整：原值 %s → %s\n理由：%s", a.Old, a.New, a.Reason)
	if m.Times > 1 {
		title = fmt.Sprintf("已调整 %d 次：公开时为 %s，最近一次 %s → %s\n理由：%s", m.Times, m.Original, a.Old, a.New, a.Reason)
	}
	e := html.EscapeString
	return template.HTML(` <a class="adjusted" href="` + e(adjustmentURL(a.ID)) + `" data-old="` + e(a.Old) +
		`" title="` + e(title) + `">已调整</a>`)
}

// projectAdjustments are the marks of one project's goal and indicators.
type projectAdjustments struct {
	Goal           *adjustedMark
	Annual, Period map[int]*adjustedMark // by indicator seq
}

// documentAdjustments reads the approved adjustments of a document, by
// project id. The document page and the project page both mark their
// fields from it.
func (s *site) documentAdjustments(ctx context.Context, documentID int64) (map[int64]*projectAdjustments, error) {
	list, err := s.svc.Targets.InForce(ctx, documentID)
	if err != nil {
		return nil, err
	}
	out := map[int64]*projectAdjustments{}
	for _, a := range list { // oldest first: the last one is the value shown
		if a.State != jixiao.StateFinanceApproved {
			continue
		}
		pa := out[a.ProjectID]
		if pa == nil {
			pa = &projectAdjustments{Annual: map[int]*adjustedMark{}, Period: map[int]*adjustedMark{}}
			out[a.ProjectID] = pa
		}
		switch a.Field {
		case jixiao.AdjustAnnual:
			pa.Annual[a.IndicatorSeq] = pa.Annual[a.IndicatorSeq].add(a)
		case jixiao.AdjustPeriod:
			pa.Period[a.IndicatorSeq] = pa.Period[a.IndicatorSeq].add(a)
		default:
			pa.Goal = pa.Goal.add(a)
		}
	}
	return out, nil
}

// add counts a, approved after the adjustments m holds; a nil m starts
// with a.
func (m *adjustedMark) add(a jixiao.Adjustment) *adjustedMark {
	if m == nil {
		m = &adjustedMark{Original: a.Old}
	}
	m.Latest, m.Times = a, m.Times+1
	return m
}

// markIndicators gives each indicator row its adjusted targets' marks.
func (pa *projectAdjustments) markIndicators(rows []indicatorRow) {
	if pa == nil {
		return
	}
	for i := range rows {
		rows[i].AnnualAdjusted = pa.Annual[rows[i].Seq]
		rows[i].PeriodAdjusted = pa.Period[rows[i].Seq]
	}
}

// count is how many fields of the project approved adjustments changed.
func (pa *projectAdjustments) count() int {
	if pa == nil {
		return 0
	}
	n := len(pa.Annual) + len(pa.Period)
	if pa.Goal != nil {
		n++
	}
	return n
}

// goal is the goal's mark, nil-safe.
func (pa *projectAdjustments) goal() *adjustedMark {
	if pa == nil {
		return nil
	}
	return pa.Goal
}

func adjustmentURL(id int64) string { return "/workflow/adjustments/" + itoa(id) }

// adjustmentPage is the data of one 目标调整's page: what it changed and
// why, and each step of its review with who took it and when.
type adjustmentPage struct {
	Layout
	Adj       *jixiao.Adjustment
	Doc       jixiao.DocumentSummary
	Project   string
	InTable   string // the adjusted element on the document page
	Steps     []jixiao.AuditEntry
	Effective *jixiao.AuditEntry // the step that put the new value in the table
	Audit     bool               // the viewer sees who proposed and reviewed it (seesAudit)
}

// adjustment shows one adjustment by the workbench's rule: within the
// document's scope any adjustment with its review steps; to visitors and
// users out of scope only an approved one, with its effective date but
// without names and comments, and one under review is not found.
func (s *site) adjustment(rw http.ResponseWriter, r *http.Request) error {
	v, id, err := s.viewerOf(r)
	if err != nil {
		return err
	}
	a, st, steps, err := s.svc.Targets.Adjustment(r.Context(), v.User, id)
	if err != nil {
		return err
	}
	p, err := s.adjustmentData(r, a, steps)
	if err != nil {
		return err
	}
	p.Audit = service.SeesReview(v.User, st)
	return s.render(rw, r, http.StatusOK, "workflow_adjustment", "", p)
}

// adjustmentData gathers the page: the document and project it is about
// and its steps from the document's audit log.
func (s *site) adjustmentData(r *http.Request, a *jixiao.Adjustment, steps []jixiao.AuditEntry) (*adjustmentPage, error) {
	rd, err := s.reader(r)
	if err != nil {
		return nil, err
	}
	doc, err := documentSummary(r, rd, a.DocumentID)
	if err != nil {
		return nil, err
	}
	pr, err := rd.Project(r.Context(), a.ProjectID)
	if err != nil {
		return nil, err
	}
	p := &adjustmentPage{Layout: Layout{Title: "目标调整 " + strconv.FormatInt(a.ID, 10) + "：" + a.Label(), Nav: "workflow",
		Crumbs: []Crumb{{"总览", "/"}, {docTitle(doc.Agency, doc.Year), docURL(doc.ID)}, {pr.Name, projectURL(pr.ID)}}},
		Adj: a, Doc: doc, Project: pr.Name, InTable: fmt.Sprintf("%s#p%d", docURL(doc.ID), a.ProjectSeq)}
	if a.IndicatorSeq > 0 {
		p.InTable += fmt.Sprintf("-i%d", a.IndicatorSeq)
	}
	for _, e := range steps {
		if e.Username != "" { // outsiders get the effective date alone
			p.Steps = append(p.Steps, e)
		}
		if e.ToState == jixiao.StateFinanceApproved && e.Outcome == jixiao.OutcomeOK {
			p.Effective = &e
		}
	}
	return p, nil
}
