package service

import (
	"context"
	"fmt"
	"strings"

	"jixiao"
)

// Batch approval (issue 15, item 3): a reviewer approves, with one
// confirmation, the projects of a document that are at their stage and
// have no error finding. Each project is checked again when the batch
// runs and approved through Review, as a single approval is (its own audit
// entry naming the reviewer); one that does not qualify is refused with
// its reason, never skipped in silence.

// MaxBatch bounds the projects of one batch approval.
const MaxBatch = 1000

// BatchItem is a project of a batch with the version the reviewer
// confirmed (0: not checked).
type BatchItem struct {
	ProjectID int64 `json:"id"`
	Version   int64 `json:"version,omitempty"`
}

// BatchRefusal is a project of a batch that was not approved, and why.
type BatchRefusal struct {
	ProjectID int64  `json:"project_id"`
	Seq       int    `json:"seq,omitempty"`
	Name      string `json:"name,omitempty"`
	Reason    string `json:"reason"`
}

// BatchApproval is a project a batch approved, with its new state.
type BatchApproval struct {
	Seq    int                  `json:"seq"`
	Name   string               `json:"name"`
	Status jixiao.ProjectStatus `json:"status"`
}

// BatchResult is what a batch did: the projects approved and those
// refused, each in the order asked (the refusals of the check first).
type BatchResult struct {
	Approved []BatchApproval `json:"approved"`
	Refused  []BatchRefusal  `json:"refused"`
}

// BatchPlan is a batch checked but not run: the projects that would be
// approved (as queue rows) and those that would be refused.
type BatchPlan struct {
	Action  jixiao.Action
	OK      []QueueRow
	Items   []BatchItem // OK's items, with the versions checked
	Refused []BatchRefusal
}

// CheckBatch checks a batch approval of items of document id by by,
// changing nothing: for the confirmation step and for ApproveBatch.
// ErrUnauthenticated, ErrNotFound or ErrForbidden when by may not approve
// in the document at all, ErrConflict for a published document, ErrInvalid
// (a *jixiao.FieldError on "project_ids") for no project or more than
// MaxBatch; otherwise each project is in Items or in Refused.
func (t *Targets) CheckBatch(ctx context.Context, by *jixiao.User, id int64, items []BatchItem) (*BatchPlan, error) {
	a, err := t.batchAction(ctx, by, id, len(items))
	if err != nil {
		return nil, err
	}
	q, err := t.Queue(ctx, by, id)
	if err != nil {
		return nil, err
	}
	plan := &BatchPlan{Action: a, Items: []BatchItem{}, Refused: []BatchRefusal{}}
	seen := map[int64]bool{}
	for _, it := range items {
		row, ok := q.Row(it.ProjectID)
		why := batchRefusal(by, a, row, ok, it, seen[it.ProjectID])
		seen[it.ProjectID] = true
		if why != "" {
			plan.Refused = append(plan.Refused, BatchRefusal{ProjectID: it.ProjectID, Seq: row.Seq, Name: row.Name, Reason: why})
			continue
		}
		plan.OK = append(plan.OK, row)
		plan.Items = append(plan.Items, BatchItem{ProjectID: it.ProjectID, Version: row.Status.Version})
	}
	return plan, nil
}

// batchAction is by's approve action on document id, or why by may not
// approve a batch of n projects there.
func (t *Targets) batchAction(ctx context.Context, by *jixiao.User, id int64, n int) (jixiao.Action, error) {
	st, err := t.document(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return "", err
	}
	a, _ := jixiao.ReviewAction("approve", roleOf(by))
	if by == nil {
		return "", jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录后再批量审核")
	}
	if a != jixiao.ActionDeptApprove && a != jixiao.ActionFinanceApprove {
		return "", jixiao.Errorf(jixiao.ErrForbidden, "%s（%s）无权批量审核：审核由主管部门审核人和财政审核人进行", by.Username, by.Role.Label())
	}
	if err := jixiao.Permit(by, a, st.Resource(), documentNamed(id)); err != nil {
		return "", err
	}
	if st.State != jixiao.DocDraft {
		return "", jixiao.Errorf(jixiao.ErrConflict, "文件已公开，项目不能再审核；如需变更请提交目标调整")
	}
	switch {
	case n == 0:
		return "", &jixiao.FieldError{Field: "project_ids", Msg: "请至少选择一个要审核通过的项目"}
	case n > MaxBatch:
		return "", &jixiao.FieldError{Field: "project_ids",
			Msg: fmt.Sprintf("一次最多批量审核 %d 个项目（收到 %d 个），请分批审核", MaxBatch, n)}
	}
	return a, nil
}

// batchRefusal says why project item (its queue row, found says whether
// the document has it for by) may not be approved in the batch, or "".
func batchRefusal(by *jixiao.User, a jixiao.Action, row QueueRow, found bool, it BatchItem, dup bool) string {
	switch {
	case dup:
		return "重复选择了同一项目，只审核一次"
	case !found:
		return fmt.Sprintf("此文件中没有%s", projectNamed(it.ProjectID))
	}
	if err := jixiao.Permit(by, a, row.Status.Resource(), projectNamed(it.ProjectID)); err != nil {
		return jixiao.ErrorMessage(err)
	}
	if _, err := jixiao.ProjectTransition(row.Status.State, row.Status.DocState, a); err != nil {
		return jixiao.ErrorMessage(err)
	}
	if it.Version != 0 && it.Version != row.Status.Version {
		return fmt.Sprintf("项目已修改（确认时为第 %d 版，现为第 %d 版），请重新查看后再审核", it.Version, row.Status.Version)
	}
	if f := row.FirstError; f != nil {
		return fmt.Sprintf("有 %d 个错误级别的审核问题（如：%s），不能批量通过，请逐个审核", row.Errors, f.Message)
	}
	return ""
}

// ApproveBatch approves the projects items of document id as by, each as
// Approve would with comment, after CheckBatch; the refusals of the check
// and any project whose approval then fails (it moved in between) are in
// the result's Refused. The errors are CheckBatch's, and ErrInvalid for a
// comment that cannot be stored.
func (t *Targets) ApproveBatch(ctx context.Context, by *jixiao.User, id int64, items []BatchItem, comment string) (*BatchResult, error) {
	comment = strings.TrimSpace(comment)
	if err := jixiao.CheckText("comment", comment, jixiao.MaxReviewText); err != nil {
		return nil, err
	}
	plan, err := t.CheckBatch(ctx, by, id, items)
	if err != nil {
		return nil, err
	}
	res := &BatchResult{Approved: []BatchApproval{}, Refused: plan.Refused}
	note := "批量审核通过"
	if comment != "" {
		note += "：" + comment
	}
	for _, row := range plan.OK {
		ps, err := t.Review(ctx, by, row.Status.ProjectID, Review{Word: "approve", Comment: note})
		if err != nil {
			why := jixiao.ErrorMessage(err)
			if why == "" {
				why = "未能保存，请稍后重试"
			}
			res.Refused = append(res.Refused, BatchRefusal{ProjectID: row.Status.ProjectID, Seq: row.Seq, Name: row.Name, Reason: why})
			continue
		}
		res.Approved = append(res.Approved, BatchApproval{Seq: row.Seq, Name: row.Name, Status: ps})
	}
	return res, nil
}
