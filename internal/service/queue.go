package service

import (
	"context"
	"slices"

	"jixiao"
	"jixiao/internal/workflow"
)

// The reviewer's queue of a document (issue 15, item 3): each project the
// viewer may see with the tab it falls under for the viewer's tier (待我审核,
// 已退回, 已通过, 不予安排), its error findings, its newest review's result
// and its pending 目标调整, so that a reviewer filters 52 projects instead
// of opening each.

// QueueTab is a tab of the reviewer's queue.
type QueueTab string

// The tabs. A project under none of them (a draft never submitted, or one
// still with the department when finance looks) is only under 全部.
const (
	TabMine     QueueTab = "mine"     // 待我审核: at the viewer's stage
	TabReturned QueueTab = "returned" // 已退回: back with its filer after a return
	TabPassed   QueueTab = "passed"   // 已通过: past the viewer's stage
	TabRejected QueueTab = "rejected" // 不予安排: a 差 closed it for the year
)

// QueueTabs lists the tabs in the order pages show them.
var QueueTabs = []QueueTab{TabMine, TabReturned, TabPassed, TabRejected}

// Label is the tab's Chinese name.
func (t QueueTab) Label() string {
	switch t {
	case TabMine:
		return "待我审核"
	case TabReturned:
		return "已退回"
	case TabPassed:
		return "已通过"
	case TabRejected:
		return "不予安排"
	}
	return "全部"
}

// QueueRow is one project of the queue.
type QueueRow struct {
	Status jixiao.ProjectStatus `json:"status"`
	Seq    int                  `json:"seq"`
	Name   string               `json:"name"`
	Tab    QueueTab             `json:"tab,omitempty"`
	// AtStage says the viewer may review or approve the project itself
	// now (a row is also 待我审核 for an adjustment at the viewer's stage).
	AtStage bool `json:"at_stage"`
	// Errors counts the error findings about the project: such a project
	// is never approved in a batch.
	Errors int `json:"errors"`
	// FirstError is the first of them, as a reason to show.
	FirstError *jixiao.Finding `json:"first_error,omitempty"`
	// Result is the newest review's result, "" when it has none.
	Result jixiao.Result `json:"result,omitempty"`
	// Adjustments counts its 目标调整 under review (已提交 or 部门已审),
	// AdjustmentsMine those of them at the viewer's stage.
	Adjustments     int `json:"adjustments"`
	AdjustmentsMine int `json:"adjustments_mine"`
}

// Batchable says whether the row may be approved in a batch: at the
// viewer's stage with no error finding.
func (r QueueRow) Batchable() bool { return r.AtStage && r.Errors == 0 }

// Queue is a document's projects as the viewer's queue.
type Queue struct {
	Status jixiao.DocumentStatus `json:"-"`
	// Reviewer says the viewer reviews this document (a department
	// reviewer in scope, a finance reviewer): only then is there a 待我审核.
	Reviewer bool             `json:"reviewer"`
	Rows     []QueueRow       `json:"rows"`
	Counts   map[QueueTab]int `json:"counts"`
	Units    []string         `json:"units"`
	byID     map[int64]int    // index of a project's row
}

// Row is project id's row, or false when the viewer does not see it here.
func (q *Queue) Row(id int64) (QueueRow, bool) {
	i, ok := q.byID[id]
	if !ok {
		return QueueRow{}, false
	}
	return q.Rows[i], true
}

// Batchable lists the rows that may be approved in a batch, in order.
func (q *Queue) Batchable() []QueueRow {
	var out []QueueRow
	for _, r := range q.Rows {
		if r.Batchable() {
			out = append(out, r)
		}
	}
	return out
}

// PendingAdjustments counts the document's 目标调整 under review that the
// viewer sees.
func (q *Queue) PendingAdjustments() int {
	n := 0
	for _, r := range q.Rows {
		n += r.Adjustments
	}
	return n
}

