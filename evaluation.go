package jixiao

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RoundKind says whether a round is in-year monitoring (绩效运行监控) or the
// year-end self-evaluation (绩效自评).
type RoundKind string

// The two kinds of round.
const (
	RoundMonitoring RoundKind = "monitoring"
	RoundSelfEval   RoundKind = "self"
)

// SelfEvalRoundName is the name of a document's one year-end
// self-evaluation round, the round used when no monitoring round is named.
const SelfEvalRoundName = "年度自评"

// Round is one collection of actuals for a document: a monitoring round
// ("2024年1-7月", with the date its figures stand at) or the year-end
// self-evaluation. A document has at most one round of each name.
type Round struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	Name       string    `json:"name"`
	Kind       RoundKind `json:"kind"`
	// CutOff is the date the figures stand at; for the self-evaluation it is
	// the end of the budget year.
	CutOff    time.Time `json:"cut_off"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Attainment is the grade entered for a qualitative indicator (and, in a
// monitoring round, how far it stands).
type Attainment string

// The three grades of 财预〔2020〕10号 for qualitative indicators.
const (
	Achieved          Attainment = "达成"
	PartlyAchieved    Attainment = "部分达成"
	NotAchieved       Attainment = "未达成"
	AttainmentUnknown Attainment = ""
)

// Attainments lists the grades, best first.
var Attainments = []Attainment{Achieved, PartlyAchieved, NotAchieved}

// ParseAttainment reads a grade as written, accepting the long forms of the
// 自评表 ("达成年度指标", "部分达成年度指标并具有一定效果").
func ParseAttainment(s string) (Attainment, bool) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return AttainmentUnknown, true
	case strings.HasPrefix(s, string(PartlyAchieved)):
		return PartlyAchieved, true
	case strings.HasPrefix(s, string(NotAchieved)):
		return NotAchieved, true
	case strings.HasPrefix(s, string(Achieved)):
		return Achieved, true
	}
	return AttainmentUnknown, false
}

// DeviationReason is one ticked cause of a deviation from the target, as the
// monitoring forms split them.
type DeviationReason string

// The deviation causes of the monitoring forms (domain rules §6.3).
const (
	ReasonFunding  DeviationReason = "经费保障"
	ReasonRules    DeviationReason = "制度保障"
	ReasonStaff    DeviationReason = "人员保障"
	ReasonHardware DeviationReason = "硬件条件保障"
	ReasonOther    DeviationReason = "其他"
)

// DeviationReasons lists the causes in form order.
var DeviationReasons = []DeviationReason{ReasonFunding, ReasonRules, ReasonStaff, ReasonHardware, ReasonOther}

// ParseDeviationReasons reads causes separated by 、，,;；/ or spaces, each
// given in full or without its 保障 suffix ("经费、人员"). Repeats are
// dropped and the result is in form order.
func ParseDeviationReasons(s string) ([]DeviationReason, error) {
	fields := strings.FieldsFunc(FoldWidth(s), func(r rune) bool {
		return strings.ContainsRune("、,;/| ", r)
	})
	seen := map[DeviationReason]bool{}
	for _, f := range fields {
		r, ok := deviationReason(f)
		if !ok {
			return nil, fmt.Errorf("偏差原因 %q 不在 经费保障/制度保障/人员保障/硬件条件保障/其他 之中", f)
		}
		seen[r] = true
	}
	var out []DeviationReason
	for _, r := range DeviationReasons {
		if seen[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

func deviationReason(f string) (DeviationReason, bool) {
	for _, r := range DeviationReasons {
		if f == string(r) || f == strings.TrimSuffix(string(r), "保障") {
			return r, true
		}
	}
	return "", false
}

// JoinDeviationReasons writes causes as the files and pages show them.
func JoinDeviationReasons(rs []DeviationReason) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, "、")
}

// Likelihood is how likely the unit thinks the annual target will be met.
type Likelihood string

// The three answers of the monitoring forms.
const (
	LikelihoodCertain    Likelihood = "确定能"
	LikelihoodPossible   Likelihood = "有可能"
	LikelihoodImpossible Likelihood = "完全不可能"
	LikelihoodUnknown    Likelihood = ""
)

// ParseLikelihood reads a likelihood, also as the forms' codes 1, 2, 3.
func ParseLikelihood(s string) (Likelihood, bool) {
	switch strings.TrimSpace(FoldWidth(s)) {
	case "":
		return LikelihoodUnknown, true
	case "确定能", "1":
		return LikelihoodCertain, true
	case "有可能", "2":
		return LikelihoodPossible, true
	case "完全不可能", "3":
		return LikelihoodImpossible, true
	}
	return LikelihoodUnknown, false
}

// ProjectActual is what a unit records for a project in a round: money
// executed to date and the forecast for the year, both optional.
//
// Budget is the 全年预算数, the budget as adjusted during the year, when
// the unit gave it (HasBudget); the published total stands otherwise.
// CarriedBudget and OtherBudget are the parts of it from 上年结转 and from
// 其他资金, the rest being 当年财政拨款. When HasSplit, CarriedExecuted and
// OtherExecuted split Executed the same way.
type ProjectActual struct {
	ProjectSeq      int    `json:"project_seq"`
	Executed        Money  `json:"executed"`
	HasExecuted     bool   `json:"has_executed"`
	Forecast        Money  `json:"forecast"`
	HasForecast     bool   `json:"has_forecast"`
	Note            string `json:"note,omitempty"`
	Budget          Money  `json:"budget"`
	HasBudget       bool   `json:"has_budget"`
	CarriedBudget   Money  `json:"carried_budget"`
	OtherBudget     Money  `json:"other_budget"`
	HasSplit        bool   `json:"has_split"`
	CarriedExecuted Money  `json:"carried_executed"`
	OtherExecuted   Money  `json:"other_executed"`
}

// IndicatorActual is what a unit records for an indicator in a round. Value
// is the number reached (canonical decimal, "" when none) for a quantitative
// target; Grade is 达成/部分达成/未达成 for a qualitative one. Target is a
// number the evaluator entered for a target that has none (one that defers
// to an outside figure, "按市下达任务数完成"); it then scores as
// quantitative. Score is a score the evaluator entered inside the grade's
// band, in points ("" when the grade's default applies). Weight is the
// indicator's points when the evaluator sets weights ("" for an equal split).
type IndicatorActual struct {
	ProjectSeq int `json:"project_seq"`
	Seq        int `json:"seq"`
	// Text is the 实际完成值 as entered ("3,150人", "培训档案完整"); Value
	// is its number when the target has one.
	Text       string            `json:"text,omitempty"`
	Value      string            `json:"value,omitempty"`
	Grade      Attainment        `json:"grade,omitempty"`
	Target     Target            `json:"target,omitzero"`
	Score      string            `json:"score,omitempty"`
	Weight     string            `json:"weight,omitempty"`
	Forecast   string            `json:"forecast,omitempty"`
	Reasons    []DeviationReason `json:"deviation_reasons,omitempty"`
	Note       string            `json:"note,omitempty"`
	Likelihood Likelihood        `json:"likelihood,omitempty"`
}

// Empty reports whether nothing was entered for the indicator.
func (a IndicatorActual) Empty() bool {
	return a.Text == "" && a.Value == "" && a.Grade == "" && a.Target.Text == "" && a.Score == "" && a.Weight == "" &&
		a.Forecast == "" && len(a.Reasons) == 0 && a.Note == "" && a.Likelihood == ""
}

// Actuals is everything recorded in one round.
type Actuals struct {
	Round      Round             `json:"round"`
	Projects   []ProjectActual   `json:"projects"`
	Indicators []IndicatorActual `json:"indicators"`
	// Reviews are the projects' report states that are stored (the
	// others are 填报中).
	Reviews []EvalReview `json:"reviews,omitempty"`
	// Corrections are the 纠偏 records of a monitoring round's projects.
	Corrections []Correction `json:"corrections,omitempty"`
	// PrintedForms are the published 自评表 imported into the round, one
	// per project at most (PrintedSelfEval). SaveActuals replaces the one
	// of each project listed.
	PrintedForms []PrintedSelfEval `json:"printed_forms,omitempty"`
}

// Project returns the recorded actual of the project with that seq.
func (a *Actuals) Project(seq int) (ProjectActual, bool) {
	for _, p := range a.Projects {
		if p.ProjectSeq == seq {
			return p, true
		}
	}
	return ProjectActual{}, false
}

// Indicator returns the recorded actual of one indicator.
func (a *Actuals) Indicator(projectSeq, seq int) (IndicatorActual, bool) {
	for _, ia := range a.Indicators {
		if ia.ProjectSeq == projectSeq && ia.Seq == seq {
			return ia, true
		}
	}
	return IndicatorActual{}, false
}

// EvalStore keeps monitoring rounds and the actuals recorded in them, beside
// the documents of a Store. internal/sqlite and internal/postgres implement
// it.
type EvalStore interface {
	// SaveActuals stores a round's actuals in one transaction: it creates the
	// round when the document has none of that name (setting a.Round.ID and
	// its times) and replaces the recorded values of every project and
	// indicator listed in a, and the imported 自评表 of every project in
	// a.PrintedForms; others keep what they had. In the same
	// transaction it appends entry to the audit log, about a's document
	// (entry names the action, the actor and the comment; an entry with
	// no actor is the system's). A missing document gives ErrNotFound.
	SaveActuals(ctx context.Context, a *Actuals, entry AuditEntry) error
	// Actuals returns everything recorded in a document's round of that
	// name, or ErrNotFound.
	Actuals(ctx context.Context, documentID int64, round string) (*Actuals, error)
	// Rounds lists a document's rounds by cut-off date, then name.
	Rounds(ctx context.Context, documentID int64) ([]Round, error)
	// DeleteRound removes a round and its actuals, or gives ErrNotFound.
	DeleteRound(ctx context.Context, documentID int64, round string) error
	// SaveEvalReview stores r as the review of project r.ProjectSeq in
	// round roundID of document documentID, provided the stored state is
	// still from (填报中 when none is stored), and appends entry in the
	// same transaction. A state that moved meanwhile gives ErrConflict and
	// stores nothing; a missing round, ErrNotFound. It sets r.UpdatedAt.
	SaveEvalReview(ctx context.Context, documentID, roundID int64, r *EvalReview, from State, entry AuditEntry) error
	// SaveCorrection stores c as the 纠偏 of project c.ProjectSeq in round
	// roundID of document documentID, replacing what was held, and appends
	// entry in the same transaction; a missing round gives ErrNotFound.
	SaveCorrection(ctx context.Context, documentID, roundID int64, c *Correction, entry AuditEntry) error
	// SetAccrual stores the kind of indicator seq of project projectSeq of
	// document documentID and appends entry in the same transaction; a
	// missing indicator gives ErrNotFound.
	SetAccrual(ctx context.Context, documentID int64, projectSeq, seq int, a Accrual, entry AuditEntry) error
}

// EvalProvider is a Store whose database also keeps the rounds and actuals
// (both internal/sqlite and internal/postgres): the CLI, API and pages find
// the EvalStore through it.
type EvalProvider interface {
	Eval() EvalStore
}

// The states of a project's report in a round (填报 → 提交 → 主管部门审核 →
// 财政复核, 财预〔2020〕10号 第十二条 and 财预〔2019〕136号 第十六条): the
// unit fills in, submits, its department reviews (or returns it with a
// reason), and finance checks it with a 复核 score and opinion beside the
// self-score. A project with no review stored is EvalFiling. They are
// States so that a refused step is a *TransitionError (409) like the
// review of targets.
const (
	EvalFiling       State = "填报中"
	EvalSubmitted    State = "已提交"
	EvalDeptReviewed State = "部门已审"
	EvalRechecked    State = "财政已复核"
)

// EvalStates lists the report states in order.
var EvalStates = []State{EvalFiling, EvalSubmitted, EvalDeptReviewed, EvalRechecked}

// EvalReview is where one project's report in a round stands. DeptOpinion
// is the department's opinion when it reviewed; ReturnReason why it was
// last sent back; RecheckScore (points, two decimals, "" before the 复核)
// and RecheckOpinion are finance's. UpdatedBy names who made the last step.
type EvalReview struct {
	ProjectSeq     int       `json:"project_seq"`
	State          State     `json:"state"`
	DeptOpinion    string    `json:"dept_opinion,omitempty"`
	ReturnReason   string    `json:"return_reason,omitempty"`
	RecheckScore   string    `json:"recheck_score,omitempty"`
	RecheckOpinion string    `json:"recheck_opinion,omitempty"`
	UpdatedBy      string    `json:"updated_by,omitempty"`
	UpdatedAt      time.Time `json:"updated_at,omitzero"`
}

// Review returns where the project with that seq stands in the round: its
// stored review, or 填报中 when none is stored.
func (a *Actuals) Review(seq int) EvalReview {
	for _, r := range a.Reviews {
		if r.ProjectSeq == seq {
			return r
		}
	}
	return EvalReview{ProjectSeq: seq, State: EvalFiling}
}

// evalTransitions lists, for each step of the report's review, the states
// it starts from and the state it leads to. Finance may also send back a
// report the department passed; nothing leads out of 财政已复核.
var evalTransitions = map[Action]struct {
	from []State
	to   State
}{
	ActionSubmitEval:  {[]State{EvalFiling}, EvalSubmitted},
	ActionReviewEval:  {[]State{EvalSubmitted}, EvalDeptReviewed},
	ActionReturnEval:  {[]State{EvalSubmitted, EvalDeptReviewed}, EvalFiling},
	ActionRecheckEval: {[]State{EvalDeptReviewed}, EvalRechecked},
}

// EvalTransition returns the state a report in state s goes to by action
// a, or a *TransitionError (409) saying in Chinese why not now.
func EvalTransition(s State, a Action) (State, error) {
	t, ok := evalTransitions[a]
	if !ok {
		return s, &TransitionError{s, a, fmt.Sprintf("“%s”不是自评或监控填报的审核操作", a.Label())}
	}
	if !slices.Contains(t.from, s) {
		return s, &TransitionError{s, a, fmt.Sprintf("该项目的填报当前为“%s”，不能%s", s, a.Label())}
	}
	return t.to, nil
}

// evalReturner says who sends back a report in each state: the department
// while it is its turn (已提交), finance while it is finance's (部门已审).
var evalReturner = map[State]Role{EvalSubmitted: RoleDeptReviewer, EvalDeptReviewed: RoleFinanceReviewer}

// EvalStepFor is EvalTransition for u: a return is also refused (409) to a
// reviewer whose turn it is not.
func EvalStepFor(u *User, s State, a Action) (State, error) {
	to, err := EvalTransition(s, a)
	if err != nil || a != ActionReturnEval || u == nil || u.Role == evalReturner[s] {
		return to, err
	}
	return s, &TransitionError{s, a, fmt.Sprintf("该项目的填报当前为“%s”，应由%s退回", s, evalReturner[s].Label())}
}

// EvalVisible reports whether u may see what a round holds for a project
// (r) whose report is in state s: always within the scope (the unit, its
// department, finance); outside it (visitors included) only once finance
// has rechecked it, unless public says figures are public as typed.
func EvalVisible(u *User, r Resource, s State, public bool) bool {
	return public || s == EvalRechecked || InScope(u, r)
}
