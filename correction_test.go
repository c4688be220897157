package jixiao

import "testing"

// The default kind follows the annual target's unit: counts and money add
// up (累计型), rates, scores and time limits are states (时点型).
func TestDefaultAccrual(t *testing.T) {
	for target, want := range map[string]Accrual{
		"≥8000家次": AccrualCumulative, "≥20000人次": AccrualCumulative, "=1500": AccrualCumulative, "≤50万元": AccrualCumulative,
		"100%": AccrualPoint, "≥90％": AccrualPoint, "≥90分": AccrualPoint, "≤10个工作日": AccrualPoint, "≤2小时": AccrualPoint,
		"有效降低": AccrualDefault,
	} {
		in := Indicator{Annual: ParseTarget(target)}
		if got := in.AccrualKind(); got != want {
			t.Errorf("%s: %q, want %q", target, got, want)
		}
		in.Accrual = AccrualPoint
		if got := in.AccrualKind(); got != AccrualPoint {
			t.Errorf("%s set 时点型: %q", target, got)
		}
	}
	if a, err := ParseAccrual("累计型"); err != nil || a != AccrualCumulative {
		t.Errorf("累计型: %q %v", a, err)
	}
	if _, err := ParseAccrual("每月"); err == nil {
		t.Error("an unknown kind was read")
	}
}

func TestParseDecision(t *testing.T) {
	for _, d := range Decisions {
		if got, err := ParseDecision(" " + string(d)); err != nil || got != d {
			t.Errorf("%s: %q %v", d, got, err)
		}
	}
	if _, err := ParseDecision("通报批评"); err == nil {
		t.Error("a decision outside the list was read")
	}
	if !DecisionCut.NeedsAmount() || !DecisionWithhold.NeedsAmount() || DecisionAdjust.NeedsAmount() {
		t.Error("the amounts: 调减预算 and 暂缓拨款 name one")
	}
}
