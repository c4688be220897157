package check

import (
	"math/big"
	"strings"

	"jixiao"
)

// Prior is a project of an earlier budget year that a project of the
// checked table continues (a confirmed or certain jixiao.ProjectLink),
// with what that year's self-evaluation recorded: Actuals are the
// 实际完成值 by the prior project's indicator Seq, as entered.
type Prior struct {
	Year    int
	Project *jixiao.Project
	Actuals map[int]string
}

// The thresholds of the year-on-year rules. They are the rules' own
// reading of "sharply" and "grew" (no regulation fixes a figure): money up
// by CostUpPercent or more with the same outputs, and a target unchanged
// for StaleYears years while the money grew by StalePercent or more.
const (
	CostUpPercent = 30
	StaleYears    = 3
	StalePercent  = 10
)

// Context is what a single table does not hold and some rules need: each
// project's earlier years (Priors, by the project's Seq, newest first: the
// year-on-year rules) and the peers of a body of stored tables (Peers: the
// peer rules). The rules that need a part stay quiet without it.
type Context struct {
	Priors map[int][]Prior
	Peers  *Peers
}

// RunWith is Run with a Context.
func RunWith(doc *jixiao.Document, ctx Context) []jixiao.Finding {
	return run(doc, ctx)
}

// PriorIndicator is the indicator of prior that in (of p) continues, as
// the year-on-year rules pair them: for the pages that set a project's
// years side by side.
func PriorIndicator(prior, p *jixiao.Project, in *jixiao.Indicator) (*jixiao.Indicator, bool) {
	return priorIndicator(prior, p, in)
}

// priorIndicator is the indicator of prior that in (of p) continues: the
// one with the same name, and among several of one name (tables repeat
// names) the one at the same place in their order.
func priorIndicator(prior, p *jixiao.Project, in *jixiao.Indicator) (*jixiao.Indicator, bool) {
	k := indicatorKey(in.Name)
	nth := 0
	for i := range p.Indicators {
		if &p.Indicators[i] == in {
			break
		}
		if indicatorKey(p.Indicators[i].Name) == k {
			nth++
		}
	}
	for i := range prior.Indicators {
		if indicatorKey(prior.Indicators[i].Name) != k {
			continue
		}
		if nth == 0 {
			return &prior.Indicators[i], true
		}
		nth--
	}
	return nil, false
}

// checkBelowLastActual: an annual target that asks for less than what the
// project achieved last year (a ≥ target below the actual, a ≤ target
// above it) is set too low for the money (88号 适当性: 目标是否过低).
func checkBelowLastActual(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		ps := c.priors[p.Seq]
		if len(ps) == 0 || !in.Annual.Quantitative() {
			return
		}
		last := ps[0]
		prev, ok := priorIndicator(last.Project, p, in)
		if !ok {
			return
		}
		actual, ok := actualValue(last.Actuals[prev.Seq], in.Annual.Unit)
		target, ok2 := in.Annual.Rat()
		if !ok || !ok2 {
			return
		}
		lax := (in.Annual.Op == jixiao.GE || in.Annual.Op == jixiao.GT) && target.Cmp(actual) < 0 ||
			(in.Annual.Op == jixiao.LE || in.Annual.Op == jixiao.LT) && target.Cmp(actual) > 0
		if lax {
			c.indicator(p, in, "%s%s的年度指标值“%s”比上年（%d年）实际完成值 %s%s 还宽松，目标设定偏低；请参照上年实际完成情况重新设定。",
				projectLabel(p), indicatorLabel(in), in.Annual.Text, last.Year, last.Actuals[prev.Seq], unitSuffix(last.Actuals[prev.Seq], in.Annual.Unit))
		}
	})
}

// actualValue reads an actual as entered ("1200", "1200人", "95%"); one in
// another unit than the target's is not compared.
func actualValue(text, unit string) (*big.Rat, bool) {
	t := jixiao.ParseTarget(text)
	if t.Unit != "" && t.Unit != unit {
		return nil, false
	}
	return t.Rat()
}

// unitSuffix adds the target's unit to an actual entered without one.
func unitSuffix(actual, unit string) string {
	if jixiao.ParseTarget(actual).Unit == "" {
		return unit
	}
	return ""
}

// checkStale: a quantitative annual target written the same for
// StaleYears years in a row while the money grew by StalePercent or more
// asks the same output of more money (适当性).
func checkStale(c *checker) {
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		ps := c.priors[p.Seq]
		if len(ps) < StaleYears-1 || !in.Annual.Quantitative() {
			return
		}
		oldest := ps[StaleYears-2]
		for _, pr := range ps[:StaleYears-1] {
			prev, ok := priorIndicator(pr.Project, p, in)
			if !ok || normText(prev.Annual.Text) != normText(in.Annual.Text) {
				return
			}
		}
		if growth, ok := percentGrowth(oldest.Project.Amounts.Total, p.Amounts.Total); ok && growth >= StalePercent {
			c.indicator(p, in, "%s%s的年度指标值连续 %d 年（%d–%d年）都是“%s”，而项目资金由 %s 增至 %s（增长 %d%%）；请说明资金增加对应的产出，或提高目标。",
				projectLabel(p), indicatorLabel(in), StaleYears, oldest.Year, c.doc.Year, in.Annual.Text,
				oldest.Project.Amounts.Total.Format(c.doc.MoneyUnit), p.Amounts.Total.Format(c.doc.MoneyUnit), growth)
		}
	})
}

// checkCostUp: money up by CostUpPercent or more on last year while every
// 数量指标 target stays as it was: the same outputs cost much more (适当性:
// 资金规模是否过大).
func checkCostUp(c *checker) {
	c.eachProject(func(p *jixiao.Project) {
		ps := c.priors[p.Seq]
		if len(ps) == 0 {
			return
		}
		last := ps[0]
		growth, ok := percentGrowth(last.Project.Amounts.Total, p.Amounts.Total)
		if !ok || growth < CostUpPercent {
			return
		}
		same := c.unchangedQuantities(p, last.Project)
		if len(same) == 0 {
			return
		}
		c.project(p, "%s资金由上年（%d年）%s 增至 %s（增长 %d%%），而数量指标未变（%s）；请说明增加的资金用于哪些新增产出。",
			projectLabel(p), last.Year, last.Project.Amounts.Total.Format(c.doc.MoneyUnit),
			p.Amounts.Total.Format(c.doc.MoneyUnit), growth, joinQuoted(same))
	})
}

// unchangedQuantities lists the 数量指标 of p as "name target", when p has
// at least one quantitative 数量指标 and each is written as last year's.
func (c *checker) unchangedQuantities(p, prior *jixiao.Project) []string {
	var same []string
	for i := range p.Indicators {
		in := &p.Indicators[i]
		if in.Raw != "" || !c.isQuantityIndicator(in) || !in.Annual.Quantitative() {
			continue
		}
		prev, ok := priorIndicator(prior, p, in)
		if !ok || normText(prev.Annual.Text) != normText(in.Annual.Text) {
			return nil
		}
		same = append(same, in.Name+" "+in.Annual.Text)
	}
	return same
}

// percentGrowth is how much to grew over from, in whole percent rounded
// down; false when from is not positive.
func percentGrowth(from, to jixiao.Money) (int, bool) {
	if from <= 0 {
		return 0, false
	}
	return int((int64(to) - int64(from)) * 100 / int64(from)), true
}

func joinQuoted(items []string) string {
	return "“" + strings.Join(items, "”、“") + "”"
}
