package jixiao

import (
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
)

// This file is 结果应用's 整改台账 (issue 17 item 3): a problem found by a
// review, a monitoring round, a self-evaluation or an audit becomes a
// rectification item that the responsible unit works on (measures,
// evidence) and the reviewer who opened it verifies. It is pure: the
// stores keep the items (RectificationStore), internal/service runs the
// commands and asks the functions here who may take which step.

// RectifySource is where a rectification item came from.
type RectifySource string

// The sources: a 审核 opinion (中, 差, or 良 with agreed fixes), a red
// monitoring light, a 中/差 self-evaluation, an audit finding typed in.
const (
	SourceReview     RectifySource = "review"
	SourceMonitoring RectifySource = "monitoring"
	SourceSelfEval   RectifySource = "self_eval"
	SourceAudit      RectifySource = "audit"
)

// RectifySources lists the sources in the order forms offer them.
var RectifySources = []RectifySource{SourceReview, SourceMonitoring, SourceSelfEval, SourceAudit}

// Label is the source's Chinese name.
func (s RectifySource) Label() string {
	return map[RectifySource]string{SourceReview: "审核意见", SourceMonitoring: "绩效监控红灯",
		SourceSelfEval: "绩效自评", SourceAudit: "审计发现"}[s]
}

// The states of an item: the unit has not started (待整改), is working on
// it (整改中), reports it done (已整改); the opening reviewer confirms it
// (已核实) or sends it back to 整改中.
const (
	RectifyOpen     State = "待整改"
	RectifyWorking  State = "整改中"
	RectifyDone     State = "已整改"
	RectifyVerified State = "已核实"
)

// RectifyStates lists the states in order.
var RectifyStates = []State{RectifyOpen, RectifyWorking, RectifyDone, RectifyVerified}

// The steps of an item. Opening is a reviewer's; reporting measures,
// attaching evidence and marking it done are the unit's filer's;
// verifying and sending back are the opening reviewer's alone.
const (
	ActionOpenRectification   Action = "open_rectification"
	ActionReportRectification Action = "report_rectification"
	ActionAttachEvidence      Action = "attach_evidence"
	ActionMarkRectified       Action = "mark_rectified"
	ActionVerifyRectification Action = "verify_rectification"
	ActionReturnRectification Action = "return_rectification"
)

// RectifySteps lists the steps after opening, in the order pages offer them.
var RectifySteps = []Action{ActionReportRectification, ActionAttachEvidence, ActionMarkRectified,
	ActionVerifyRectification, ActionReturnRectification}

// init adds the steps' Chinese names to the history's labels
// (Action.Label), beside the actions they name rather than in policy.go.
func init() {
	for a, l := range map[Action]string{ActionOpenRectification: "发起整改", ActionReportRectification: "填报整改措施",
		ActionAttachEvidence: "上传佐证材料", ActionMarkRectified: "报告已整改",
		ActionVerifyRectification: "核实整改", ActionReturnRectification: "退回整改"} {
		actionLabels[a] = l
	}
}

// Limits of an item's text and evidence.
const (
	MaxRectifyText = 2000
	// MaxEvidenceBytes caps one evidence file, MaxEvidenceFiles their
	// number per item: the files live in the database.
	MaxEvidenceBytes = 5 << 20
	MaxEvidenceFiles = 5
)

