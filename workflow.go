package jixiao

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file is the approval workflow (填报 → 主管部门审核 → 财政审核 → 公开)
// as pure functions: who may do what (Authorize), which state an action
// leads to (Transition), why something is read-only (ReadOnlyReason) and
// what changed between two versions of a project (DiffProjects). It does no
// I/O; the stores keep the state and the audit log (WorkflowStore), the API
// and the pages ask these functions before every change.

// Role is what an account may do. Scope (a unit, a department) narrows it.
type Role string

// The four roles. A filer (填报人) writes one unit's projects; a department
// reviewer (主管部门审核人) reviews its department's units; a finance
// reviewer (财政审核人) reviews every department and publishes; an admin
// manages accounts and documents but takes no part in the review.
const (
	RoleFiler           Role = "filer"
	RoleDeptReviewer    Role = "dept_reviewer"
	RoleFinanceReviewer Role = "finance_reviewer"
	RoleAdmin           Role = "admin"
)

// Roles lists every role, in workflow order.
var Roles = []Role{RoleFiler, RoleDeptReviewer, RoleFinanceReviewer, RoleAdmin}

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleFiler:
		return "填报人"
	case RoleDeptReviewer:
		return "主管部门审核人"
	case RoleFinanceReviewer:
		return "财政审核人"
	case RoleAdmin:
		return "管理员"
	}
	return "访客"
}

