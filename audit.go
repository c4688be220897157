package jixiao

import (
	"fmt"
	"time"
)

// Change is one field that differs between two versions of a project. Field
// is a path a program can use ("indicators[2].annual_target"), Label its
// Chinese name for pages ("指标2 年度指标值").
type Change struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// printedAmount is column c as the table prints it, without separators:
// "" for a blank cell.
func printedAmount(a Amounts, c AmountCols, u MoneyUnit) string {
	if a.Blank.Has(c) {
		return ""
	}
	return a.Get(c).Format(u)
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
	for i, c := range AmountColumns {
		// A blank cell is "" (nothing printed), so that filling it with
		// 0.00 is a change.
		add("amounts."+c.Name(), [...]string{"资金总额", "财政拨款", "财政专户拨款", "其他资金"}[i],
			printedAmount(old.Amounts, c, u), printedAmount(new.Amounts, c, u))
	}
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

// SystemActor is the username of audit entries written without a
// logged-in user: the operator at the command line, the demo loader.
const SystemActor = "系统"

// Actor is the audit entry's who for u: its id, name and role, or
// SystemActor with user id 0 for nil and for a user that is no stored
// account (id 0: the command line's operator, who acts with an admin's
// rights but is nobody's login).
func Actor(u *User) AuditEntry {
	if u == nil || u.ID == 0 {
		return AuditEntry{Username: SystemActor}
	}
	return AuditEntry{UserID: u.ID, Username: u.Username, Role: u.Role}
}
