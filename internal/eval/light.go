package eval

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"jixiao"
)

// Color is a monitoring light.
type Color string

// The lights, from good to bad; None means nothing was recorded to judge.
const (
	None   Color = "none"
	Green  Color = "green"
	Yellow Color = "yellow"
	Red    Color = "red"
)

var colorRank = map[Color]int{None: 0, Green: 1, Yellow: 2, Red: 3}

// Label is the colour's Chinese name for pages and files.
func (c Color) Label() string {
	return map[Color]string{None: "未填报", Green: "绿灯", Yellow: "黄灯", Red: "红灯"}[c]
}

// Light is a colour and why, in Chinese.
type Light struct {
	Color  Color  `json:"color"`
	Reason string `json:"reason"`
}

// worse returns the worse of two lights, joining reasons of equal colour.
func worse(a, b Light) Light {
	switch {
	case colorRank[b.Color] > colorRank[a.Color]:
		return b
	case colorRank[a.Color] > colorRank[b.Color] || b.Reason == "":
		return a
	case a.Reason == "":
		return b
	}
	return Light{a.Color, a.Reason + "；" + b.Reason}
}

// IndicatorLight is the light of one indicator, with the kind it was
// judged as ("" for a qualitative one).
type IndicatorLight struct {
	Seq   int            `json:"seq"`
	Name  string         `json:"name"`
	Light Light          `json:"light"`
	Kind  jixiao.Accrual `json:"accrual,omitempty"`
}

// ProjectLights are a project's lights in a monitoring round: its budget
// execution, each indicator, and overall (the worst of them).
type ProjectLights struct {
	ProjectSeq    int              `json:"project_seq"`
	Project       string           `json:"project"`
	Unit          string           `json:"unit"`
	ExecutionRate string           `json:"execution_rate"`
	Execution     Light            `json:"execution"`
	Indicators    []IndicatorLight `json:"indicators"`
	Overall       Light            `json:"overall"`
}

// ElapsedShare is the share of the budget year gone by at the end of the
// cut-off day: 2024-07-31 is 213/366 of 2024. year 0 takes the cut-off's.
func ElapsedShare(year int, cutOff time.Time) *big.Rat {
	if year == 0 {
		year = cutOff.Year()
	}
	switch {
	case cutOff.Year() < year:
		return new(big.Rat)
	case cutOff.Year() > year:
		return big.NewRat(1, 1)
	}
	days := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).YearDay()
	return big.NewRat(int64(cutOff.YearDay()), int64(days))
}

// Lights judges every project of doc in a round. Budget execution is
// compared with the share of the year elapsed at the round's cut-off;
// quantitative indicators with their target, scaled by that share for
// counts (人, 场) and not for rates (%), in the target's direction;
// qualitative ones by grade; a forecast and the unit's likelihood can only
// make a light worse.
func Lights(cfg Config, doc *jixiao.Document, a *jixiao.Actuals) []ProjectLights {
	elapsed := ElapsedShare(doc.Year, a.Round.CutOff)
	lk := newLookup(a)
	out := make([]ProjectLights, 0, len(doc.Projects))
	for i := range doc.Projects {
		p := &doc.Projects[i]
		pl := ProjectLights{ProjectSeq: p.Seq, Project: p.Name, Unit: p.Unit}
		pa, _ := lk.project(p.Seq)
		pl.ExecutionRate, pl.Execution = executionLight(cfg.Lights, AnnualBudget(p.Amounts.Total, pa), pa, elapsed)
		var reds, yellows int
		for _, ind := range p.Indicators {
			ia, _ := lk.indicator(p.Seq, ind.Seq)
			l := IndicatorLight{Seq: ind.Seq, Name: ind.Name, Light: indicatorLight(cfg.Lights, ind, ia, elapsed),
				Kind: AccrualOf(ind, EffectiveTarget(ind, ia))}
			pl.Indicators = append(pl.Indicators, l)
			switch l.Light.Color {
			case Red:
				reds++
			case Yellow:
				yellows++
			}
		}
		pl.Overall = overall(pl.Execution, reds, yellows)
		out = append(out, pl)
	}
	return out
}

