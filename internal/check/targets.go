package check

import (
	"fmt"
	"math/big"
	"strings"
	"unicode"

	"jixiao"
)

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// target is one of an indicator's two targets as the rules see it: the
// parsed target, its Chinese name for messages and its normalized text.
type target struct {
	jixiao.Target
	name string // 实施周期指标值 or 年度指标值
	norm string // normText of Text
}

// targets returns an indicator's two targets, period then annual, computed
// once per document: most rules look at both.
func (c *checker) targets(in *jixiao.Indicator) *[2]target {
	if in == c.cur {
		return c.curView
	}
	v := newView(in)
	return &v
}

func newView(in *jixiao.Indicator) [2]target {
	return [2]target{
		{in.Period, "实施周期指标值", normText(in.Period.Text)},
		{in.Annual, "年度指标值", normText(in.Annual.Text)},
	}
}

// firstTarget returns the first of the two targets (period, then annual)
// for which match holds.
func (c *checker) firstTarget(in *jixiao.Indicator, match func(t target) bool) (target, bool) {
	for _, t := range c.targets(in) {
		if match(t) {
			return t, true
		}
	}
	return target{}, false
}

func checkTargetMissing(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		var empty []string
		for k, x := range c.targets(in) {
			if k == 0 && p.AnnualOnly {
				continue // the form has no period column to fill
			}
			if x.norm == "" {
				empty = append(empty, x.name)
			}
		}
		if len(empty) > 0 {
			c.indicator(p, in, "%s%s没有填写%s，请补上目标值。", projectLabel(p), indicatorLabel(in), strings.Join(empty, "和"))
		}
	})
}

// vagueWords are the verbs and adverbs of a target that states a direction
// instead of a level (提升, 有效…, 进一步…).
var vagueWords = []string{
	"提升", "提高", "落实", "改善", "增加", "增强", "有效", "进一步", "保障", "促进", "加强",
	"扩大", "推进", "维护", "显著", "明显", "充分", "切实",
}

// vagueWord returns the vague word of a qualitative target with no number,
// or "" when the target is measurable or says something checkable (a
// deadline, a state).
func vagueWord(t target) string {
	s := t.norm
	if s == "" || t.Quantitative() || hasDigit(s) || externalPhrase(t) != "" {
		return ""
	}
	return containsAny(s, vagueWords)
}

func checkVague(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		t, ok := c.firstTarget(in, func(t target) bool { return vagueWord(t) != "" })
		if !ok {
			return
		}
		c.indicator(p, in, "%s%s的%s“%s”只说方向（“%s”），年底无法考核，请改为可衡量的数值或明确的完成标准。",
			projectLabel(p), indicatorLabel(in), t.name, t.Text, vagueWord(t))
	})
}

// externalPhrases defer a target to a number the table does not give.
var externalPhrases = []string{
	"下达任务", "按当年度", "计划数", "计划人数", "实际数", "实际人数", "为准", "按符合", "核定",
}

func externalPhrase(t target) string {
	return containsAny(t.norm, externalPhrases)
}

func checkExternal(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		t, ok := c.firstTarget(in, func(t target) bool { return externalPhrase(t) != "" })
		if !ok {
			return
		}
		c.indicator(p, in, "%s%s的%s“%s”引用了表外的数（“%s”），请直接写出具体目标值。",
			projectLabel(p), indicatorLabel(in), t.name, t.Text, externalPhrase(t))
	})
}

func checkNoUnit(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		t, ok := c.firstTarget(in, func(t target) bool { return t.Quantitative() && t.Unit == "" })
		if !ok {
			return
		}
		c.indicator(p, in, "%s%s的%s“%s”只有数字没有计量单位，请写明单位（人、次、家、平方米等）。",
			projectLabel(p), indicatorLabel(in), t.name, t.Text)
	})
}

// isRateName reports whether an indicator's name measures a rate (…率),
// apart from 效率, which is efficiency, not a ratio.
func isRateName(name string) bool {
	n := normText(name)
	return strings.HasSuffix(n, "率") && !strings.HasSuffix(n, "效率")
}

func isPercent(t jixiao.Target) bool { return t.Quantitative() && t.Unit == "%" }

func checkRateNotPercent(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		if !isRateName(in.Name) {
			return
		}
		t, ok := c.firstTarget(in, func(t target) bool { return t.norm != "" && !isPercent(t.Target) })
		if !ok {
			return
		}
		c.indicator(p, in, "%s%s是比率，%s却是“%s”，请写成百分比（如≥95%%）。",
			projectLabel(p), indicatorLabel(in), t.name, t.Text)
	})
}

