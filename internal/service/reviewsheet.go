package service

import (
	"context"

	"jixiao"
	"jixiao/internal/workflow"
)

// The 审核意见表 of a whole document (issue 15, item 1): every project the
// viewer may see with its latest review at each tier, and how many
// projects stand at each result, for the reviewer who signs the sheet and
// for the finance bureau that reads it.

// ProjectReviews is a project of a DocumentReviewSheet: the project and
// its latest department and finance reviews (nil when not given).
type ProjectReviews struct {
	Project *jixiao.Project
	Status  jixiao.ProjectStatus
	Dept    *jixiao.StoredReview
	Finance *jixiao.StoredReview
}

// Standing is the review that decides the project now: finance's when it
// has one, else the department's; nil when neither reviewed it.
func (p ProjectReviews) Standing() *jixiao.StoredReview {
	if p.Finance != nil {
		return p.Finance
	}
	return p.Dept
}

// Reviews are the project's latest reviews, the department's first.
func (p ProjectReviews) Reviews() []jixiao.StoredReview {
	var out []jixiao.StoredReview
	for _, r := range []*jixiao.StoredReview{p.Dept, p.Finance} {
		if r != nil {
			out = append(out, *r)
		}
	}
	return out
}

// DocumentReviewSheet is the 审核意见表 of a document.
type DocumentReviewSheet struct {
	Doc    *jixiao.Document
	Status jixiao.DocumentStatus
	Rows   []ProjectReviews
	// Counts are the projects per standing result; Unreviewed those
	// without any review.
	Counts     map[jixiao.Result]int
	Unreviewed int
}

// DocumentReviews is the 审核意见表 of document id for by. Only the users
// who see the document's review (its units, its department, finance)
// read it: ErrNotFound for others, as for a missing document. A unit's
// filer sees the rows of their own unit.
func (t *Targets) DocumentReviews(ctx context.Context, by *jixiao.User, id int64) (*DocumentReviewSheet, error) {
	st, err := t.document(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return nil, err
	}
	if !SeesReview(by, st) {
		return nil, jixiao.Errorf(jixiao.ErrNotFound, "文件 %d 的审核意见只对其单位、主管部门和财政的人员开放", id)
	}
	v, err := t.View(ctx, by)
	if err != nil {
		return nil, err
	}
	doc, err := v.Document(ctx, id)
	if err != nil {
		return nil, err
	}
	rs, err := t.wf.DocumentReviews(ctx, id)
	if err != nil {
		return nil, err
	}
	return buildReviewSheet(by, doc, st, rs), nil
}

// buildReviewSheet pairs doc's projects with their statuses and latest
// reviews (rs oldest first, so the last of a tier wins), keeping the
// projects whose review by sees.
func buildReviewSheet(by *jixiao.User, doc *jixiao.Document, st jixiao.DocumentStatus, rs []jixiao.StoredReview) *DocumentReviewSheet {
	sheet := &DocumentReviewSheet{Doc: doc, Status: st, Counts: map[jixiao.Result]int{}}
	status := make(map[int64]jixiao.ProjectStatus, len(st.Projects))
	for _, ps := range st.Projects {
		status[ps.ProjectID] = ps
	}
	latest := map[int64]*ProjectReviews{}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		ps, ok := status[p.ID]
		if !ok || !workflow.SeesReview(by, ps.Resource()) {
			continue
		}
		sheet.Rows = append(sheet.Rows, ProjectReviews{Project: p, Status: ps})
	}
	for i := range sheet.Rows {
		latest[sheet.Rows[i].Project.ID] = &sheet.Rows[i]
	}
	for i := range rs {
		row, ok := latest[rs[i].ProjectID]
		if !ok {
			continue
		}
		if rs[i].Tier == jixiao.RoleFinanceReviewer {
			row.Finance = &rs[i]
		} else {
			row.Dept = &rs[i]
		}
	}
	for _, row := range sheet.Rows {
		if r := row.Standing(); r != nil {
			sheet.Counts[r.Result]++
		} else {
			sheet.Unreviewed++
		}
	}
	return sheet
}
