package jixiao

import (
	"fmt"
	"slices"
)

// The approval workflow (填报 → 主管部门审核 → 财政审核 → 公开) is pure
// functions in roles.go, policy.go, states.go, audit.go and adjustment.go:
// who may do what (Authorize), which state an action leads to
// (Transition), why something is read-only (ReadOnlyReason) and what
// changed between two versions of a project (DiffProjects). They do no
// I/O; the stores keep the state and the audit log (WorkflowStore), and
// the services ask these functions before every change.

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
	// The rejections of a review whose result is 差 (不予安排): the
	// project is closed for the year (review.go).
	ActionDeptReject     Action = "dept_reject"
	ActionFinanceReject  Action = "finance_reject"
	ActionPublish        Action = "publish"
	ActionCreateDraft    Action = "create_draft"
	ActionAdjust         Action = "adjust"
	ActionImport         Action = "import"
	ActionDeleteDocument Action = "delete_document"
	ActionManageUsers    Action = "manage_users"
)

// ActionGroupPeers is an admin's correction of the peer groups (标杆值):
// a name merged into another group or split out of its own. It is about no
// document, and the policy matrix of Actions does not list it.
const ActionGroupPeers Action = "peer_grouping"

// Audit-only actions: adding or removing a draft project is authorized as
// ActionEdit on the project's unit, and logged under its own name.
const (
	ActionAddProject    Action = "add_project"
	ActionRemoveProject Action = "remove_project"
)

// The evaluation's actions (绩效监控与自评): the finance bureau opens a
// monitoring round; whoever's scope covers a project records its actuals
// (a filer: their unit; a department reviewer: their department; finance
// and admins: everything).
const (
	ActionOpenRound     Action = "open_round"
	ActionRecordActuals Action = "record_actuals"
)

// The review of what units report in a round (EvalTransition): the filer
// submits, the department reviews or returns, finance rechecks (复核) or
// returns.
const (
	ActionSubmitEval  Action = "submit_eval"
	ActionReviewEval  Action = "review_eval"
	ActionReturnEval  Action = "return_eval"
	ActionRecheckEval Action = "recheck_eval"
)

// Actions lists every action, for the authorization matrix.
var Actions = []Action{ActionRead, ActionEdit, ActionSubmit, ActionDeptApprove, ActionDeptReturn,
	ActionFinanceApprove, ActionFinanceReturn, ActionDeptReject, ActionFinanceReject, ActionPublish, ActionCreateDraft, ActionAdjust,
	ActionImport, ActionDeleteDocument, ActionManageUsers, ActionOpenRound, ActionRecordActuals,
	ActionSubmitEval, ActionReviewEval, ActionReturnEval, ActionRecheckEval,
	ActionSetAccrual, ActionCorrectMeasures, ActionDecideCorrection}

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
	return "", Errorf(ErrInvalid, "未知操作 %q（可选 submit、approve、return、publish）", word)
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
	ActionDeptReject: "主管部门审核不予安排", ActionFinanceReject: "财政审核不予安排",
	ActionPublish: "公开", ActionCreateDraft: "新建草稿", ActionAdjust: "目标调整",
	ActionImport: "导入", ActionDeleteDocument: "删除文档", ActionManageUsers: "管理账号",
	ActionAddProject: "新增项目", ActionRemoveProject: "删除项目",
	ActionOpenRound: "开启监控轮次", ActionRecordActuals: "填报执行情况",
	ActionSubmitEval: "提交填报", ActionReviewEval: "部门审核填报", ActionReturnEval: "退回填报",
	ActionRecheckEval: "财政复核",
	ActionSetAccrual:  "设定指标类型", ActionCorrectMeasures: "填报纠偏措施", ActionDecideCorrection: "作出纠偏决定",
	ActionLinkProjects: "关联上年项目", ActionDecideLink: "确认上年项目关联",
	ActionGroupPeers: "调整指标分组",
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
	ActionDeptReject:     {[]Role{RoleDeptReviewer}, true},
	ActionFinanceReject:  {[]Role{RoleFinanceReviewer}, true},
	ActionPublish:        {[]Role{RoleFinanceReviewer}, true},
	ActionCreateDraft:    {[]Role{RoleDeptReviewer, RoleFinanceReviewer}, true},
	ActionImport:         {[]Role{RoleDeptReviewer, RoleFinanceReviewer, RoleAdmin}, false},
	ActionDeleteDocument: {[]Role{RoleAdmin}, false},
	ActionManageUsers:    {[]Role{RoleAdmin}, false},
	ActionGroupPeers:     {[]Role{RoleAdmin}, false},
	ActionOpenRound:      {[]Role{RoleFinanceReviewer, RoleAdmin}, true},
	ActionRecordActuals:  {Roles, true},
	ActionSubmitEval:     {[]Role{RoleFiler}, true},
	ActionReviewEval:     {[]Role{RoleDeptReviewer}, true},
	ActionReturnEval:     {[]Role{RoleDeptReviewer, RoleFinanceReviewer}, true},
	ActionRecheckEval:    {[]Role{RoleFinanceReviewer}, true},
	// An indicator's kind is the unit's to say and its reviewers' to
	// correct; the measures are the unit's (or its department's), the
	// decision finance's.
	ActionSetAccrual:       {[]Role{RoleFiler, RoleDeptReviewer, RoleFinanceReviewer}, true},
	ActionCorrectMeasures:  {[]Role{RoleFiler, RoleDeptReviewer}, true},
	ActionDecideCorrection: {[]Role{RoleFinanceReviewer}, true},
	ActionDecideLink:       {[]Role{RoleDeptReviewer, RoleFinanceReviewer}, true},
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
		if r.New {
			return Forbid // nothing stored is named: ask the visitor to log in
		}
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