// growthWords mark an indicator whose percentage may exceed 100 (a growth
// rather than a share).
var growthWords = []string{"增长", "增幅", "增速", "同比", "环比", "提高", "提升", "倍"}

var hundred = big.NewRat(100, 1)

func checkPercentRange(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		t, ok := c.firstTarget(in, func(t target) bool {
			if t.Unit != "%" {
				return false
			}
			v, ok := t.Rat()
			return ok && (v.Cmp(hundred) > 0 || v.Sign() < 0)
		})
		if !ok || containsAny(in.Name, growthWords) != "" {
			return
		}
		c.indicator(p, in, "%s%s是占比，%s“%s”超出0–100%%，请改正数值。", projectLabel(p), indicatorLabel(in), t.name, t.Text)
	})
}

// clauseMarks separate the clauses of a target, in both widths.
const clauseMarks = ",;、/，；／"

// compoundParts splits a target on clause punctuation; a target is compound
// when it has two or more parts and one of them is a measure by itself
// ("20%，满意").
func compoundParts(t target) []string {
	if !strings.ContainsAny(t.norm, clauseMarks) {
		return nil
	}
	parts := strings.FieldsFunc(t.norm, func(r rune) bool { return strings.ContainsRune(clauseMarks, r) })
	if len(parts) < 2 {
		return nil
	}
	for _, part := range parts {
		if hasDigit(part) && jixiao.ParseTarget(part).Quantitative() {
			return parts
		}
	}
	return nil
}

func checkCompound(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		t, ok := c.firstTarget(in, func(t target) bool { return compoundParts(t) != nil })
		if !ok {
			return
		}
		c.indicator(p, in, "%s%s的%s“%s”含%d项度量（%s），请拆成各自独立的指标。",
			projectLabel(p), indicatorLabel(in), t.name, t.Text, len(compoundParts(t)), strings.Join(compoundParts(t), "／"))
	})
}

// ceilingWords mark a count where fewer is better (complaints, accidents,
// costs, days taken), for which an upper bound is the right direction.
var ceilingWords = []string{"投诉", "事故", "差错", "错误", "失误", "违规", "违法", "欠薪", "超支", "成本", "费用", "天数", "时长", "时间", "次品"}

func isUpperBound(t target) bool {
	return t.Quantitative() && (t.Op == jixiao.LE || t.Op == jixiao.LT)
}

func checkUpperBoundOutput(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		t, ok := c.firstTarget(in, isUpperBound)
		if !ok || c.block(in) != blockOutput || !c.isQuantityIndicator(in) || containsAny(in.Name, ceilingWords) != "" {
			return
		}
		c.indicator(p, in, "%s%s是数量指标，%s“%s”却是上限，交付数量通常应设下限，请确认是否应为“≥”。",
			projectLabel(p), indicatorLabel(in), t.name, t.Text)
	})
}

// periodAnnualProblem says how the period and annual targets of one
// indicator disagree, or "" when they agree.
func periodAnnualProblem(pt, at target) string {
	ps, as := pt.norm, at.norm
	if ps == "" || as == "" || ps == as {
		return ""
	}
	switch {
	case pt.Quantitative() != at.Quantitative():
		return "一个是数值、一个是文字，请统一为同一种写法"
	case !pt.Quantitative():
		return "文字不同，请统一两者"
	case pt.Op != at.Op:
		return fmt.Sprintf("比较符不同（%s 与 %s），请统一比较符", pt.Op.Symbol(), at.Op.Symbol())
	case fold(pt.Unit) != fold(at.Unit):
		return fmt.Sprintf("单位不同（%s 与 %s），请统一单位", unitText(pt.Unit), unitText(at.Unit))
	}
	pv, _ := pt.Rat()
	av, _ := at.Rat()
	cmp := av.Cmp(pv)
	if pt.Op == jixiao.LE || pt.Op == jixiao.LT {
		cmp = -cmp
	}
	if cmp > 0 {
		return "年度目标严于实施周期目标，年度累计数不应超过实施周期，请核对数值"
	}
	return ""
}

func unitText(u string) string {
	if u == "" {
		return "无单位"
	}
	return u
}

func checkPeriodAnnual(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		ts := c.targets(in)
		prob := periodAnnualProblem(ts[0], ts[1])
		if prob == "" {
			return
		}
		c.indicator(p, in, "%s%s的实施周期指标值“%s”与年度指标值“%s”不一致：%s。",
			projectLabel(p), indicatorLabel(in), in.Period.Text, in.Annual.Text, prob)
	})
}