func overall(exec Light, reds, yellows int) Light {
	l := exec
	if reds > 0 {
		l = worse(l, Light{Red, fmt.Sprintf("%d 项指标红灯", reds)})
	}
	if yellows > 0 {
		l = worse(l, Light{Yellow, fmt.Sprintf("%d 项指标黄灯", yellows)})
	}
	return l
}

// executionLight compares the execution rate with the time elapsed: a lag
// of more than ExecutionYellowLag is yellow, of more than ExecutionRedLag
// red; spending above the budget is red. A full-year forecast short of the
// budget by the progress shortfalls is yellow or red too.
func executionLight(c LightConfig, budget jixiao.Money, pa jixiao.ProjectActual, elapsed *big.Rat) (string, Light) {
	if !pa.HasExecuted {
		return "", Light{None, "未填报执行数"}
	}
	if budget <= 0 {
		return "", Light{Green, "项目无预算数"}
	}
	rate := big.NewRat(int64(pa.Executed), int64(budget))
	if rate.Cmp(big.NewRat(1, 1)) > 0 {
		return percent(rate), Light{Red, fmt.Sprintf("执行数超过预算数（执行率 %s）", percent(rate))}
	}
	lag := new(big.Rat).Sub(elapsed, rate)
	l := Light{Green, fmt.Sprintf("执行率 %s，时间进度 %s，执行进度正常", percent(rate), percent(elapsed))}
	switch {
	case lag.Cmp(c.ExecutionRedLag.Rat()) > 0:
		l = Light{Red, fmt.Sprintf("执行率 %s 落后时间进度 %s 超过 %s 个百分点", percent(rate), percent(elapsed), points(c.ExecutionRedLag))}
	case lag.Cmp(c.ExecutionYellowLag.Rat()) > 0:
		l = Light{Yellow, fmt.Sprintf("执行率 %s 落后时间进度 %s 超过 %s 个百分点", percent(rate), percent(elapsed), points(c.ExecutionYellowLag))}
	}
	if pa.HasForecast {
		f := big.NewRat(int64(pa.Forecast), int64(budget))
		l = worse(l, shortfallLight(c, f, "全年预计执行率 "+percent(f)))
	}
	return percent(rate), l
}

// points writes a share as percentage points: 0.1 → "10".
func points(r Ratio) string { return ratDecimal(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1))) }

// shortfallLight judges a progress share (1 = on track): short by more
// than the red shortfall is red, by more than the yellow one yellow.
func shortfallLight(c LightConfig, progress *big.Rat, what string) Light {
	short := new(big.Rat).Sub(big.NewRat(1, 1), progress)
	switch {
	case short.Cmp(c.ProgressRedShortfall.Rat()) > 0:
		return Light{Red, what + "，明显低于目标"}
	case short.Cmp(c.ProgressYellowShortfall.Rat()) > 0:
		return Light{Yellow, what + "，低于目标"}
	}
	return Light{Green, what}
}

// indicatorLight judges one indicator.
func indicatorLight(c LightConfig, ind jixiao.Indicator, ia jixiao.IndicatorActual, elapsed *big.Rat) Light {
	t := EffectiveTarget(ind, ia)
	l := Light{None, "未填报完成情况"}
	kind := AccrualOf(ind, t)
	if !t.Quantitative() {
		switch ia.Grade {
		case jixiao.Achieved:
			l = Light{Green, "定性指标：达成"}
		case jixiao.PartlyAchieved:
			l = Light{Yellow, "定性指标：部分达成"}
		case jixiao.NotAchieved:
			l = Light{Red, "定性指标：未达成"}
		}
	} else if f, err := ParseValue(ia.Forecast, t); err == nil && f != "" {
		// 136号 judges the forecast for the year against the annual
		// target; what is reached to date is shown, not judged, since
		// lumpy or cumulative indicators are not due in step with time.
		fv, _ := decimalRat(f)
		l = quantLight(c, t, fv, big.NewRat(1, 1), false).prefixed("全年预计")
		if v, ok := decimalRat(ia.Value); ok {
			l.Reason += fmt.Sprintf("（%s，截至目前完成 %s%s）", kind.Label(), ratDecimal(v), t.Unit)
		}
	} else if v, ok := decimalRat(ia.Value); ok {
		// Without a forecast: a cumulative indicator is compared with
		// what is due by the time elapsed, never with the whole annual
		// target; a point-in-time one is a state that holds at any time.
		l = quantLight(c, t, v, elapsed, kind == jixiao.AccrualCumulative).prefixed(kind.Label() + "，未填报全年预计：")
	}
	switch ia.Likelihood {
	case jixiao.LikelihoodImpossible:
		l = worse(l, Light{Red, "单位判断完全不可能完成目标"})
	case jixiao.LikelihoodPossible:
		l = worse(l, Light{Yellow, "单位判断有可能完成目标"})
	}
	return l
}