// User is an account. Unit is required for a filer, Department for a
// department reviewer; a filer's Department, when set, narrows the unit to
// that department's documents.
type User struct {
	ID         int64     `json:"id"`
	Username   string    `json:"username"`
	Role       Role      `json:"role"`
	Unit       string    `json:"unit,omitempty"`
	Department string    `json:"department,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	// Disabled accounts cannot log in and their sessions end.
	Disabled bool `json:"disabled,omitempty"`
}

// Validate checks the username (CheckUsername) and that the account has a
// known role and the scope it needs.
func (u *User) Validate() error {
	if err := CheckUsername(u.Username); err != nil {
		return err
	}
	switch {
	case !slices.Contains(Roles, u.Role):
		return fmt.Errorf("%w: 未知角色 %q（可选 filer、dept_reviewer、finance_reviewer、admin）", ErrInvalid, u.Role)
	case u.Role == RoleFiler && strings.TrimSpace(u.Unit) == "":
		return fmt.Errorf("%w: 填报人（filer）必须指定单位 --unit", ErrInvalid)
	case u.Role == RoleDeptReviewer && strings.TrimSpace(u.Department) == "":
		return fmt.Errorf("%w: 主管部门审核人（dept_reviewer）必须指定部门 --department", ErrInvalid)
	}
	return nil
}

// State is where a project (or a target adjustment) is in the review.
type State string

// Project states, in order. A returned project goes back to StateDraft.
const (
	StateDraft           State = "草稿"
	StateSubmitted       State = "已提交"
	StateDeptApproved    State = "部门已审"
	StateFinanceApproved State = "财政已审"
)

// Document states. A document is a draft until a finance reviewer publishes
// it; an imported published table is stored as published.
const (
	DocDraft     State = "草稿"
	DocPublished State = "已公开"
)

// Action is something a user does. Read covers a draft and its history;
// reading a published document needs no action at all.
type Action string

// The actions the policy knows. The API's "approve" and "return" become the
// department or finance variant by the caller's role (ReviewAction).
const (
	ActionRead           Action = "read"
	ActionEdit           Action = "edit"
	ActionSubmit         Action = "submit"
	ActionDeptApprove    Action = "dept_approve"
	ActionDeptReturn     Action = "dept_return"
	ActionFinanceApprove Action = "finance_approve"
	ActionFinanceReturn  Action = "finance_return"
	ActionPublish        Action = "publish"
	ActionCreateDraft    Action = "create_draft"
	ActionAdjust         Action = "adjust"
	ActionImport         Action = "import"
	ActionDeleteDocument Action = "delete_document"
	ActionManageUsers    Action = "manage_users"
)

// Audit-only actions: adding or removing a draft project is authorized as
// ActionEdit on the project's unit, and logged under its own name.
const (
	ActionAddProject    Action = "add_project"
	ActionRemoveProject Action = "remove_project"
)

// Actions lists every action, for the authorization matrix.
var Actions = []Action{ActionRead, ActionEdit, ActionSubmit, ActionDeptApprove, ActionDeptReturn,
	ActionFinanceApprove, ActionFinanceReturn, ActionPublish, ActionCreateDraft, ActionAdjust,
	ActionImport, ActionDeleteDocument, ActionManageUsers}

// ReviewAction maps the API's action words (submit, approve, return,
// publish) to the policy's action for the user's role. A word the role has
// no variant of comes back unchanged and is then refused by Authorize.
func ReviewAction(word string, r Role) (Action, error) {
	switch word {
	case "submit", "publish":
		return Action(word), nil
	case "approve", "return":
		switch r {
		case RoleDeptReviewer:
			return Action("dept_" + word), nil
		case RoleFinanceReviewer:
			return Action("finance_" + word), nil
		}
		return Action(word), nil
	}
	return "", fmt.Errorf("%w: 未知操作 %q（可选 submit、approve、return、publish）", ErrInvalid, word)
}

// Label is the action's Chinese name, for the history page.
func (a Action) Label() string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return string(a)
}

var actionLabels = map[Action]string{
	ActionRead: "查看", ActionEdit: "修改", ActionSubmit: "提交",
	ActionDeptApprove: "主管部门审核通过", ActionDeptReturn: "主管部门退回",
	ActionFinanceApprove: "财政审核通过", ActionFinanceReturn: "财政退回",
	ActionPublish: "公开", ActionCreateDraft: "新建草稿", ActionAdjust: "目标调整",
	ActionImport: "导入", ActionDeleteDocument: "删除文档", ActionManageUsers: "管理账号",
	ActionAddProject: "新增项目", ActionRemoveProject: "删除项目",
}

// Resource is what an action is about, reduced to what the policy needs:
// the department (the document's agency), the unit (a project's unit; empty
// for a whole document, whose units are then in Units) and whether the
// document is published.
type Resource struct {
	Department string
	Unit       string
	Units      []string
	Published  bool
	// New is a resource a change would create (a project added to a
	// draft the user sees, a table being imported): nothing stored is
	// named, so a refusal is Forbid, never Hide.
	New bool
}

// ProjectResource describes project p of a document by agency dept.
func ProjectResource(dept string, p *Project, published bool) Resource {
	return Resource{Department: dept, Unit: p.Unit, Published: published}
}

// DocumentResource describes a whole document.
func DocumentResource(d *Document, published bool) Resource {
	r := Resource{Department: d.Agency, Published: published}
	for _, u := range d.Units {
		r.Units = append(r.Units, u.Name)
	}
	for _, p := range d.Projects {
		if !slices.Contains(r.Units, p.Unit) {
			r.Units = append(r.Units, p.Unit)
		}
	}
	return r
}

// Decision is the policy's answer; the API maps it to 200, 403 or 404.
type Decision int

// Allow lets the action go on; Forbid refuses it (403); Hide refuses it
// without revealing that the resource exists (404).
const (
	Allow Decision = iota
	Forbid
	Hide
)

func (d Decision) String() string {
	return [...]string{"allow", "forbid", "hide"}[d]
}

// Sees reports whether u may read r: anyone reads a published document; a
// draft only within one's scope (nil u is an anonymous visitor).
func Sees(u *User, r Resource) bool {
	return r.Published || InScope(u, r)
}

// InScope reports whether r lies within u's unit or department. Finance
// reviewers and admins cover everything; a filer covers a document when one
// of its units is the filer's.
func InScope(u *User, r Resource) bool {
	if u == nil {
		return false
	}
	switch u.Role {
	case RoleAdmin, RoleFinanceReviewer:
		return true
	case RoleDeptReviewer:
		return u.Department != "" && u.Department == r.Department
	case RoleFiler:
		if u.Department != "" && u.Department != r.Department {
			return false
		}
		if r.Unit == "" {
			return slices.Contains(r.Units, u.Unit)
		}
		return u.Unit == r.Unit
	}
	return false
}

// rolesFor says which roles may take each action at all, and whether the
// action further needs the resource to be in the user's scope.
var rolesFor = map[Action]struct {
	roles  []Role
	scoped bool
}{
	ActionRead:           {Roles, true},
	ActionEdit:           {[]Role{RoleFiler}, true},
	ActionSubmit:         {[]Role{RoleFiler}, true},
	ActionAdjust:         {[]Role{RoleFiler}, true},
	ActionDeptApprove:    {[]Role{RoleDeptReviewer}, true},
	ActionDeptReturn:     {[]Role{RoleDeptReviewer}, true},
	ActionFinanceApprove: {[]Role{RoleFinanceReviewer}, true},
	ActionFinanceReturn:  {[]Role{RoleFinanceReviewer}, true},
	ActionPublish:        {[]Role{RoleFinanceReviewer}, true},
	ActionCreateDraft:    {[]Role{RoleDeptReviewer, RoleFinanceReviewer}, true},
	ActionImport:         {[]Role{RoleDeptReviewer, RoleFinanceReviewer, RoleAdmin}, false},
	ActionDeleteDocument: {[]Role{RoleAdmin}, false},
	ActionManageUsers:    {[]Role{RoleAdmin}, false},
}

// Authorize is the whole access policy: may u take action a on r? A draft
// that u cannot see is hidden (404) whatever the action and whoever asks,
// so that neither a read nor a refused change tells an outsider, signed in
// or not, that it exists (a missing id answers the same 404); a user who
// sees r but is out of role or scope for a change gets Forbid (403). It says nothing about state: whether a submitted project can
// still be edited is Transition's and EditableState's business (409).
func Authorize(u *User, a Action, r Resource) Decision {
	rule, known := rolesFor[a]
	if u == nil {
		if !r.Published {
			return Hide
		}
		if a == ActionRead {
			return Allow
		}
		return Forbid
	}
	if !known {
		return Forbid
	}
	if !Sees(u, r) && !r.New && a != ActionImport && a != ActionManageUsers {
		return Hide // importing and managing accounts act on no stored resource
	}
	if a == ActionRead {
		return Allow
	}
	if !slices.Contains(rule.roles, u.Role) {
		return Forbid
	}
	if rule.scoped && !InScope(u, r) {
		return Forbid
	}
	return Allow
}

// HiddenDrafts returns the ids of the drafts u may not read, for listings
// to leave out.
func HiddenDrafts(u *User, drafts []DocumentStatus) map[int64]bool {
	hidden := map[int64]bool{}
	for _, d := range drafts {
		if Authorize(u, ActionRead, d.Resource()) != Allow {
			hidden[d.DocumentID] = true
		}
	}
	return hidden
}

// AvailableActions lists the review words (submit, approve, return) u may
// use on a project in status p right now: allowed by the policy and by the
// state machine. Pages show one button per word.
func AvailableActions(u *User, p ProjectStatus) []string {
	out := []string{}
	if u == nil {
		return out
	}
	for _, word := range []string{"submit", "approve", "return"} {
		a, err := ReviewAction(word, u.Role)
		if err != nil || Authorize(u, a, p.Resource()) != Allow {
			continue
		}
		if _, err := ProjectTransition(p.State, p.DocState, a); err == nil {
			out = append(out, word)
		}
	}
	return out
}

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
	n := 0
	for _, s := range states {
		if s != StateFinanceApproved {
			n++
		}
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
		return fmt.Errorf("%w: 退回必须填写意见", ErrInvalid)
	}
	if indicatorSeq < 0 || indicatorSeq > len(p.Indicators) {
		return fmt.Errorf("%w: 项目没有第 %d 个指标", ErrInvalid, indicatorSeq)
	}
	return nil
}

// ReadOnlyReason says, in Chinese, why u cannot edit a project in state s of
// a document in docState, or "" when u can. Pages show it next to a
// read-only form; the order of the checks is what a user should fix first.
func ReadOnlyReason(u *User, r Resource, s State, docState State) string {
	switch {
	case u == nil:
		return "请登录后填报"
	case docState == DocPublished || r.Published:
		return "文档已公开，不能直接修改；如需变更请提交目标调整"
	case u.Role != RoleFiler:
		return u.Role.Label() + "只审核，不填报；需要修改请退回填报单位"
	case !InScope(u, r):
		return fmt.Sprintf("该项目属于“%s”，不在您的单位（%s）范围内，只能查看", r.Unit, u.Unit)
	case s == StateSubmitted:
		return "已提交，等待主管部门审核，不能修改"
	case s == StateDeptApproved:
		return "主管部门已审核通过，等待财政审核，不能修改"
	case s == StateFinanceApproved:
		return "财政已审核通过，不能修改"
	}
	return ""
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

// ProjectStates lists the projects' states, for CheckPublish.
func (s DocumentStatus) ProjectStates() []State {
	out := make([]State, len(s.Projects))
	for i, p := range s.Projects {
		out[i] = p.State
	}
	return out
}

// Change is one field that differs between two versions of a project. Field
// is a path a program can use ("indicators[2].annual_target"), Label its
// Chinese name for pages ("指标2 年度指标值").
type Change struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// DiffProjects lists what differs from old to new: name, unit, the four
// amounts, goal, and each indicator by position (added and removed
// indicators show as a change from or to nothing).
func DiffProjects(old, new *Project, u MoneyUnit) []Change {
	var out []Change
	add := func(field, label, a, b string) {
		if a != b {
			out = append(out, Change{field, label, a, b})
		}
	}
	add("project", "项目名称", old.Name, new.Name)
	add("unit", "单位", old.Unit, new.Unit)
	add("amounts.total", "资金总额", old.Amounts.Total.Format(u), new.Amounts.Total.Format(u))
	add("amounts.fiscal", "财政拨款", old.Amounts.Fiscal.Format(u), new.Amounts.Fiscal.Format(u))
	add("amounts.special_account", "财政专户拨款", old.Amounts.SpecialAccount.Format(u), new.Amounts.SpecialAccount.Format(u))
	add("amounts.other", "其他资金", old.Amounts.Other.Format(u), new.Amounts.Other.Format(u))
	add("goal", "绩效目标", old.Goal, new.Goal)
	for i := 0; i < max(len(old.Indicators), len(new.Indicators)); i++ {
		a, b := indicatorAt(old.Indicators, i), indicatorAt(new.Indicators, i)
		p, l := fmt.Sprintf("indicators[%d].", i+1), fmt.Sprintf("指标%d ", i+1)
		add(p+"level1", l+"一级指标", a.level1, b.level1)
		add(p+"level2", l+"二级指标", a.level2, b.level2)
		add(p+"name", l+"三级指标", a.name, b.name)
		add(p+"period_target", l+"实施周期指标值", a.period, b.period)
		add(p+"annual_target", l+"年度指标值", a.annual, b.annual)
	}
	return out
}

type indicatorText struct{ level1, level2, name, period, annual string }

func indicatorAt(list []Indicator, i int) indicatorText {
	if i >= len(list) {
		return indicatorText{}
	}
	in := list[i]
	return indicatorText{
		level1: joinCode(in.Level1Code, in.Level1), level2: joinCode(in.Level2Code, in.Level2),
		name: in.Name, period: in.Period.Text, annual: in.Annual.Text,
	}
}

func joinCode(code, name string) string {
	if code == "" {
		return name
	}
	return code + "-" + name
}

// AuditEntry is one line of the append-only audit log: who did what, when,
// to which project (or the whole document), with the state before and after,
// the field changes and the workflow comment. Stores only ever insert these.
type AuditEntry struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"at"`
	UserID       int64     `json:"user_id"`
	Username     string    `json:"username"`
	Role         Role      `json:"role"`
	Action       Action    `json:"action"`
	DocumentID   int64     `json:"document_id"`
	ProjectID    int64     `json:"project_id,omitempty"`
	ProjectSeq   int       `json:"project_seq,omitempty"`
	IndicatorSeq int       `json:"indicator_seq,omitempty"`
	FromState    State     `json:"from_state,omitempty"`
	ToState      State     `json:"to_state,omitempty"`
	Version      int64     `json:"version,omitempty"` // project version after the action
	Changes      []Change  `json:"changes,omitempty"`
	Comment      string    `json:"comment,omitempty"`
	// AdjustmentID names the target adjustment the entry is about, if any.
	AdjustmentID int64 `json:"adjustment_id,omitempty"`
	// Outcome is "ok" for an action that took effect and "conflict" for a
	// save refused because another change came first (kept so that both
	// attempts of a concurrent edit are in the history).
	Outcome string `json:"outcome"`
}

