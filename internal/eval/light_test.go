package eval

import (
	"strings"
	"testing"
	"time"

	"jixiao"
)

func TestElapsedShare(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	for _, c := range []struct {
		year int
		day  string
		want string
	}{
		{2024, "2024-07-31", "71/122"}, // 213/366,
		{2023, "2023-07-31", "212/365"},
		{2024, "2024-12-31", "1"},
		{2024, "2023-12-31", "0"},
		{2024, "2025-01-15", "1"},
		{0, "2025-06-30", "181/365"},
	} {
		if got := ElapsedShare(c.year, day(c.day)).RatString(); got != c.want {
			t.Errorf("%d %s: %s, want %s", c.year, c.day, got, c.want)
		}
	}
}

func monitoringDoc(t *testing.T, targets ...string) *jixiao.Document {
	var inds []jixiao.Indicator
	for i, tg := range targets {
		inds = append(inds, ind(i+1, "1", tg))
	}
	return &jixiao.Document{Year: 2024, Projects: []jixiao.Project{*project(t, "100", inds...)}}
}

func monitoringRound(t *testing.T, executed string, vals ...jixiao.IndicatorActual) *jixiao.Actuals {
	a := actuals(t, executed, vals...)
	a.Round = jixiao.Round{Name: "2024年1-7月", Kind: jixiao.RoundMonitoring, CutOff: time.Date(2024, 7, 31, 0, 0, 0, 0, time.UTC)}
	return a
}

// On 2024-07-31, 58.20 % of the year has gone by.
func TestExecutionLights(t *testing.T) {
	for _, c := range []struct {
		executed string
		want     Color
		reason   string
	}{
		{"55", Green, "执行进度正常"},
		{"48.3", Green, "执行进度正常"}, // 213 ÷ 366 − 0.483 = 0.0990…: lag under ten points
		{"40", Yellow, "超过 10 个百分点"},
		{"30", Red, "超过 20 个百分点"},
		{"100.01", Red, "超过预算数"},
		{"", None, "未填报"},
	} {
		pl := Lights(Default(), monitoringDoc(t), monitoringRound(t, c.executed))[0]
		if pl.Execution.Color != c.want || !strings.Contains(pl.Execution.Reason, c.reason) {
			t.Errorf("executed %s: %+v, want %s …%s…", c.executed, pl.Execution, c.want, c.reason)
		}
		if pl.Overall.Color != c.want {
			t.Errorf("executed %s: overall %s", c.executed, pl.Overall.Color)
		}
	}
	a := monitoringRound(t, "55")
	a.Projects[0].Forecast, a.Projects[0].HasForecast = money(t, "85"), true
	if l := Lights(Default(), monitoringDoc(t), a)[0].Execution; l.Color != Yellow || !strings.Contains(l.Reason, "全年预计执行率 85.00%") {
		t.Errorf("forecast short of the budget: %+v", l)
	}
}

func TestIndicatorLights(t *testing.T) {
	likely := func(v string, l jixiao.Likelihood) jixiao.IndicatorActual {
		return jixiao.IndicatorActual{Value: v, Likelihood: l}
	}
	cases := []struct {
		target string
		a      jixiao.IndicatorActual
		want   Color
	}{
		{"≥1000人", val("582"), Green},  // due 581.97
		{"≥1000人", val("500"), Yellow}, // 85.9 % of due
		{"≥1000人", val("400"), Red},    // 68.7 %
		{"≥95%", val("96"), Green},     // rates are due in full at any time
		{"≥95%", val("84"), Yellow},    // 88.4 %
		{"≥95%", val("70"), Red},
		{"≤5000份", val("2000"), Green},
		{"≤5000份", val("4000"), Yellow}, // ahead of the pace 3200.9 that keeps under the cap
		{"≤5000份", val("5001"), Red},
		{"<10天", val("10"), Red},
		{"=0起", val("0"), Green},
		{"=0起", val("1"), Red},
		{"有效降低", grade(jixiao.Achieved, ""), Green},
		{"有效降低", grade(jixiao.PartlyAchieved, ""), Yellow},
		{"有效降低", grade(jixiao.NotAchieved, ""), Red},
		{"有效降低", jixiao.IndicatorActual{}, None},
		{"≥95%", likely("96", jixiao.LikelihoodImpossible), Red},
		{"≥95%", likely("96", jixiao.LikelihoodPossible), Yellow},
		{"≥95%", likely("96", jixiao.LikelihoodCertain), Green},
		{"≥1000人", jixiao.IndicatorActual{Value: "600", Forecast: "750人"}, Red}, // on pace, but the forecast falls short
		{"≥1000人", jixiao.IndicatorActual{Value: "600", Forecast: "1000"}, Green},
	}
	for _, c := range cases {
		l := Lights(Default(), monitoringDoc(t, c.target), monitoringRound(t, "55", c.a))[0]
		got := l.Indicators[0].Light
		if got.Color != c.want || got.Reason == "" {
			t.Errorf("%s %+v: %+v, want %s", c.target, c.a, got, c.want)
		}
		if c.want == Red && l.Overall.Color != Red {
			t.Errorf("%s: overall %+v", c.target, l.Overall)
		}
	}
}

