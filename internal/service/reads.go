package service

import (
	"context"
	"slices"

	"jixiao"
	"jixiao/internal/workflow"
)

// The workflow's reads, each deciding what by may see as the View does.

// DocumentStatus is document id's workflow state with the projects by may
// see, in document order (ErrNotFound for a draft by may not read).
func (t *Targets) DocumentStatus(ctx context.Context, by *jixiao.User, id int64) (jixiao.DocumentStatus, error) {
	st, err := t.document(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return st, err
	}
	st.Projects = slices.DeleteFunc(slices.Clone(st.Projects), func(p jixiao.ProjectStatus) bool {
		return jixiao.Authorize(by, jixiao.ActionRead, p.Resource()) != jixiao.Allow
	})
	return st, nil
}

// ProjectStatus is project id's workflow state (ErrNotFound for a project
// by may not see).
func (t *Targets) ProjectStatus(ctx context.Context, by *jixiao.User, id int64) (jixiao.ProjectStatus, error) {
	return t.project(ctx, by, id, jixiao.ActionRead)
}

// SeesReview reports whether by sees the review of document st: its
// history and its adjustments under review (workflow.SeesReview).
func SeesReview(by *jixiao.User, st jixiao.DocumentStatus) bool {
	return workflow.SeesReview(by, st.Resource())
}

// History is document id's audit log, oldest first, for the users within
// its scope (ErrNotFound for others, as for a missing document), without
// the entries about projects by may not see.
func (t *Targets) History(ctx context.Context, by *jixiao.User, id int64) ([]jixiao.AuditEntry, error) {
	st, err := t.document(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return nil, err
	}
	if !SeesReview(by, st) {
		return nil, jixiao.Errorf(jixiao.ErrNotFound, "文件 %d 的修改与审核记录只对其单位、主管部门和财政的人员开放", id)
	}
	es, err := t.wf.History(ctx, id)
	if err != nil {
		return nil, err
	}
	hidden := map[int64]bool{}
	for _, p := range st.Projects {
		if jixiao.Authorize(by, jixiao.ActionRead, p.Resource()) != jixiao.Allow {
			hidden[p.ProjectID] = true
		}
	}
	return slices.DeleteFunc(es, func(e jixiao.AuditEntry) bool { return hidden[e.ProjectID] }), nil
}

// ProjectVersion is version of project id, for the diff of two versions.
func (t *Targets) ProjectVersion(ctx context.Context, by *jixiao.User, id, version int64) (*jixiao.Project, error) {
	ps, err := t.project(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return nil, err
	}
	st, err := t.wf.DocumentStatus(ctx, ps.DocumentID)
	if err != nil {
		return nil, err
	}
	if !SeesReview(by, st) {
		return nil, jixiao.Errorf(jixiao.ErrNotFound, "项目 %d 的修改记录只对其单位、主管部门和财政的人员开放", id)
	}
	return t.wf.ProjectVersion(ctx, id, version)
}

// Adjustments lists document id's target adjustments, oldest first: all of
// them for a user within its scope, else only those in force (财政已审),
// without who proposed them.
func (t *Targets) Adjustments(ctx context.Context, by *jixiao.User, id int64) ([]jixiao.Adjustment, error) {
	st, err := t.document(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return nil, err
	}
	list, err := t.wf.Adjustments(ctx, id)
	if err != nil {
		return nil, err
	}
	list = workflow.VisibleAdjustments(by, st.Resource(), list)
	if !SeesReview(by, st) {
		for i := range list {
			list[i].CreatedBy = ""
		}
	}
	return list, nil
}

// AdjustmentActions lists the review words (submit, approve, return) by
// may use on adjustment a of a document by agency dept right now.
func AdjustmentActions(by *jixiao.User, a jixiao.Adjustment, dept string) []string {
	var out []string
	for _, word := range []string{"submit", "approve", "return"} {
		act, err := jixiao.ReviewAction(word, roleOf(by))
		if err != nil || jixiao.Authorize(by, act, a.Resource(dept)) != jixiao.Allow {
			continue
		}
		if _, err := jixiao.AdjustmentTransition(a.State, act); err == nil {
			out = append(out, word)
		}
	}
	return out
}

// InForce lists document id's adjustments in force (财政已审), oldest
// first: they are part of the published table, for everyone to see.
func (t *Targets) InForce(ctx context.Context, id int64) ([]jixiao.Adjustment, error) {
	list, err := t.wf.Adjustments(ctx, id)
	return slices.DeleteFunc(list, func(a jixiao.Adjustment) bool { return a.State != jixiao.StateFinanceApproved }), err
}

// Adjustment reads adjustment id with its document's state and its review
// steps from the audit log. Within the document's scope any adjustment
// with every step; for others only one in force (ErrNotFound for one under
// review), without who proposed it and with no step but when it took
// effect.
func (t *Targets) Adjustment(ctx context.Context, by *jixiao.User, id int64) (*jixiao.Adjustment, jixiao.DocumentStatus, []jixiao.AuditEntry, error) {
	adj, err := t.wf.Adjustment(ctx, id)
	if err != nil {
		return nil, jixiao.DocumentStatus{}, nil, notFoundOr(err, adjustmentNamed(id))
	}
	st, err := t.document(ctx, by, adj.DocumentID, jixiao.ActionRead)
	if err != nil {
		return nil, st, nil, err
	}
	audit := SeesReview(by, st)
	if adj.State != jixiao.StateFinanceApproved && !audit {
		return nil, st, nil, notFound(adjustmentNamed(id))
	}
	es, err := t.wf.History(ctx, adj.DocumentID)
	if err != nil {
		return nil, st, nil, err
	}
	var steps []jixiao.AuditEntry
	for _, e := range es {
		switch {
		case e.AdjustmentID != id:
		case audit:
			steps = append(steps, e)
		case e.ToState == jixiao.StateFinanceApproved && e.Outcome == jixiao.OutcomeOK:
			steps = append(steps, jixiao.AuditEntry{At: e.At, ToState: e.ToState, Outcome: e.Outcome})
		}
	}
	if !audit {
		adj.CreatedBy = ""
	}
	return adj, st, steps, nil
}

// CanPublish says whether by may publish document st now; when by may but
// the projects' states do not allow it yet, why says so.
func (t *Targets) CanPublish(by *jixiao.User, st jixiao.DocumentStatus) (ok bool, why string) {
	if jixiao.Authorize(by, jixiao.ActionPublish, st.Resource()) != jixiao.Allow {
		return false, ""
	}
	if err := st.Publishable(); err != nil {
		return false, jixiao.ErrorMessage(err)
	}
	return true, ""
}
