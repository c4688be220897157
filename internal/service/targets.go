package service

import (
	"context"
	"fmt"
	"strings"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/workflow"
)

// Targets runs the review of target tables (填报 → 主管部门审核 → 财政审核
// → 公开) and their adjustments (目标调整).
type Targets struct {
	st jixiao.Store
	wf jixiao.WorkflowStore

	caches caches // reads that depend on the data alone, by data generation
	cc     *CheckContexts
}

// projectNamed and documentNamed are how messages name what a command is
// about, as a user would.
func projectNamed(id int64) string  { return fmt.Sprintf("编号为 %d 的项目", id) }
func documentNamed(id int64) string { return fmt.Sprintf("编号为 %d 的文件", id) }

func adjustmentNamed(id int64) string { return fmt.Sprintf("编号为 %d 的目标调整", id) }

// project reads project id's workflow state and checks action a of by on it.
func (t *Targets) project(ctx context.Context, by *jixiao.User, id int64, a jixiao.Action) (jixiao.ProjectStatus, error) {
	ps, err := t.wf.ProjectStatus(ctx, id)
	if err != nil {
		return ps, notFoundOr(err, projectNamed(id))
	}
	return ps, jixiao.Permit(by, a, ps.Resource(), projectNamed(id))
}

// document reads document id's workflow state and checks action a of by on it.
func (t *Targets) document(ctx context.Context, by *jixiao.User, id int64, a jixiao.Action) (jixiao.DocumentStatus, error) {
	st, err := t.wf.DocumentStatus(ctx, id)
	if err != nil {
		return st, notFoundOr(err, documentNamed(id))
	}
	return st, jixiao.Permit(by, a, st.Resource(), documentNamed(id))
}

// editable refuses a change to a project by cannot edit now, saying why.
func editable(by *jixiao.User, ps jixiao.ProjectStatus) error {
	if reason := jixiao.ReadOnlyReason(by, ps.Resource(), ps.State, ps.DocState); reason != "" {
		return jixiao.Errorf(jixiao.ErrConflict, "%s", reason)
	}
	return nil
}

// checkEdit refuses a project that cannot be stored as edited.
func checkEdit(p *jixiao.Project) error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return jixiao.Errorf(jixiao.ErrInvalid, "项目名称不能为空")
	}
	return p.Validate()
}

// Save stores edit as the new version of project id, which by started
// editing at version: ErrConflict when the project is not an editable
// draft, a *jixiao.ConflictError when version is stale, ErrInvalid for an
// edit that cannot be stored. The project's unit cannot change.
func (t *Targets) Save(ctx context.Context, by *jixiao.User, id int64, edit *jixiao.Project, version int64) (jixiao.ProjectStatus, error) {
	ps, err := t.Editable(ctx, by, id)
	if err != nil {
		return ps, err
	}
	if edit.Unit != "" && edit.Unit != ps.Unit {
		return ps, jixiao.Errorf(jixiao.ErrInvalid, "不能修改项目所属单位（%s）", ps.Unit)
	}
	edit.ID, edit.Unit = id, ps.Unit
	if err := checkEdit(edit); err != nil {
		return ps, err
	}
	doc, cc, err := t.checked(ctx, ps.DocumentID)
	if err != nil {
		return ps, err
	}
	keepAccruals(doc, edit)
	return t.wf.SaveProject(ctx, edit, workflow.Findings(doc, edit, cc), version, jixiao.Actor(by))
}

