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
	return workflow.VisibleAdjustments(by, st.Resource(), list), nil
}

// Adjustment reads adjustment id with its document's state, for a user
// who may see it (ErrNotFound otherwise).
func (t *Targets) Adjustment(ctx context.Context, by *jixiao.User, id int64) (*jixiao.Adjustment, jixiao.DocumentStatus, error) {
	adj, err := t.wf.Adjustment(ctx, id)
	if err != nil {
		return nil, jixiao.DocumentStatus{}, notFoundOr(err, adjustmentNamed(id))
	}
	st, err := t.document(ctx, by, adj.DocumentID, jixiao.ActionRead)
	if err != nil {
		return nil, st, err
	}
	if adj.State != jixiao.StateFinanceApproved && !SeesReview(by, st) {
		return nil, st, notFound(adjustmentNamed(id))
	}
	return adj, st, nil
}
