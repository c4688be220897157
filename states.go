package jixiao

import (
	"fmt"
	"slices"
	"strings"
)

// State is where a project (or a target adjustment) is in the review.
type State string

// Project states, in order. A returned project goes back to StateDraft.
const (
	StateDraft           State = "草稿"
	StateSubmitted       State = "已提交"
	StateDeptApproved    State = "部门已审"
	StateFinanceApproved State = "财政已审"
	// StateRejected is a project whose review gave 差 (88号: 不得进入预算
	// 安排): no action leads out of it that year; the document is
	// published only once the project is removed from the draft.
	StateRejected State = "不予安排"
)

// Document states. A document is a draft until a finance reviewer publishes
// it; an imported published table is stored as published.
const (
	DocDraft     State = "草稿"
	DocPublished State = "已公开"
)

// TransitionError says an action is not allowed from the current state. It
// matches ErrConflict (409).
type TransitionError struct {
	From   State
	Action Action
	Msg    string
}

func (e *TransitionError) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrConflict) true.
func (e *TransitionError) Is(target error) bool { return target == ErrConflict }

// transitions lists, for each review action, the states it starts from and
// the state it leads to.
var transitions = map[Action]struct {
	from []State
	to   State
}{
	ActionSubmit:         {[]State{StateDraft}, StateSubmitted},
	ActionDeptApprove:    {[]State{StateSubmitted}, StateDeptApproved},
	ActionDeptReturn:     {[]State{StateSubmitted}, StateDraft},
	ActionFinanceApprove: {[]State{StateDeptApproved}, StateFinanceApproved},
	ActionFinanceReturn:  {[]State{StateDeptApproved, StateFinanceApproved}, StateDraft},
	ActionDeptReject:     {[]State{StateSubmitted}, StateRejected},
	ActionFinanceReject:  {[]State{StateDeptApproved}, StateRejected},
}

// Transition returns the state a project (or a target adjustment) in state s
// goes to by action a, or a *TransitionError (409) saying in Chinese why the
// action is not possible now.
func Transition(s State, a Action) (State, error) {
	t, ok := transitions[a]
	if !ok {
		return s, &TransitionError{s, a, fmt.Sprintf("“%s”不是项目的审核操作", a.Label())}
	}
	if !slices.Contains(t.from, s) {
		return s, &TransitionError{s, a, fmt.Sprintf("项目当前状态为“%s”，不能%s", s, a.Label())}
	}
	return t.to, nil
}

// ProjectTransition is Transition for a project of a document: nothing moves
// in a published document (changes go through a target adjustment).
func ProjectTransition(s State, docState State, a Action) (State, error) {
	if docState == DocPublished {
		return s, &TransitionError{s, a, "文档已公开，项目不能再" + a.Label() + "；如需变更请提交目标调整"}
	}
	return Transition(s, a)
}

// AdjustmentTransition is Transition for a target adjustment: one that
// reached 财政已审 has taken effect in the published table and is final.
func AdjustmentTransition(s State, a Action) (State, error) {
	if s == StateFinanceApproved {
		return s, &TransitionError{s, a, "目标调整已经生效，不能再" + a.Label() + "；如需再改请另提调整"}
	}
	return Transition(s, a)
}

// CheckSubmit refuses to submit a project with an error-severity finding.
func CheckSubmit(findings []Finding) error {
	for _, f := range findings {
		if f.Severity == SeverityError {
			return &TransitionError{StateDraft, ActionSubmit,
				fmt.Sprintf("项目有错误级别的审核问题，不能提交：%s（%s）", f.Message, f.Rule)}
		}
	}
	return nil
}

// CheckPublish says whether a document in docState whose projects are in
// states may be published: not twice, not empty, and only when every
// project is 财政已审.
func CheckPublish(docState State, states []State) error {
	if docState == DocPublished {
		return &TransitionError{docState, ActionPublish, "文档已经公开"}
	}
	if len(states) == 0 {
		return &TransitionError{docState, ActionPublish, "文档没有项目，不能公开"}
	}
	n, rejected := 0, 0
	for _, s := range states {
		switch s {
		case StateFinanceApproved:
		case StateRejected:
			rejected++
		default:
			n++
		}
	}
	if rejected > 0 {
		return &TransitionError{docState, ActionPublish,
			fmt.Sprintf("有 %d 个项目审核结果为“差”（不予安排），请先从草稿中删除后再公开", rejected)}
	}
	if n > 0 {
		return &TransitionError{docState, ActionPublish,
			fmt.Sprintf("还有 %d 个项目未通过财政审核，不能公开", n)}
	}
	return nil
}

// CheckReturn requires a comment on a return and, when the comment is about
// one indicator, that the indicator exists.
func CheckReturn(comment string, indicatorSeq int, p *Project) error {
	if strings.TrimSpace(comment) == "" {
		return Errorf(ErrInvalid, "退回必须填写意见")
	}
	if indicatorSeq < 0 || indicatorSeq > len(p.Indicators) {
		return Errorf(ErrInvalid, "项目没有第 %d 个指标", indicatorSeq)
	}
	return nil
}

// ProjectStatus is a project's place in the workflow, as a store keeps it.
// Version counts saved changes (starting at 1) and guards against lost
// updates: a save names the version it started from.
type ProjectStatus struct {
	ProjectID  int64  `json:"project_id"`
	DocumentID int64  `json:"document_id"`
	Department string `json:"department"` // the document's agency
	Unit       string `json:"unit"`
	State      State  `json:"state"`
	Version    int64  `json:"version"`
	DocState   State  `json:"document_state"`
	// Unread is set when a money cell of the project could not be read
	// from its source (Amounts.Unread): the table cannot be published
	// until a person types it.
	Unread bool `json:"unread,omitempty"`
}

// Resource is the status as a policy resource.
func (s ProjectStatus) Resource() Resource {
	return Resource{Department: s.Department, Unit: s.Unit, Published: s.DocState == DocPublished}
}

// DocumentStatus is a document's place in the workflow.
type DocumentStatus struct {
	DocumentID int64           `json:"document_id"`
	Department string          `json:"department"`
	Units      []string        `json:"units"`
	State      State           `json:"state"`
	Version    int64           `json:"version"` // publications so far; a draft of a new year starts at 0
	Projects   []ProjectStatus `json:"projects"`
	SourceID   int64           `json:"source_id,omitempty"` // the published document a draft was copied from
}

// Resource is the status as a policy resource.
func (s DocumentStatus) Resource() Resource {
	return Resource{Department: s.Department, Units: s.Units, Published: s.State == DocPublished}
}

// Publishable says whether the document may be published now: CheckPublish
// on its projects' states, then no project with an unread money cell (issue
// 16: an amount jixiao could not read is never published as 0.00).
func (s DocumentStatus) Publishable() error {
	if err := CheckPublish(s.State, s.ProjectStates()); err != nil {
		return err
	}
	n := 0
	for _, p := range s.Projects {
		if p.Unread {
			n++
		}
	}
	if n > 0 {
		return &TransitionError{s.State, ActionPublish, fmt.Sprintf(
			"有 %d 个项目的金额在原表中未能读出（文档页标“未读出”），请退回填报单位按原表填写后再公开", n)}
	}
	return nil
}

// ProjectStates lists the projects' states, for CheckPublish.
func (s DocumentStatus) ProjectStates() []State {
	out := make([]State, len(s.Projects))
	for i, p := range s.Projects {
		out[i] = p.State
	}
	return out
}