// keepAccruals gives each indicator of edit the monitoring kind (累计型 /
// 时点型) of the stored indicator it continues: a kind is set through its
// own audited step (Monitoring.SetAccrual), and an edit of the targets,
// whose form does not carry it, must neither reset nor change it. An
// indicator continues the stored one of its name, else (renamed) the one
// at its place whose name the edit no longer has; a new one follows its
// unit.
func keepAccruals(doc *jixiao.Document, edit *jixiao.Project) {
	var stored []jixiao.Indicator
	for i := range doc.Projects {
		if doc.Projects[i].ID == edit.ID {
			stored = doc.Projects[i].Indicators
		}
	}
	byName := map[string]jixiao.Accrual{}
	for _, in := range stored {
		if _, dup := byName[in.Name]; !dup {
			byName[in.Name] = in.Accrual
		}
	}
	names := map[string]bool{}
	for _, in := range edit.Indicators {
		names[in.Name] = true
	}
	for i := range edit.Indicators {
		in := &edit.Indicators[i]
		kind, ok := byName[in.Name]
		if !ok && i < len(stored) && !names[stored[i].Name] {
			kind = stored[i].Accrual // renamed in place
		}
		in.Accrual = kind
	}
}

// Editable says whether by may edit project id now: its state, or why
// not (ErrNotFound, ErrForbidden, or ErrConflict saying why it is
// read-only).
func (t *Targets) Editable(ctx context.Context, by *jixiao.User, id int64) (jixiao.ProjectStatus, error) {
	ps, err := t.project(ctx, by, id, jixiao.ActionEdit)
	if err != nil {
		return ps, err
	}
	return ps, editable(by, ps)
}

// Removable says whether by may remove project id now: as Editable, and
// also a 不予安排 project of a draft.
func (t *Targets) Removable(ctx context.Context, by *jixiao.User, id int64) (jixiao.ProjectStatus, error) {
	ps, err := t.project(ctx, by, id, jixiao.ActionEdit)
	if err != nil || ps.State == jixiao.StateRejected && ps.DocState == jixiao.DocDraft {
		return ps, err
	}
	return ps, editable(by, ps)
}

// Check runs the review rules on the document of project id with edit in
// its place, storing nothing: the findings a save would store.
func (t *Targets) Check(ctx context.Context, by *jixiao.User, id int64, edit *jixiao.Project) ([]jixiao.Finding, error) {
	ps, err := t.project(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return nil, err
	}
	doc, cc, err := t.checked(ctx, ps.DocumentID)
	if err != nil {
		return nil, err
	}
	edit.ID = id
	return workflow.Findings(doc, edit, cc), nil
}

// Review is a review step on a project, as the doors name it.
type Review struct {
	Word         string // submit, approve or return; approve and return by the user's role
	Comment      string
	IndicatorSeq int // the indicator a return is about, 0 for the whole project
}

// Review takes the review step r on project id: ErrInvalid for an unknown
// word or a return without a comment, ErrConflict (a
// *jixiao.TransitionError) when the project's state does not allow it or
// a submission has an error finding.
func (t *Targets) Review(ctx context.Context, by *jixiao.User, id int64, r Review) (jixiao.ProjectStatus, error) {
	if r.Word == "publish" {
		return jixiao.ProjectStatus{}, jixiao.Errorf(jixiao.ErrInvalid, "公开针对整个文件，不是项目的审核操作")
	}
	a, err := jixiao.ReviewAction(r.Word, roleOf(by))
	if err != nil {
		return jixiao.ProjectStatus{}, err
	}
	ps, err := t.project(ctx, by, id, a)
	if err != nil {
		return ps, err
	}
	to, err := jixiao.ProjectTransition(ps.State, ps.DocState, a)
	if err != nil {
		return ps, err
	}
	e := jixiao.Actor(by)
	e.Action, e.FromState, e.ToState = a, ps.State, to
	e.Comment, e.IndicatorSeq = strings.TrimSpace(r.Comment), r.IndicatorSeq
	if err := t.checkReview(ctx, ps, e); err != nil {
		return ps, err
	}
	return t.wf.SetProjectState(ctx, id, e)
}

// Submit, Approve and Return are Review with their word.
func (t *Targets) Submit(ctx context.Context, by *jixiao.User, id int64) (jixiao.ProjectStatus, error) {
	return t.Review(ctx, by, id, Review{Word: "submit"})
}

