package jixiao

import (
	"fmt"
	"strings"
	"time"
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
			return nil, Errorf(ErrInvalid, "项目没有第 %d 个指标", indicatorSeq)
		}
		a.IndicatorSeq = indicatorSeq
		in := p.Indicators[indicatorSeq-1]
		a.Old = in.Annual.Text
		if field == AdjustPeriod {
			a.Old = in.Period.Text
		}
	default:
		return nil, Errorf(ErrInvalid, "目标调整只能针对 goal、annual_target 或 period_target，收到 %q", field)
	}
	switch {
	case a.New == "":
		return nil, Errorf(ErrInvalid, "请填写调整后的值")
	case a.New == a.Old:
		return nil, Errorf(ErrInvalid, "调整后的值与原值相同")
	case a.Reason == "":
		return nil, Errorf(ErrInvalid, "目标调整必须说明理由")
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
