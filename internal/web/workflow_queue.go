package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/service"
)

// The reviewer's queue on the workbench (issue 15, item 3): tabs 待我审核 /
// 已退回 / 已通过 / 不予安排 with counts, filters by unit, state, review
// result and error findings (a GET form, so a filtered queue is a link),
// and the batch approval of the clean projects at the reviewer's stage:
// the workbench posts the selection to a confirmation page, whose one
// button runs service.Targets.ApproveBatch; the result page lists what was
// approved and what was refused, and why.

// queueFilter is the workbench's query: the tab and the filters.
type queueFilter struct {
	Tab    string // a service.QueueTab, "" for 全部
	Unit   string
	State  string
	Result string // a jixiao.Result, or "none" for no review yet
	Errors string // "yes": only with error findings, "no": only without
}

func queueFilterOf(q url.Values) queueFilter {
	return queueFilter{Tab: q.Get("queue"), Unit: q.Get("unit"), State: q.Get("state"),
		Result: q.Get("result"), Errors: q.Get("errors")}
}

// keep says whether row passes the filter.
func (f queueFilter) keep(row service.QueueRow) bool {
	switch {
	case f.Tab != "" && string(row.Tab) != f.Tab,
		f.Unit != "" && row.Status.Unit != f.Unit,
		f.State != "" && string(row.Status.State) != f.State,
		f.Result == "none" && row.Result != "",
		f.Result != "" && f.Result != "none" && string(row.Result) != f.Result,
		f.Errors == "yes" && row.Errors == 0,
		f.Errors == "no" && row.Errors > 0:
		return false
	}
	return true
}

// values is the filter as a query, with tab in place of f's.
func (f queueFilter) values(tab string) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"queue": tab, "unit": f.Unit, "state": f.State, "result": f.Result, "errors": f.Errors} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// Filtered says whether any filter but the tab is set.
func (f queueFilter) Filtered() bool {
	return f.Unit != "" || f.State != "" || f.Result != "" || f.Errors != ""
}

// queueTabLink is a tab of the queue.
type queueTabLink struct {
	Key, Label, URL string
	Count           int
	Current         bool
}

// queueView is the queue's part of the workbench.
type queueView struct {
	Filter   queueFilter
	Reviewer bool
	Tabs     []queueTabLink
	Units    []string
	States   []jixiao.State
	Results  []jixiao.Result
	// Batchable counts the clean projects at the reviewer's stage that
	// the filters keep: what 全部无错误的待审项目 approves.
	Batchable   int
	Adjustments int // 目标调整 under review in the document
	Shown, All  int
}

// newQueueView is the tabs and filters of queue q for the workbench of doc.
func newQueueView(q *service.Queue, f queueFilter, doc int64) queueView {
	qv := queueView{Filter: f, Reviewer: q.Reviewer, Units: q.Units, Results: jixiao.Results, All: len(q.Rows),
		States:      []jixiao.State{jixiao.StateDraft, jixiao.StateSubmitted, jixiao.StateDeptApproved, jixiao.StateFinanceApproved, jixiao.StateRejected},
		Adjustments: q.PendingAdjustments()}
	all := queueTabLink{Key: "", Label: "全部", Count: len(q.Rows), Current: f.Tab == ""}
	qv.Tabs = append(qv.Tabs, all)
	for _, t := range service.QueueTabs {
		if t == service.TabMine && !q.Reviewer {
			continue
		}
		qv.Tabs = append(qv.Tabs, queueTabLink{Key: string(t), Label: t.Label(), Count: q.Counts[t], Current: f.Tab == string(t)})
	}
	for i := range qv.Tabs {
		qv.Tabs[i].URL = workbenchURL(doc) + "#queue"
		if v := f.values(qv.Tabs[i].Key); len(v) > 0 {
			qv.Tabs[i].URL = workbenchURL(doc) + "?" + v.Encode() + "#queue"
		}
	}
	for _, r := range q.Rows {
		if f.keep(r) {
			qv.Shown++
			if r.Batchable() {
				qv.Batchable++
			}
		}
	}
	return qv
}