// Approve approves project id at by's level (department or finance).
func (t *Targets) Approve(ctx context.Context, by *jixiao.User, id int64, comment string) (jixiao.ProjectStatus, error) {
	return t.Review(ctx, by, id, Review{Word: "approve", Comment: comment})
}

// Return sends project id back to its filer with a comment, about one
// indicator or (indicatorSeq 0) the whole project.
func (t *Targets) Return(ctx context.Context, by *jixiao.User, id int64, comment string, indicatorSeq int) (jixiao.ProjectStatus, error) {
	return t.Review(ctx, by, id, Review{Word: "return", Comment: comment, IndicatorSeq: indicatorSeq})
}

func roleOf(u *jixiao.User) jixiao.Role {
	if u == nil {
		return ""
	}
	return u.Role
}

// checkReview applies the rules that need the project: no submission with
// an error finding; a return needs a comment and a real indicator.
func (t *Targets) checkReview(ctx context.Context, ps jixiao.ProjectStatus, e jixiao.AuditEntry) error {
	p, err := t.st.Project(ctx, ps.ProjectID)
	if err != nil {
		return err
	}
	switch e.Action {
	case jixiao.ActionSubmit:
		fs, err := t.st.Findings(ctx, jixiao.FindingQuery{DocumentID: ps.DocumentID})
		if err != nil {
			return err
		}
		return jixiao.CheckSubmit(workflow.About(fs, p.Seq))
	case jixiao.ActionDeptReturn, jixiao.ActionFinanceReturn:
		return jixiao.CheckReturn(e.Comment, e.IndicatorSeq, p)
	}
	return nil
}

// Publish publishes draft document id once every project is 财政已审
// (ErrConflict before) and returns its new state.
func (t *Targets) Publish(ctx context.Context, by *jixiao.User, id int64, comment string) (jixiao.DocumentStatus, error) {
	st, err := t.document(ctx, by, id, jixiao.ActionPublish)
	if err != nil {
		return st, err
	}
	e := jixiao.Actor(by)
	e.Comment = strings.TrimSpace(comment)
	if err := t.wf.PublishDocument(ctx, id, e); err != nil {
		return st, err
	}
	return t.wf.DocumentStatus(ctx, id)
}

// CreateDraft starts the draft of year from published document from.
func (t *Targets) CreateDraft(ctx context.Context, by *jixiao.User, from int64, year int) (*jixiao.Document, error) {
	if _, err := t.document(ctx, by, from, jixiao.ActionCreateDraft); err != nil {
		return nil, err
	}
	if year == 0 {
		return nil, jixiao.Errorf(jixiao.ErrInvalid, "请填写新草稿的预算年度")
	}
	return t.wf.CreateDraft(ctx, from, year, jixiao.Actor(by))
}

// AddProject appends p, a project of by's unit when p names none, to draft
// document id (ErrConflict once it is published) and returns its state.
func (t *Targets) AddProject(ctx context.Context, by *jixiao.User, id int64, p *jixiao.Project) (jixiao.ProjectStatus, error) {
	st, err := t.document(ctx, by, id, jixiao.ActionRead)
	if err != nil {
		return jixiao.ProjectStatus{}, err
	}
	p.Unit = strings.TrimSpace(p.Unit)
	if p.Unit == "" && by != nil {
		p.Unit = by.Unit
	}
	res := jixiao.Resource{Department: st.Department, Unit: p.Unit, Published: st.State == jixiao.DocPublished, New: true}
	if err := jixiao.Permit(by, jixiao.ActionEdit, res, "单位“"+p.Unit+"”的项目"); err != nil {
		return jixiao.ProjectStatus{}, err
	}
	if st.State != jixiao.DocDraft {
		return jixiao.ProjectStatus{}, jixiao.Errorf(jixiao.ErrConflict, "文档已公开，不能新增项目")
	}
	if p.Indicators == nil {
		p.Indicators = []jixiao.Indicator{}
	}
	if err := checkEdit(p); err != nil {
		return jixiao.ProjectStatus{}, err
	}
	doc, cc, err := t.checked(ctx, id)
	if err != nil {
		return jixiao.ProjectStatus{}, err
	}
	return t.wf.AddProject(ctx, id, p, workflow.FindingsWithNew(doc, p, cc), jixiao.Actor(by))
}