// ReadOnlyReason says, in Chinese, why u cannot edit a project in state s of
// a document in docState, or "" when u can. Pages show it next to a
// read-only form; the order of the checks is what a user should fix first.
func ReadOnlyReason(u *User, r Resource, s State, docState State) string {
	switch {
	case u == nil:
		return "请登录后填报"
	case docState == DocPublished || r.Published:
		return "文档已公开，不能直接修改；如需变更请提交目标调整"
	case u.Role == RoleAdmin:
		// An admin takes no part in the review (roles.go): telling them
		// they "only review" offers buttons they do not have.
		return "管理员管理账号和文件，不参与填报和审核"
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
	case s == StateRejected:
		return "审核结果为“差”，不予安排，本年度不能再修改"
	}
	return ""
}

// Permit is Authorize as an error, for the services: nil for Allow; for
// Hide an ErrNotFound that says no more than that what (as a user would
// name it: "编号为 12 的项目") does not exist; for Forbid an
// ErrUnauthenticated asking a visitor to log in, or an ErrForbidden naming
// the user, the role and the action refused.
func Permit(u *User, a Action, r Resource, what string) error {
	switch d := Authorize(u, a, r); {
	case d == Allow:
		return nil
	case d == Hide:
		return Errorf(ErrNotFound, "没有%s", what)
	case u == nil:
		return Errorf(ErrUnauthenticated, "请先登录后再%s", a.Label())
	}
	return Errorf(ErrForbidden, "%s（%s）无权%s%s", u.Username, u.Role.Label(), a.Label(), what)
}

// EvalSteps lists the steps of a report's review in order.
var EvalSteps = []Action{ActionSubmitEval, ActionReviewEval, ActionReturnEval, ActionRecheckEval}

// AvailableEvalSteps lists the steps u may take now on the report of
// project r in state s: allowed by the policy and by EvalStepFor.
// Pages show one button per step.
func AvailableEvalSteps(u *User, r Resource, s State) []Action {
	out := []Action{}
	if u == nil {
		return out
	}
	for _, a := range EvalSteps {
		if Authorize(u, a, r) != Allow {
			continue
		}
		if _, err := EvalStepFor(u, s, a); err == nil {
			out = append(out, a)
		}
	}
	return out
}