// AccrualOf is the kind indicator ind is judged as with target t in force
// (EffectiveTarget): the one set on it, else t's unit's default, so that a
// number an evaluator entered for a deferred target has one too.
func AccrualOf(ind jixiao.Indicator, t jixiao.Target) jixiao.Accrual {
	if ind.Accrual != jixiao.AccrualDefault {
		return ind.Accrual
	}
	return jixiao.DefaultAccrual(t)
}

func (l Light) prefixed(p string) Light { l.Reason = p + l.Reason; return l }

// quantLight compares a value with what is due by the share of the year
// given: a cumulative value in step with time (pro), any other in full.
// Upper limits (<=, <) turn red once passed and yellow when a cumulative
// value runs ahead of the pace that would keep under the limit.
func quantLight(c LightConfig, t jixiao.Target, v, share *big.Rat, pro bool) Light {
	target, _ := t.Rat()
	due := new(big.Rat).Set(target)
	if pro {
		due.Mul(due, share)
	}
	desc := fmt.Sprintf("完成 %s%s，年度指标值 %s", ratDecimal(v), t.Unit, t.Text)
	if pro && share.Cmp(big.NewRat(1, 1)) < 0 {
		desc += fmt.Sprintf("，按时间进度应为 %s%s", ratDecimal(due), t.Unit)
	}
	switch t.Op {
	case jixiao.LE, jixiao.LT:
		if v.Cmp(target) > 0 || t.Op == jixiao.LT && v.Cmp(target) == 0 {
			return Light{Red, desc + "，已超出上限"}
		}
		pace := new(big.Rat).Mul(due, new(big.Rat).Add(big.NewRat(1, 1), c.ProgressYellowShortfall.Rat()))
		if pro && v.Cmp(pace) > 0 {
			return Light{Yellow, desc + "，进度偏快，全年可能超出上限"}
		}
		return Light{Green, desc}
	}
	if due.Sign() == 0 {
		if t.Op == jixiao.EQ && v.Sign() > 0 {
			return Light{Red, desc + "，应为 0"}
		}
		return Light{Green, desc}
	}
	progress := new(big.Rat).Quo(v, due)
	l := shortfallLight(c, progress, desc)
	return l
}

// trimUnit strips a trailing unit the target uses, or %, from a value.
func trimUnit(s string, t jixiao.Target) string {
	s = strings.TrimSpace(jixiao.FoldWidth(s))
	for _, u := range []string{jixiao.FoldWidth(t.Unit), "%"} {
		if u != "" {
			s = strings.TrimSpace(strings.TrimSuffix(s, u))
		}
	}
	return s
}

// LightRules states how the lights are given, with the thresholds in force
// labelled as local settings (136号 prescribes the comparison, not the
// colours).
func LightRules(c LightConfig) string {
	return fmt.Sprintf("本地设定：预算执行率落后时间进度超过 %s 个百分点为黄灯、超过 %s 个百分点为红灯；"+
		"填报了全年预计的指标按全年预计与年度指标值比较（财预〔2019〕136号），低于目标超过 %s%% 为黄灯、超过 %s%% 为红灯；"+
		"未填报全年预计时，累计型指标（人、次、个、户、场、万元等数量，截至目前的完成数不与年度指标值比较）按时间进度折算，"+
		"时点型指标（%%、‰、分、天、小时等比率、分值和时限）直接与年度指标值比较；指标类型未设定时按计量单位判断，单位或审核人可改设；单位判断“完全不可能”完成时为红灯。",
		points(c.ExecutionYellowLag), points(c.ExecutionRedLag), points(c.ProgressYellowShortfall), points(c.ProgressRedShortfall))
}