// Rectification is one item of the 整改台账. DocumentID and ProjectID name
// the table and project the problem is about (0 for an audit finding about
// the department as a whole); SourceRef says which opinion, round or
// finding it came from, as a reader would cite it. Deadline is a date
// (YYYY-MM-DD, Beijing). OpenedBy is the reviewer who opened it and the
// only one who verifies it.
type Rectification struct {
	ID         int64         `json:"id"`
	Source     RectifySource `json:"source"`
	SourceRef  string        `json:"source_ref"`
	ReviewID   int64         `json:"review_id,omitempty"`
	DocumentID int64         `json:"document_id,omitempty"`
	ProjectID  int64         `json:"project_id,omitempty"`
	Project    string        `json:"project,omitempty"`
	Year       int           `json:"year,omitempty"`
	Department string        `json:"department"`
	Unit       string        `json:"unit"`
	Problem    string        `json:"problem"`
	// Requirement is what the reviewer asks the unit to do (整改要求).
	Requirement string    `json:"requirement,omitempty"`
	Deadline    string    `json:"deadline"`
	Measures    string    `json:"measures,omitempty"`
	Result      string    `json:"result,omitempty"`
	Verdict     string    `json:"verdict,omitempty"`
	State       State     `json:"state"`
	OpenedByID  int64     `json:"opened_by_id"`
	OpenedBy    string    `json:"opened_by"`
	OpenedAt    time.Time `json:"opened_at"`
	UpdatedBy   string    `json:"updated_by"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Evidence lists the attached files without their bytes.
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one file attached to an item as 佐证材料. ContentType is
// what the bytes were sniffed as, never what the browser claimed.
type Evidence struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
	Data        []byte    `json:"-"`
}

// RectifyEvent is one line of an item's history: who took which step,
// from which state to which, saying what.
type RectifyEvent struct {
	At        time.Time `json:"at"`
	Username  string    `json:"username"`
	Role      Role      `json:"role"`
	Action    Action    `json:"action"`
	FromState State     `json:"from_state"`
	ToState   State     `json:"to_state"`
	Comment   string    `json:"comment"`
}

// Resource is the item as the policy sees it: its department and
// responsible unit, never public.
func (r *Rectification) Resource() Resource {
	return Resource{Department: r.Department, Unit: r.Unit}
}

// deadlineLayout is how a deadline is written and stored.
const deadlineLayout = "2006-01-02"

// Validate checks a new item: a known source with its reference, the
// department and unit, the problem, a real deadline and bounded texts.
func (r *Rectification) Validate() error {
	switch {
	case !slices.Contains(RectifySources, r.Source):
		return &FieldError{"source", fmt.Sprintf("未知的问题来源 %q（可选 review、monitoring、self_eval、audit）", r.Source)}
	case strings.TrimSpace(r.Department) == "":
		return &FieldError{"department", "请填写整改事项所属的部门"}
	case strings.TrimSpace(r.Unit) == "":
		return &FieldError{"unit", "请填写责任单位"}
	case strings.TrimSpace(r.Problem) == "":
		return &FieldError{"problem", "请写明发现的问题"}
	case r.Source != SourceAudit && r.DocumentID == 0:
		return &FieldError{"source", fmt.Sprintf("来源为“%s”的整改事项须指明所涉的项目", r.Source.Label())}
	}
	if _, err := ParseDeadline(r.Deadline); err != nil {
		return err
	}
	return checkRectifyTexts(map[string]string{"problem": r.Problem, "requirement": r.Requirement,
		"source_ref": r.SourceRef, "department": r.Department, "unit": r.Unit})
}

func checkRectifyTexts(fields map[string]string) error {
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		if err := CheckText(f, fields[f], MaxRectifyText); err != nil {
			return err
		}
	}
	return nil
}

// ParseDeadline reads a deadline written YYYY-MM-DD.
func ParseDeadline(s string) (time.Time, error) {
	t, err := time.ParseInLocation(deadlineLayout, strings.TrimSpace(s), Beijing)
	if err != nil {
		return time.Time{}, &FieldError{"deadline", fmt.Sprintf("整改期限须为日期，如 2025-06-30，而不是 %q", s)}
	}
	return t, nil
}

// Overdue reports whether the item is past its deadline at now while the
// unit still owes the work (待整改 or 整改中): the deadline day itself is
// in time, judged on the Beijing calendar.
func (r *Rectification) Overdue(now time.Time) bool {
	if r.State != RectifyOpen && r.State != RectifyWorking {
		return false
	}
	d, err := ParseDeadline(r.Deadline)
	if err != nil {
		return false
	}
	today := now.In(Beijing).Format(deadlineLayout)
	return today > d.Format(deadlineLayout)
}

// DeadlineText is the deadline as forms print it (2025年6月30日).
func (r *Rectification) DeadlineText() string {
	d, err := ParseDeadline(r.Deadline)
	if err != nil {
		return r.Deadline
	}
	return BeijingDate(d)
}

// MayOpenRectification says whether u may open an item about r: a
// department or finance reviewer whose scope covers it.
func MayOpenRectification(u *User, r Resource) error {
	if u == nil {
		return Errorf(ErrUnauthenticated, "请先登录后再发起整改")
	}
	if u.Role != RoleDeptReviewer && u.Role != RoleFinanceReviewer {
		return Errorf(ErrForbidden, "%s（%s）不能发起整改；整改由主管部门或财政审核人发起", u.Username, u.Role.Label())
	}
	if !InScope(u, r) {
		return Errorf(ErrForbidden, "%s（%s）无权对“%s”发起整改", u.Username, u.Role.Label(), r.Unit)
	}
	return nil
}

// SeesRectification says whether u may read item r: whoever's scope
// covers its unit, and the reviewer who opened it.
func SeesRectification(u *User, r *Rectification) bool {
	return u != nil && (InScope(u, r.Resource()) || u.ID != 0 && u.ID == r.OpenedByID)
}

// RectifyStep checks that u may take step a on item r now and returns the
// state it leads to. The unit's filer reports, attaches and marks done
// (while it is not yet done); only the opening reviewer verifies or sends
// back an item reported done. A step out of role is ErrForbidden, one
// the state does not allow a *TransitionError.
func RectifyStep(u *User, r *Rectification, a Action) (State, error) {
	if err := mayStep(u, r, a); err != nil {
		return "", err
	}
	to, ok := rectifyMoves[a][r.State]
	if !ok {
		return "", &TransitionError{From: r.State, Action: a,
			Msg: fmt.Sprintf("整改事项为“%s”，不能%s", r.State, a.Label())}
	}
	return to, nil
}

// rectifyMoves lists, per step, the states it may start from and where
// it leads. Reporting measures or evidence starts the work.
var rectifyMoves = map[Action]map[State]State{
	ActionReportRectification: {RectifyOpen: RectifyWorking, RectifyWorking: RectifyWorking},
	ActionAttachEvidence:      {RectifyOpen: RectifyWorking, RectifyWorking: RectifyWorking},
	ActionMarkRectified:       {RectifyOpen: RectifyDone, RectifyWorking: RectifyDone},
	ActionVerifyRectification: {RectifyDone: RectifyVerified},
	ActionReturnRectification: {RectifyDone: RectifyWorking},
}

func mayStep(u *User, r *Rectification, a Action) error {
	if u == nil {
		return Errorf(ErrUnauthenticated, "请先登录后再%s", a.Label())
	}
	switch a {
	case ActionReportRectification, ActionAttachEvidence, ActionMarkRectified:
		if u.Role != RoleFiler || !InScope(u, r.Resource()) {
			return Errorf(ErrForbidden, "%s（%s）不能%s；整改措施和佐证材料由责任单位“%s”的填报人报送", u.Username, u.Role.Label(), a.Label(), r.Unit)
		}
	case ActionVerifyRectification, ActionReturnRectification:
		if u.ID == 0 || u.ID != r.OpenedByID {
			return Errorf(ErrForbidden, "%s不能%s；整改由发起人 %s 核实", u.Username, a.Label(), r.OpenedBy)
		}
	default:
		return Errorf(ErrInvalid, "未知的整改操作 %q", a)
	}
	return nil
}

// AvailableRectifySteps lists the steps u may take on r now, for buttons.
func AvailableRectifySteps(u *User, r *Rectification) []Action {
	out := []Action{}
	for _, a := range RectifySteps {
		if _, err := RectifyStep(u, r, a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// CheckMarkRectified refuses to report an item done without measures and
// at least one piece of evidence: the reviewer has nothing to verify.
func (r *Rectification) CheckMarkRectified() error {
	switch {
	case strings.TrimSpace(r.Measures) == "":
		return &FieldError{"measures", "报告已整改前请先填写整改措施"}
	case len(r.Evidence) == 0:
		return &FieldError{"evidence", "报告已整改前请至少上传一份佐证材料"}
	}
	return nil
}

// CheckEvidence refuses a file that is empty, over MaxEvidenceBytes, or
// one too many for item r, and cleans its name (EvidenceName).
func (r *Rectification) CheckEvidence(name string, size int64) (string, error) {
	switch {
	case size == 0:
		return "", &FieldError{"file", "佐证材料文件为空"}
	case size > MaxEvidenceBytes:
		return "", &FieldError{"file", fmt.Sprintf("佐证材料每个文件最大 %d MiB，该文件 %.1f MiB；请压缩或拆分后上传", MaxEvidenceBytes>>20, float64(size)/(1<<20))}
	case len(r.Evidence) >= MaxEvidenceFiles:
		return "", &FieldError{"file", fmt.Sprintf("每个整改事项最多 %d 份佐证材料", MaxEvidenceFiles)}
	}
	return EvidenceName(name), nil
}

// EvidenceName is a file name safe to store and to send back: the base
// name, without control characters, quotes or path separators, at most
// 100 characters, "佐证材料" when nothing is left.
func EvidenceName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`"/\<>:*?|;`, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if rs := []rune(name); len(rs) > 100 {
		name = string(rs[len(rs)-100:])
	}
	if name == "" || name == "." || name == ".." {
		return "佐证材料"
	}
	return name
}