// Queue is document id's queue for by (ErrNotFound for a draft by may not
// read). Tabs, results and adjustments need the review, which only users
// within the document's scope see (SeesReview); others get the projects
// with their findings and no tab.
func (t *Targets) Queue(ctx context.Context, by *jixiao.User, id int64) (*Queue, error) {
	st, err := t.DocumentStatus(ctx, by, id)
	if err != nil {
		return nil, err
	}
	doc, err := t.st.Document(ctx, id)
	if err != nil {
		return nil, notFoundOr(err, documentNamed(id))
	}
	q := &Queue{Status: st, Counts: map[QueueTab]int{}, byID: map[int64]int{}}
	q.Reviewer = by != nil && (by.Role == jixiao.RoleDeptReviewer || by.Role == jixiao.RoleFinanceReviewer) &&
		jixiao.InScope(by, st.Resource())
	seq := map[int64]jixiao.Project{}
	for _, p := range doc.Projects {
		seq[p.ID] = p
	}
	for _, ps := range st.Projects {
		p := seq[ps.ProjectID]
		row := QueueRow{Status: ps, Seq: p.Seq, Name: p.Name, AtStage: atStageFor(by, ps)}
		for _, f := range workflow.About(doc.Findings, p.Seq) {
			if f.Severity == jixiao.SeverityError {
				if row.Errors == 0 {
					row.FirstError = &f
				}
				row.Errors++
			}
		}
		q.byID[ps.ProjectID] = len(q.Rows)
		q.Rows = append(q.Rows, row)
		if !slices.Contains(q.Units, ps.Unit) {
			q.Units = append(q.Units, ps.Unit)
		}
	}
	if !SeesReview(by, st) {
		return q, nil
	}
	if err := t.fillReview(ctx, by, q); err != nil {
		return nil, err
	}
	for _, r := range q.Rows {
		if r.Tab != "" {
			q.Counts[r.Tab]++
		}
	}
	return q, nil
}

// atStageFor says whether by may approve a project in status ps now.
func atStageFor(by *jixiao.User, ps jixiao.ProjectStatus) bool {
	a, err := jixiao.ReviewAction("approve", roleOf(by))
	if err != nil || by == nil || jixiao.Authorize(by, a, ps.Resource()) != jixiao.Allow {
		return false
	}
	_, err = jixiao.ProjectTransition(ps.State, ps.DocState, a)
	return err == nil
}

// fillReview sets each row's tab, result and adjustments from the
// document's reviews, audit log and adjustments.
func (t *Targets) fillReview(ctx context.Context, by *jixiao.User, q *Queue) error {
	id := q.Status.DocumentID
	latest, err := t.LatestReviews(ctx, by, id)
	if err != nil {
		return err
	}
	es, err := t.wf.History(ctx, id)
	if err != nil {
		return err
	}
	adjs, err := t.wf.Adjustments(ctx, id)
	if err != nil {
		return err
	}
	lastMove := map[int64]jixiao.Action{}
	for _, e := range es {
		if e.ProjectID != 0 && e.AdjustmentID == 0 && e.ToState != "" && e.Outcome == jixiao.OutcomeOK {
			lastMove[e.ProjectID] = e.Action
		}
	}
	for i := range q.Rows {
		r := &q.Rows[i]
		if lr, ok := latest[r.Status.ProjectID]; ok {
			r.Result = lr.Result
		}
		for _, a := range adjs {
			if a.ProjectID != r.Status.ProjectID || a.State != jixiao.StateSubmitted && a.State != jixiao.StateDeptApproved {
				continue
			}
			r.Adjustments++
			if slices.Contains(AdjustmentActions(by, a, q.Status.Department), "approve") {
				r.AdjustmentsMine++
			}
		}
		r.Tab = tabOf(by, *r, lastMove[r.Status.ProjectID])
	}
	return nil
}

// tabOf is the tab of row r for by, whose last move was last.
func tabOf(by *jixiao.User, r QueueRow, last jixiao.Action) QueueTab {
	s := r.Status.State
	switch {
	case r.AtStage || r.AdjustmentsMine > 0:
		return TabMine
	case s == jixiao.StateRejected:
		return TabRejected
	case s == jixiao.StateDraft && (last == jixiao.ActionDeptReturn || last == jixiao.ActionFinanceReturn):
		return TabReturned
	case s == jixiao.StateFinanceApproved && r.Status.DocState == jixiao.DocDraft,
		s == jixiao.StateDeptApproved && roleOf(by) == jixiao.RoleDeptReviewer:
		return TabPassed
	}
	return ""
}
