package jixiao

import (
	"fmt"
	"strings"
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
// amounts, goal, and the indicators as indicatorChanges aligns them (one
// indicator deleted or added is one change, however many follow it).
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
	return append(out, indicatorChanges(old.Indicators, new.Indicators)...)
}

// indicatorChanges lists what differs between two indicator lists. They
// are aligned on their longest common subsequence of unchanged indicators,
// so that deleting one is one change and not a change of every indicator
// after it (issue 15). Between two unchanged indicators, the old and new
// ones left over are paired in order as edits, field by field; the rest
// are deleted or added whole.
func indicatorChanges(old, new []Indicator) []Change {
	a, b := indicatorTexts(old), indicatorTexts(new)
	var out []Change
	i, j := 0, 0
	for _, m := range append(commonIndicators(a, b), [2]int{len(a), len(b)}) {
		for ; i < m[0] && j < m[1]; i, j = i+1, j+1 {
			out = append(out, indicatorEdits(i, j, a[i], b[j])...)
		}
		for ; i < m[0]; i++ {
			out = append(out, Change{fmt.Sprintf("indicators[%d]", i+1), fmt.Sprintf("指标%d（已删除）", i+1), a[i].String(), ""})
		}
		for ; j < m[1]; j++ {
			out = append(out, Change{fmt.Sprintf("indicators[%d]", j+1), fmt.Sprintf("指标%d（新增）", j+1), "", b[j].String()})
		}
		i, j = m[0]+1, m[1]+1
	}
	return out
}

// commonIndicators returns the index pairs (old, new) of a longest common
// subsequence of a and b, in order.
func commonIndicators(a, b []indicatorText) [][2]int {
	// n[i][j] is the length of the longest common subsequence of a[i:], b[j:].
	n := make([][]int, len(a)+1)
	for i := range n {
		n[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				n[i][j] = n[i+1][j+1] + 1
			} else {
				n[i][j] = max(n[i+1][j], n[i][j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			out = append(out, [2]int{i, j})
			i, j = i+1, j+1
		case n[i+1][j] >= n[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// indicatorEdits are the field changes from old indicator i to new
// indicator j, labelled with the new position (and the old one if it moved).
func indicatorEdits(i, j int, a, b indicatorText) []Change {
	var out []Change
	p, l := fmt.Sprintf("indicators[%d].", j+1), fmt.Sprintf("指标%d ", j+1)
	if i != j {
		l = fmt.Sprintf("指标%d（原指标%d） ", j+1, i+1)
	}
	for _, f := range []struct{ field, label, old, new string }{
		{"level1", "一级指标", a.level1, b.level1},
		{"level2", "二级指标", a.level2, b.level2},
		{"name", "三级指标", a.name, b.name},
		{"period_target", "实施周期指标值", a.period, b.period},
		{"annual_target", "年度指标值", a.annual, b.annual},
	} {
		if f.old != f.new {
			out = append(out, Change{p + f.field, l + f.label, f.old, f.new})
		}
	}
	return out
}

type indicatorText struct{ level1, level2, name, period, annual string }

func indicatorTexts(list []Indicator) []indicatorText {
	out := make([]indicatorText, len(list))
	for i, in := range list {
		out[i] = indicatorText{
			level1: joinCode(in.Level1Code, in.Level1), level2: joinCode(in.Level2Code, in.Level2),
			name: in.Name, period: in.Period.Text, annual: in.Annual.Text,
		}
	}
	return out
}

// String is the whole indicator on one line, as the tables write an
// indicator cell: "1-产出指标；11-数量指标；培训人数；年度指标值:≥500人次".
func (t indicatorText) String() string {
	var parts []string
	for _, s := range []string{t.level1, t.level2, t.name} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if t.period != "" {
		parts = append(parts, "实施周期指标值:"+t.period)
	}
	if t.annual != "" {
		parts = append(parts, "年度指标值:"+t.annual)
	}
	return strings.Join(parts, "；")
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

// Error names who saved the current version when known; else it does not
// guess "someone else": most often it was the same person in another tab.
func (e *ConflictError) Error() string {
	who := "项目已在别处修改（可能是您在另一窗口）"
	if e.By != "" {
		who = "项目已由" + e.By + "修改"
	}
	return fmt.Sprintf("%s：您编辑的是第 %d 版，当前是第 %d 版；请查看不同之处后重新保存", who, e.Expected, e.Version)
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

// Beijing is China Standard Time (UTC+8, no daylight saving), the time
// officers read on every page and sheet; a fixed zone, so that no time
// zone database is needed.
var Beijing = time.FixedZone("北京时间", 8*3600)

// BeijingDate is t's date in Beijing as forms print it: 2025年3月10日.
func BeijingDate(t time.Time) string { return t.In(Beijing).Format("2006年1月2日") }