// Disposition is the Content-Disposition that sends e as a download: an
// ASCII fallback name (other characters as "_") and the exact name in
// RFC 5987 encoding, every byte outside attr-char percent-encoded, so
// that no quote, semicolon or line break of a name can break the header.
func (e *Evidence) Disposition() string {
	var ascii, enc strings.Builder
	for _, r := range e.Name {
		if r < 0x80 && isAttrChar(byte(r)) {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	for i := 0; i < len(e.Name); i++ {
		if c := e.Name[i]; isAttrChar(c) {
			enc.WriteByte(c)
		} else {
			fmt.Fprintf(&enc, "%%%02X", c)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii.String(), enc.String())
}

// isAttrChar is RFC 5987's attr-char: letters, digits and !#$&+-.^_`|~.
func isAttrChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// RectifyFilter selects items of the 整改台账; zero fields do not filter.
// Overdue keeps the items past their deadline at Now.
type RectifyFilter struct {
	State      State
	Department string
	Unit       string
	DocumentID int64
	ProjectID  int64
	Overdue    bool
	Now        time.Time
}

// Keeps reports whether the filter keeps r.
func (f RectifyFilter) Keeps(r *Rectification) bool {
	switch {
	case f.State != "" && r.State != f.State,
		f.Department != "" && r.Department != f.Department,
		f.Unit != "" && r.Unit != f.Unit,
		f.DocumentID != 0 && r.DocumentID != f.DocumentID,
		f.ProjectID != 0 && r.ProjectID != f.ProjectID,
		f.Overdue && !r.Overdue(f.Now):
		return false
	}
	return true
}

// RectificationStore keeps the 整改台账. Every method that changes an item
// appends its history event and its audit entry (about the item's
// document and project) in the same transaction.
type RectificationStore interface {
	// CreateRectification stores r as 待整改, setting its ID, state and
	// times, and logs e.
	CreateRectification(ctx context.Context, r *Rectification, e AuditEntry) error
	// Rectification returns one item with its evidence listed (no bytes),
	// or ErrNotFound.
	Rectification(ctx context.Context, id int64) (*Rectification, error)
	// Rectifications lists every item, newest first, evidence listed.
	Rectifications(ctx context.Context) ([]Rectification, error)
	// UpdateRectification writes r's measures, result, verdict and state
	// over the stored item, only if it is still in from (else
	// ErrConflict), and logs e.
	UpdateRectification(ctx context.Context, r *Rectification, from State, e AuditEntry) error
	// AddEvidence attaches f to item id (its state moved from from to
	// to, else ErrConflict), sets f.ID, and logs e.
	AddEvidence(ctx context.Context, id int64, f *Evidence, from, to State, e AuditEntry) error
	// EvidenceFile returns one evidence file of item id with its bytes,
	// or ErrNotFound.
	EvidenceFile(ctx context.Context, id, fileID int64) (*Evidence, error)
	// RectifyHistory lists an item's events, oldest first.
	RectifyHistory(ctx context.Context, id int64) ([]RectifyEvent, error)
}

// RectificationProvider is a store that also keeps the 整改台账 (both
// engines).
type RectificationProvider interface {
	Rectify() RectificationStore
}

// BudgetConsequence is one row of the table from a grade (优/良/中/差 of a
// self-evaluation or a review) to what follows for next year's budget
// (结果应用, 财预〔2020〕10号: 优良 supported, 中差 cut). CutPercent is the
// suggested cut of next year's budget, 0 for none. The table is
// configuration (eval.Config.Consequences): districts differ.
type BudgetConsequence struct {
	Grade      string `json:"grade"`
	Action     string `json:"action"`
	CutPercent int    `json:"cut_percent,omitempty"`
}

// DefaultConsequences is the table a deployment starts with, after 10号
// and Dazhou's practice; the percentages are local settings, not law.
func DefaultConsequences() []BudgetConsequence {
	return []BudgetConsequence{
		{Grade: "优", Action: "下年预算优先保障"},
		{Grade: "良", Action: "下年预算正常安排"},
		{Grade: "中", Action: "限期整改，下年预算核减", CutPercent: 10},
		{Grade: "差", Action: "限期整改，下年预算核减；整改不到位的不再安排", CutPercent: 50},
	}
}

// Text is the consequence as pages print it: "限期整改，下年预算核减 10%".
func (c BudgetConsequence) Text() string {
	if c.CutPercent > 0 {
		return fmt.Sprintf("%s %d%%", c.Action, c.CutPercent)
	}
	return c.Action
}

// CheckConsequences refuses a table with a grade named twice or not at
// all, no action, or a cut outside 0-100 %.
func CheckConsequences(table []BudgetConsequence) error {
	seen := map[string]bool{}
	for _, c := range table {
		switch {
		case strings.TrimSpace(c.Grade) == "" || seen[c.Grade]:
			return fmt.Errorf("结果应用表: 等级 %q 为空或重复", c.Grade)
		case strings.TrimSpace(c.Action) == "":
			return fmt.Errorf("结果应用表: 等级 %s 没有写明应用方式", c.Grade)
		case c.CutPercent < 0 || c.CutPercent > 100:
			return fmt.Errorf("结果应用表: 等级 %s 的核减比例 %d%% 不在 0 到 100 之间", c.Grade, c.CutPercent)
		}
		seen[c.Grade] = true
	}
	return nil
}

// ConsequenceOf finds grade's row of table.
func ConsequenceOf(table []BudgetConsequence, grade string) (BudgetConsequence, bool) {
	i := slices.IndexFunc(table, func(c BudgetConsequence) bool { return c.Grade == grade })
	if i < 0 {
		return BudgetConsequence{}, false
	}
	return table[i], true
}