// RemoveProject removes draft project id, or one whose review gave 差
// (不予安排: removed, it no longer holds up the publication), as its
// unit's filer: ErrConflict once it is submitted or its document
// published.
func (t *Targets) RemoveProject(ctx context.Context, by *jixiao.User, id int64) error {
	ps, err := t.Removable(ctx, by, id)
	if err != nil {
		return err
	}
	doc, cc, err := t.checked(ctx, ps.DocumentID)
	if err != nil {
		return err
	}
	return t.wf.RemoveProject(ctx, id, workflow.FindingsWithout(doc, id, cc), jixiao.Actor(by))
}

// Proposal is a target adjustment as a filer asks for it.
type Proposal struct {
	Field        string // jixiao.AdjustGoal, AdjustAnnual or AdjustPeriod
	IndicatorSeq int
	New, Reason  string
}

// ProposeAdjustment files a 目标调整 of published project id (ErrConflict
// for a draft: edit it instead).
func (t *Targets) ProposeAdjustment(ctx context.Context, by *jixiao.User, id int64, in Proposal) (*jixiao.Adjustment, error) {
	ps, err := t.project(ctx, by, id, jixiao.ActionAdjust)
	if err != nil {
		return nil, err
	}
	if ps.DocState != jixiao.DocPublished {
		return nil, jixiao.Errorf(jixiao.ErrConflict, "文档尚未公开，请直接修改草稿，不需要目标调整")
	}
	p, err := t.st.Project(ctx, id)
	if err != nil {
		return nil, err
	}
	a, err := jixiao.NewAdjustment(p, in.Field, in.IndicatorSeq, in.New, in.Reason)
	if err != nil {
		return nil, err
	}
	return a, t.wf.ProposeAdjustment(ctx, a, jixiao.Actor(by))
}

// ReviewAdjustment takes review step word (submit, approve, return) on
// adjustment id; a return needs a comment.
func (t *Targets) ReviewAdjustment(ctx context.Context, by *jixiao.User, id int64, word, comment string) (*jixiao.Adjustment, error) {
	adj, err := t.wf.Adjustment(ctx, id)
	if err != nil {
		return nil, notFoundOr(err, adjustmentNamed(id))
	}
	st, err := t.wf.DocumentStatus(ctx, adj.DocumentID)
	if err != nil {
		return nil, err
	}
	a, err := jixiao.ReviewAction(word, roleOf(by))
	if err != nil || a == jixiao.ActionPublish {
		return nil, jixiao.Errorf(jixiao.ErrInvalid, "目标调整的操作只能是 submit、approve 或 return")
	}
	if err := jixiao.Permit(by, a, adj.Resource(st.Department), adjustmentNamed(id)); err != nil {
		return nil, err
	}
	to, err := jixiao.AdjustmentTransition(adj.State, a)
	if err != nil {
		return nil, err
	}
	e := jixiao.Actor(by)
	e.Action, e.FromState, e.ToState, e.Comment = a, adj.State, to, strings.TrimSpace(comment)
	if (a == jixiao.ActionDeptReturn || a == jixiao.ActionFinanceReturn) && e.Comment == "" {
		return nil, jixiao.Errorf(jixiao.ErrInvalid, "退回必须填写意见")
	}
	return t.wf.SetAdjustmentState(ctx, id, e)
}

// checked reads document id with the rules' Context for it.
func (t *Targets) checked(ctx context.Context, id int64) (*jixiao.Document, check.Context, error) {
	doc, err := t.st.Document(ctx, id)
	if err != nil {
		return nil, check.Context{}, err
	}
	cc, err := t.cc.ForStored(ctx, doc)
	return doc, cc, err
}