// batchPage is the confirmation of a batch approval and, once done, its
// result.
type batchPage struct {
	Layout
	Viewer  viewer
	Doc     *jixiao.Document
	Plan    *service.BatchPlan
	Result  *service.BatchResult
	Error   string
	Comment string
	Back    string
}

// Tier is the reviewer's level, as the confirmation names it.
func (p *batchPage) Tier() string { return p.Plan.Action.Label() }

// batchItems reads the posted selection: "project" ids, or all=clean for
// every clean project at the reviewer's stage that the posted filters
// keep.
func (s *site) batchItems(r *http.Request, v viewer, id int64) ([]service.BatchItem, error) {
	if r.PostFormValue("all") == "clean" {
		q, err := s.svc.Targets.Queue(r.Context(), v.User, id)
		if err != nil {
			return nil, err
		}
		f := queueFilterOf(r.PostForm)
		var out []service.BatchItem
		for _, row := range q.Batchable() {
			if f.keep(row) {
				out = append(out, service.BatchItem{ProjectID: row.Status.ProjectID, Version: row.Status.Version})
			}
		}
		return out, nil
	}
	var out []service.BatchItem
	for _, text := range r.PostForm["project"] {
		pid, ver, _ := strings.Cut(text, ":")
		n, err := strconv.ParseInt(pid, 10, 64)
		if err != nil || n <= 0 {
			return nil, invalid("项目编号 %q 不是正整数", text)
		}
		version, _ := strconv.ParseInt(ver, 10, 64)
		out = append(out, service.BatchItem{ProjectID: n, Version: version})
	}
	return out, nil
}

// loadBatch starts the batch page of document id.
func (s *site) loadBatch(r *http.Request, v viewer, id int64) (*batchPage, error) {
	rd, err := s.svc.Targets.View(r.Context(), v.User)
	if err != nil {
		return nil, err
	}
	doc, err := rd.Document(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &batchPage{Layout: Layout{Title: "批量审核通过：" + doc.Title, Nav: "workflow",
		Crumbs: wfCrumbs(Crumb{doc.Title, workbenchURL(id)})}, Viewer: v, Doc: doc,
		Back: workbenchURL(id) + "?queue=" + string(service.TabMine) + "#queue"}, nil
}

// batchConfirm shows what a batch approval would do, with the one button
// that does it. Nothing is changed here.
func (s *site) batchConfirm(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	p, err := s.loadBatch(r, v, id)
	if err != nil {
		return err
	}
	its, err := s.batchItems(r, v, id)
	if err == nil {
		p.Plan, err = s.svc.Targets.CheckBatch(r.Context(), v.User, id, its)
	}
	if errors.Is(err, jixiao.ErrInvalid) {
		p.Error = jixiao.ErrorMessage(err)
		return s.render(rw, r, http.StatusUnprocessableEntity, "workflow_batch", "", p)
	}
	if err != nil {
		return err
	}
	return s.render(rw, r, http.StatusOK, "workflow_batch", "", p)
}

// batchApprove runs the confirmed batch and shows its result.
func (s *site) batchApprove(rw http.ResponseWriter, r *http.Request) error {
	v, id, ok, err := s.changerOf(rw, r)
	if err != nil || !ok {
		return err
	}
	p, err := s.loadBatch(r, v, id)
	if err != nil {
		return err
	}
	p.Comment = r.PostFormValue("comment")
	its, err := s.batchItems(r, v, id)
	if err == nil {
		p.Result, err = s.svc.Targets.ApproveBatch(r.Context(), v.User, id, its, p.Comment)
	}
	if errors.Is(err, jixiao.ErrInvalid) {
		p.Error = jixiao.ErrorMessage(err)
		return s.render(rw, r, http.StatusUnprocessableEntity, "workflow_batch", "", p)
	}
	if err != nil {
		return err
	}
	p.Title = "批量审核结果：" + p.Doc.Title
	p.Back = workbenchURL(id) + "#queue"
	return s.render(rw, r, http.StatusOK, "workflow_batch", "", p)
}

// ResultClass is the CSS class of the row's review result badge.
func (b benchProject) ResultClass() string {
	i := slices.Index(jixiao.Results, b.Queue.Result)
	if i < 0 {
		return "result-none"
	}
	return "result-" + strconv.Itoa(i)
}
