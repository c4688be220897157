package jixiao

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Monitoring by 财预〔2019〕136号 (issue 16 item 4): an indicator is
// cumulative or point-in-time, which says how its value to date is read;
// each red or yellow project gets a 纠偏 record, the unit's measures and
// then finance's decision.

// Accrual says how an indicator's value builds up over the year.
type Accrual string

// The two kinds. A cumulative indicator (培训人数, 发放户数, 支出金额) adds
// up through the year, so what it has reached to date is not held against
// the annual target; a point-in-time one (满意度, 达标率, 办结时限) is a
// state that should hold at any time. AccrualDefault is stored for an
// indicator nobody has set: its kind then follows its unit
// (DefaultAccrual).
const (
	AccrualDefault    Accrual = ""
	AccrualCumulative Accrual = "cumulative"
	AccrualPoint      Accrual = "point"
)

// Label is the kind's Chinese name.
func (a Accrual) Label() string {
	switch a {
	case AccrualCumulative:
		return "累计型"
	case AccrualPoint:
		return "时点型"
	}
	return "按单位判断"
}

// ParseAccrual reads a kind as a door sends it: its English name, its
// Chinese label ("累计型", "累计", "时点型", "时点") or "" for the default.
func ParseAccrual(s string) (Accrual, error) {
	switch strings.TrimSpace(s) {
	case "", "default", "按单位判断":
		return AccrualDefault, nil
	case "cumulative", "累计型", "累计":
		return AccrualCumulative, nil
	case "point", "时点型", "时点":
		return AccrualPoint, nil
	}
	return AccrualDefault, &FieldError{Field: "accrual", Msg: fmt.Sprintf("指标类型 %q 应为 cumulative（累计型）、point（时点型）或留空（按单位判断）", s)}
}

// pointUnits are the units of targets that are a state, not a sum: rates
// and shares, scores and grades, durations and time limits.
var pointUnits = []string{"%", "‰", "分", "级", "星", "天", "日", "工作日", "个工作日", "小时", "分钟", "月", "个月", "年"}

// DefaultAccrual is the kind an indicator whose kind nobody set takes from
// its annual target's unit: point-in-time for rates (%, ‰), scores (分,
// 级, 星) and durations or time limits (天, 工作日, 小时, 月 …); cumulative
// for everything else with a number (人, 次, 个, 户, 场, 万元 …).
// Qualitative targets have no kind.
func DefaultAccrual(t Target) Accrual {
	if !t.Quantitative() {
		return AccrualDefault
	}
	if slices.Contains(pointUnits, FoldWidth(strings.TrimSpace(t.Unit))) {
		return AccrualPoint
	}
	return AccrualCumulative
}

// AccrualKind is the indicator's kind in force: the one set on it, else
// its unit's default.
func (in *Indicator) AccrualKind() Accrual {
	if in.Accrual != AccrualDefault {
		return in.Accrual
	}
	return DefaultAccrual(in.Annual)
}

// CorrectionDecision is finance's decision on a project that deviates (136号: 及时纠偏;
// domain review §3.4).
type CorrectionDecision string

// The decisions finance chooses from.
const (
	DecisionContinue CorrectionDecision = "继续执行"
	DecisionAdjust   CorrectionDecision = "调整绩效目标"
	DecisionCut      CorrectionDecision = "调减预算"
	DecisionWithhold CorrectionDecision = "暂缓拨款"
	DecisionStop     CorrectionDecision = "停止实施"
)

// Decisions lists them in the order the forms offer them.
var Decisions = []CorrectionDecision{DecisionContinue, DecisionAdjust, DecisionCut, DecisionWithhold, DecisionStop}

// NeedsAmount reports whether the decision names an amount: how much is cut
// or withheld.
func (d CorrectionDecision) NeedsAmount() bool { return d == DecisionCut || d == DecisionWithhold }

// ParseDecision reads a decision by its name.
func ParseDecision(s string) (CorrectionDecision, error) {
	s = strings.TrimSpace(s)
	for _, d := range Decisions {
		if s == string(d) {
			return d, nil
		}
	}
	return "", &FieldError{Field: "decision", Msg: fmt.Sprintf("纠偏决定 %q 应为 继续执行、调整绩效目标、调减预算、暂缓拨款 或 停止实施", s)}
}

// Correction is the 纠偏 of one project in a monitoring round: what the
// unit will do (Measures), then what finance decides. A decision to adjust
// the target names the indicator (IndicatorSeq); one to cut or withhold
// money names the amount. AdjustmentID is the 目标调整 filed on it.
type Correction struct {
	ProjectSeq   int                `json:"project_seq"`
	Measures     string             `json:"measures"`
	MeasuresBy   string             `json:"measures_by,omitempty"`
	MeasuresAt   time.Time          `json:"measures_at,omitzero"`
	Decision     CorrectionDecision `json:"decision,omitempty"`
	IndicatorSeq int                `json:"indicator_seq,omitempty"`
	Amount       Money              `json:"amount,omitempty"`
	Opinion      string             `json:"opinion,omitempty"`
	DecidedBy    string             `json:"decided_by,omitempty"`
	DecidedAt    time.Time          `json:"decided_at,omitzero"`
	AdjustmentID int64              `json:"adjustment_id,omitempty"`
}

// Status says where the 纠偏 stands, in Chinese.
func (c Correction) Status() string {
	switch {
	case c.Decision == DecisionAdjust && c.AdjustmentID != 0:
		return "已决定：调整绩效目标（已发起目标调整）"
	case c.Decision == DecisionAdjust:
		return "已决定：调整绩效目标（待单位发起目标调整）"
	case c.Decision != "":
		return "已决定：" + string(c.Decision)
	case c.Measures != "":
		return "待财政决定"
	}
	return "待单位填报纠偏措施"
}

// Correction returns the 纠偏 of the project with that seq in the round, or
// an empty one.
func (a *Actuals) Correction(seq int) Correction {
	for _, c := range a.Corrections {
		if c.ProjectSeq == seq {
			return c
		}
	}
	return Correction{ProjectSeq: seq}
}

// The actions of 纠偏 and of setting an indicator's kind.
const (
	ActionSetAccrual       Action = "set_accrual"
	ActionCorrectMeasures  Action = "correct_measures"
	ActionDecideCorrection Action = "decide_correction"
)