func TestRounds(t *testing.T) {
	doc := &jixiao.Document{ID: 3, Year: 2024}
	for name, want := range map[string]string{"2024年1-7月": "2024-07-31", "1-2月": "2024-02-29", "2023年1—8月": "2023-08-31", "２０２４年１２月": "2024-12-31"} {
		r, err := MonitoringRound(doc, name, "")
		if err != nil || r.Kind != jixiao.RoundMonitoring || r.CutOff.Format("2006-01-02") != want || r.DocumentID != 3 {
			t.Errorf("%s: %+v %v, want %s", name, r, err, want)
		}
	}
	if _, err := MonitoringRound(doc, "第二次监控", ""); err == nil {
		t.Error("a name without months needs a cut-off")
	}
	if r, err := MonitoringRound(doc, "第二次监控", "2024-09-15"); err != nil || r.CutOff.Day() != 15 {
		t.Errorf("explicit cut-off: %+v %v", r, err)
	}
	if _, err := MonitoringRound(doc, "第二次监控", "2024/09/15"); err == nil {
		t.Error("bad cut-off accepted")
	}
	if r, _ := MonitoringRound(doc, "", ""); r.Kind != jixiao.RoundSelfEval || r.CutOff.Format("2006-01-02") != "2024-12-31" {
		t.Errorf("self-evaluation: %+v", r)
	}
}

// 136号 judges the forecast for the year: a cumulative rate (a 完成率 set
// as 累计型) at 40 % on 31 July with a forecast of 100 % against ≥100% is
// green, with 70 % red; a count at 40 of ≥100人 (due 58.2 by the
// calendar: red on its own) with a forecast of 100 is green. The to-date
// value and the kind are shown in the reason.
func TestLightsOnForecast(t *testing.T) {
	doc := monitoringDoc(t, "≥100%", "≥100人")
	doc.Projects[0].Indicators[0].Accrual = jixiao.AccrualCumulative
	for _, c := range []struct {
		forecast string
		want     Color
	}{{"100", Green}, {"70", Red}} {
		a := monitoringRound(t, "60", jixiao.IndicatorActual{Value: "40", Forecast: c.forecast},
			jixiao.IndicatorActual{Value: "40", Forecast: "100"})
		il := Lights(Default(), doc, a)[0].Indicators
		if il[0].Light.Color != c.want || !strings.Contains(il[0].Light.Reason, "（累计型，截至目前完成 40%）") || il[1].Light.Color != Green {
			t.Errorf("forecast %s: %+v", c.forecast, il)
		}
	}
	a := monitoringRound(t, "60", val("40"), val("40"))
	if il := Lights(Default(), doc, a)[0].Indicators; il[1].Light.Color != Red {
		t.Errorf("count without a forecast: %+v", il[1])
	}
}

// Without a forecast the kind decides: a cumulative value to date is
// compared with what the time elapsed makes due (58.2 % of the year on
// 31 July), a point-in-time one with the whole target. The kind set on
// the indicator overrides its unit's default.
func TestLightsByAccrual(t *testing.T) {
	for _, c := range []struct {
		target string
		set    jixiao.Accrual
		value  string
		want   Color
		reason string
	}{
		{"≥100%", "", "60", Red, "时点型"},                             // a rate holds in full: 60 of 100
		{"≥100%", jixiao.AccrualCumulative, "55", Green, "按时间进度应为"}, // 55 of 58.2 due
		{"≥100人", "", "55", Green, "累计型"},
		{"≥100人", jixiao.AccrualPoint, "55", Red, "时点型"}, // 在岗人数: due in full
	} {
		doc := monitoringDoc(t, c.target)
		doc.Projects[0].Indicators[0].Accrual = c.set
		l := Lights(Default(), doc, monitoringRound(t, "60", val(c.value)))[0].Indicators[0].Light
		if l.Color != c.want || !strings.Contains(l.Reason, c.reason) {
			t.Errorf("%s set %q at %s: %+v, want %s …%s…", c.target, c.set, c.value, l, c.want, c.reason)
		}
	}
}