// Audit outcomes.
const (
	OutcomeOK       = "ok"
	OutcomeConflict = "conflict"
)

// Adjustment is a 目标调整: a change to one target (or the goal) of a
// project of a published document, with its reason, reviewed like the
// original: filed by the unit's filer as 已提交, it goes through the same
// Transition (a return sends it back to 草稿, from where the filer may
// submit it again), and when it reaches 财政已审 the new value replaces the
// old one in the published table.
type Adjustment struct {
	ID           int64     `json:"id"`
	DocumentID   int64     `json:"document_id"`
	ProjectID    int64     `json:"project_id"`
	ProjectSeq   int       `json:"project_seq"`
	Unit         string    `json:"unit"`
	IndicatorSeq int       `json:"indicator_seq,omitempty"`
	Field        string    `json:"field"` // AdjustGoal, AdjustAnnual or AdjustPeriod
	Old          string    `json:"old"`
	New          string    `json:"new"`
	Reason       string    `json:"reason"`
	State        State     `json:"state"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// The fields a target adjustment may change.
const (
	AdjustGoal   = "goal"
	AdjustAnnual = "annual_target"
	AdjustPeriod = "period_target"
)

// Label names the adjusted field in Chinese ("指标2 年度指标值").
func (a *Adjustment) Label() string {
	switch a.Field {
	case AdjustGoal:
		return "绩效目标"
	case AdjustPeriod:
		return fmt.Sprintf("指标%d 实施周期指标值", a.IndicatorSeq)
	}
	return fmt.Sprintf("指标%d 年度指标值", a.IndicatorSeq)
}

// NewAdjustment checks a proposed change to project p and fills in the old
// value: the field must exist, the new value differ from the old one, and
// a reason be given.
func NewAdjustment(p *Project, field string, indicatorSeq int, value, reason string) (*Adjustment, error) {
	a := &Adjustment{DocumentID: p.DocumentID, ProjectID: p.ID, ProjectSeq: p.Seq, Unit: p.Unit, Field: field,
		New: strings.TrimSpace(value), Reason: strings.TrimSpace(reason), State: StateSubmitted}
	switch field {
	case AdjustGoal:
		a.Old = p.Goal
	case AdjustAnnual, AdjustPeriod:
		if indicatorSeq < 1 || indicatorSeq > len(p.Indicators) {
			return nil, fmt.Errorf("%w: 项目没有第 %d 个指标", ErrInvalid, indicatorSeq)
		}
		a.IndicatorSeq = indicatorSeq
		in := p.Indicators[indicatorSeq-1]
		a.Old = in.Annual.Text
		if field == AdjustPeriod {
			a.Old = in.Period.Text
		}
	default:
		return nil, fmt.Errorf("%w: 目标调整只能针对 goal、annual_target 或 period_target，收到 %q", ErrInvalid, field)
	}
	switch {
	case a.New == "":
		return nil, fmt.Errorf("%w: 请填写调整后的值", ErrInvalid)
	case a.New == a.Old:
		return nil, fmt.Errorf("%w: 调整后的值与原值相同", ErrInvalid)
	case a.Reason == "":
		return nil, fmt.Errorf("%w: 目标调整必须说明理由", ErrInvalid)
	}
	return a, nil
}

// Apply writes an approved adjustment's new value into p.
func (a *Adjustment) Apply(p *Project) {
	switch a.Field {
	case AdjustGoal:
		p.Goal = a.New
	case AdjustAnnual:
		p.Indicators[a.IndicatorSeq-1].Annual = ParseTarget(a.New)
	case AdjustPeriod:
		p.Indicators[a.IndicatorSeq-1].Period = ParseTarget(a.New)
	}
}

// Resource is the adjustment as a policy resource of department dept: its
// project's unit in a published document.
func (a *Adjustment) Resource(dept string) Resource {
	return Resource{Department: dept, Unit: a.Unit, Published: true}
}

// ConflictError is a refused save: the version the editor started from is
// no longer current. Current is the project as the other change left it, so
// the editor can be shown what happened. It matches ErrConflict.
type ConflictError struct {
	Expected int64
	Current  *Project
	Version  int64
	By       string // who made the current version, when known
}

func (e *ConflictError) Error() string {
	by := ""
	if e.By != "" {
		by = "（" + e.By + "）"
	}
	return fmt.Sprintf("项目已被他人修改%s：您编辑的是第 %d 版，当前是第 %d 版；请查看对方的修改后重新保存", by, e.Expected, e.Version)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Session is a logged-in session as a store keeps it: only the SHA-256 of
// the token is stored, so a leaked table does not leak live sessions.
type Session struct {
	TokenHash string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
	ExpiresAt time.Time `json:"expires_at"` // absolute limit
}

// ErrNoAccount is what a login with an unknown name or a wrong password
// gets; the two cases are not told apart.
var ErrNoAccount = errors.New("用户名或密码错误")

// WorkflowStore keeps accounts, sessions, the workflow state of documents
// and projects, project versions and the append-only audit log. Every
// method that changes workflow state writes its audit entry in the same
// transaction. There is deliberately no method that updates or deletes an
// audit entry.
type WorkflowStore interface {
	// CreateUser stores u with its password hash (a PHC string) and sets
	// u.ID; a taken username gives ErrDuplicate.
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	// UserByName returns the account and its password hash, or ErrNotFound.
	UserByName(ctx context.Context, username string) (*User, string, error)
	// UserByID returns the account, or ErrNotFound.
	UserByID(ctx context.Context, id int64) (*User, error)
	// SetPassword replaces an account's hash and ends its sessions.
	SetPassword(ctx context.Context, userID int64, passwordHash string) error

	// CreateSession stores s; Session finds it by token hash (ErrNotFound);
	// TouchSession moves its LastSeen; DeleteSession ends it.
	CreateSession(ctx context.Context, s Session) error
	Session(ctx context.Context, tokenHash string) (Session, error)
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error

	// DocumentStatus returns a document's workflow state with its projects'.
	// A document with no workflow record (an imported table) is published
	// and its projects are 财政已审 at version 1.
	DocumentStatus(ctx context.Context, documentID int64) (DocumentStatus, error)
	// Drafts lists the documents that are not published, with their units
	// and projects' states, so that listings can hide what a reader may not
	// see.
	Drafts(ctx context.Context) ([]DocumentStatus, error)
	// ProjectStatus returns one project's workflow state.
	ProjectStatus(ctx context.Context, projectID int64) (ProjectStatus, error)
	// CreateDraft copies document from into a new draft for year, every
	// project 草稿 at version 1, and logs e.
	CreateDraft(ctx context.Context, from int64, year int, e AuditEntry) (*Document, error)
	// SaveProject replaces a draft project's fields and indicators (by p.ID)
	// if its version is still expected, replaces the document's findings
	// with findings (the caller re-ran the rules on the edited document),
	// bumps the version, keeps a snapshot of the new version and logs e with
	// the changes. A stale version gives a *ConflictError (with the current
	// project) and logs the refused attempt with OutcomeConflict; a project
	// that is not an editable draft gives a *TransitionError.
	SaveProject(ctx context.Context, p *Project, findings []Finding, expected int64, e AuditEntry) (ProjectStatus, error)
	// SetProjectState moves a project from e.FromState to e.ToState, only if
	// it is still in e.FromState (else a *TransitionError), and logs e.
	SetProjectState(ctx context.Context, projectID int64, e AuditEntry) (ProjectStatus, error)
	// AddProject appends p (its Unit set) to a draft document as a 草稿
	// project at version 1, replaces the document's findings and logs e.
	AddProject(ctx context.Context, documentID int64, p *Project, findings []Finding, e AuditEntry) (ProjectStatus, error)
	// RemoveProject deletes a 草稿 project of a draft document, renumbers
	// the projects after it, replaces the document's findings and logs e.
	RemoveProject(ctx context.Context, projectID int64, findings []Finding, e AuditEntry) error
	// PublishDocument marks a draft published, only if every project is
	// still 财政已审, and logs e.
	PublishDocument(ctx context.Context, documentID int64, e AuditEntry) error
	// ProposeAdjustment stores a (as 已提交) for a project of a published
	// document, sets a.ID and logs e.
	ProposeAdjustment(ctx context.Context, a *Adjustment, e AuditEntry) error
	// Adjustment returns one adjustment; Adjustments lists a document's,
	// oldest first.
	Adjustment(ctx context.Context, id int64) (*Adjustment, error)
	Adjustments(ctx context.Context, documentID int64) ([]Adjustment, error)
	// SetAdjustmentState moves an adjustment from e.FromState to e.ToState
	// (only if it is still there) and logs e; reaching 财政已审 applies the
	// new value to the published project in the same transaction.
	SetAdjustmentState(ctx context.Context, id int64, e AuditEntry) (*Adjustment, error)
	// History lists a document's audit entries, oldest first.
	History(ctx context.Context, documentID int64) ([]AuditEntry, error)
	// ProjectVersion returns the snapshot of a project at a version.
	ProjectVersion(ctx context.Context, projectID, version int64) (*Project, error)
}

// WorkflowProvider is a Store whose database also keeps the workflow (both
// internal/sqlite and internal/postgres): the API and pages find the
// workflow through it.
type WorkflowProvider interface {
	Workflow() WorkflowStore
}
