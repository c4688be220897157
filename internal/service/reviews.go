package service

import (
	"context"
	"slices"
	"strings"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/workflow"
)

// The 审核 of 财预〔2015〕88号 第三章: a reviewer judges a project on the four
// criteria and gives a result, whose consequence moves the project
// (jixiao.Review.Action).

// ReviewProject stores by's 审核 r of project id and takes the step its
// result leads to: 优 and 良 approve, 中 returns to the filer, 差 rejects
// (不予安排). The tier is by's role, whatever r says. ErrNotFound or
// ErrForbidden as the matching approve/return/reject would give,
// ErrInvalid for an incomplete review (jixiao.Review.Validate),
// ErrConflict (a *jixiao.TransitionError) when the project is not at by's
// stage. The review, the move and its audit entry (the opinions as its
// comment) are one transaction.
func (t *Targets) ReviewProject(ctx context.Context, by *jixiao.User, id int64, r jixiao.Review) (*jixiao.StoredReview, jixiao.ProjectStatus, error) {
	r.Tier = roleOf(by)
	a := r.Action()
	if by == nil {
		a = jixiao.ActionDeptApprove // a visitor: hidden draft or asked to log in
	} else if r.Tier != jixiao.RoleDeptReviewer && r.Tier != jixiao.RoleFinanceReviewer {
		a = jixiao.ActionRead // Validate says who reviews
	}
	ps, err := t.project(ctx, by, id, a)
	if err != nil {
		return nil, ps, err
	}
	r.Opinion, r.Fixes = strings.TrimSpace(r.Opinion), strings.TrimSpace(r.Fixes)
	r.Criteria = slices.Clone(r.Criteria)
	for i := range r.Criteria {
		r.Criteria[i].Opinion = strings.TrimSpace(r.Criteria[i].Opinion)
	}
	if err := r.Validate(); err != nil {
		return nil, ps, err
	}
	if err := atStage(by.Role, ps); err != nil {
		return nil, ps, err
	}
	to, err := jixiao.ProjectTransition(ps.State, ps.DocState, a)
	if err != nil {
		return nil, ps, err
	}
	e := jixiao.Actor(by)
	e.Action, e.FromState, e.ToState, e.Comment = a, ps.State, to, r.Opinions()
	sr := &jixiao.StoredReview{ProjectID: id, Review: r, Version: r.SeenVersion}
	ps, err = t.wf.ReviewProject(ctx, sr, e)
	if err != nil {
		return nil, ps, err
	}
	return sr, ps, nil
}

// ReviewSheet is what a 审核 of a project starts from: the project, its
// state, the reviews stored so far (oldest first: finance sees the
// department's), and, for a reviewer who may review it now, the review
// pre-filled from the rules' findings (check.PrefillReview) with the
// findings on the table's arithmetic that no criterion marks.
type ReviewSheet struct {
	Status  jixiao.ProjectStatus  `json:"status"`
	Project *jixiao.Project       `json:"-"`
	Reviews []jixiao.StoredReview `json:"reviews"`
	// CanReview says whether by may review the project now; Prefill and
	// Accuracy are set only then.
	CanReview bool             `json:"can_review"`
	Prefill   *jixiao.Review   `json:"prefill,omitempty"`
	Accuracy  []jixiao.Finding `json:"accuracy,omitempty"`
}

// Latest is the newest stored review, or nil.
func (s *ReviewSheet) Latest() *jixiao.StoredReview {
	if len(s.Reviews) == 0 {
		return nil
	}
	return &s.Reviews[len(s.Reviews)-1]
}

// Reviews is project id's ReviewSheet for by: ErrNotFound for a project by
// may not see, or whose review is not open to by (only its unit, its
// department and finance read it, as the history).
func (t *Targets) Reviews(ctx context.Context, by *jixiao.User, id int64) (*ReviewSheet, error) {
	ps, err := t.project(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return nil, err
	}
	if !workflow.SeesReview(by, ps.Resource()) {
		return nil, jixiao.Errorf(jixiao.ErrNotFound, "项目 %d 的审核意见只对其单位、主管部门和财政的人员开放", id)
	}
	rs, err := t.wf.ProjectReviews(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := t.st.Project(ctx, id)
	if err != nil {
		return nil, notFoundOr(err, projectNamed(id))
	}
	sheet := &ReviewSheet{Status: ps, Project: p, Reviews: rs, CanReview: CanReview(by, ps)}
	if !sheet.CanReview {
		return sheet, nil
	}
	fs, err := t.st.Findings(ctx, jixiao.FindingQuery{DocumentID: ps.DocumentID})
	if err != nil {
		return nil, err
	}
	criteria, accuracy := check.PrefillReview(workflow.About(fs, p.Seq))
	sheet.Prefill = &jixiao.Review{Tier: by.Role, Criteria: criteria}
	sheet.Accuracy = accuracy
	return sheet, nil
}

// CanReview reports whether by may give a 审核 of a project in status ps
// now: a reviewer in scope, at their stage.
func CanReview(by *jixiao.User, ps jixiao.ProjectStatus) bool {
	if by == nil || by.Role != jixiao.RoleDeptReviewer && by.Role != jixiao.RoleFinanceReviewer {
		return false
	}
	r := jixiao.Review{Tier: by.Role, Result: jixiao.ResultExcellent}
	return jixiao.Authorize(by, r.Action(), ps.Resource()) == jixiao.Allow && atStage(by.Role, ps) == nil
}

// atStage refuses a review of a project that is not at tier's stage: a
// department reviews a 已提交 project, finance a 部门已审 one (an approved
// project is sent back with a plain return, not reviewed again).
func atStage(tier jixiao.Role, ps jixiao.ProjectStatus) error {
	r := jixiao.Review{Tier: tier, Result: jixiao.ResultExcellent}
	_, err := jixiao.ProjectTransition(ps.State, ps.DocState, r.Action())
	return err
}

// LatestReviews gives, per project of document id that by may see, its
// newest review, for users who see the document's review (its unit, its
// department, finance); nil for others.
func (t *Targets) LatestReviews(ctx context.Context, by *jixiao.User, id int64) (map[int64]jixiao.StoredReview, error) {
	st, err := t.document(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return nil, err
	}
	if !SeesReview(by, st) {
		return nil, nil
	}
	rs, err := t.wf.DocumentReviews(ctx, id)
	if err != nil {
		return nil, err
	}
	out := map[int64]jixiao.StoredReview{}
	for _, p := range st.Projects {
		// The review of a project is for its unit, its department and
		// finance (as Reviews decides), not for whoever may read the
		// project: on a published table every project is readable.
		if !workflow.SeesReview(by, p.Resource()) {
			continue
		}
		for _, r := range rs {
			if r.ProjectID == p.ProjectID {
				out[p.ProjectID] = r // oldest first: the last one wins
			}
		}
	}
	return out, nil
}
