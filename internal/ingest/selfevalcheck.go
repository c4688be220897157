package ingest

import (
	"fmt"
	"math/big"
	"strings"

	"jixiao"
)

// The arithmetic of a self-evaluation, checked rather than trusted. Each
// disagreement is a finding on the form:
//
//	selfeval.rate   a printed 执行率 is not 全年执行数 / 全年预算数 at the printed precision,
//	                or an execution is printed against a budget of 0
//	selfeval.funds  the fund rows do not add up to 年度资金总额 (per column)
//	selfeval.sum    the 分值 (or 得分) column, with the budget row's, does not add up to the total
//	selfeval.score  an indicator's 得分 exceeds its 分值
//	selfeval.grade  the 自评等级 is not the band of 总分 (优 ≥90, 良 80–90, 中 60–80, 差 <60)
func checkSelfEvaluation(f *jixiao.SelfEvaluationForm, layout string) {
	c := &seChecker{f: f, layout: layout}
	c.rates()
	c.funds()
	c.sums()
	c.scores()
	c.grade()
}

type seChecker struct {
	f      *jixiao.SelfEvaluationForm
	layout string
}

func (c *seChecker) add(rule string, sev jixiao.Severity, line int, msg string) {
	c.f.Findings = append(c.f.Findings, jixiao.Finding{Rule: rule, Severity: sev, Project: c.f.Project, Line: line,
		Message: jixiao.LineLabel(c.layout, line) + msg})
}

// rates checks each printed 执行率.
func (c *seChecker) rates() {
	u := c.f.MoneyUnit
	for _, fr := range c.f.Funds {
		if !fr.Rate.OK || !fr.Budget.OK || !fr.Executed.OK {
			continue
		}
		if fr.Budget.Amount == 0 {
			if fr.Executed.Amount != 0 {
				c.add("selfeval.rate", jixiao.SeverityError, fr.Line, fmt.Sprintf("“%s”全年预算数为 0，全年执行数却是 %s，执行率无从计算（表上印 %s）", fr.Label, fr.Executed.Amount.Format(u), fr.Rate.Text))
			}
			continue
		}
		d := decimalsOf(fr.Rate.Text)
		want := ratePercent(fr.Executed.Amount, fr.Budget.Amount, d)
		if got := roundPoints(fr.Rate.Value, d); got != want {
			c.add("selfeval.rate", jixiao.SeverityWarning, fr.Line, fmt.Sprintf("“%s”执行率印为 %s，按全年执行数 %s ÷ 全年预算数 %s 应为 %s%%", fr.Label, fr.Rate.Text, fr.Executed.Amount.Format(u), fr.Budget.Amount.Format(u), want.String()))
		}
	}
}

// decimalsOf counts the decimals printed in a number ("100.00%" → 2).
func decimalsOf(s string) int {
	s = strings.TrimSuffix(strings.TrimSpace(jixiao.FoldWidth(s)), "%")
	if _, frac, ok := strings.Cut(s, "."); ok {
		return min(len(frac), jixiao.PointsDecimals)
	}
	return 0
}

// ratePercent is executed / budget in percent, rounded half up to d
// decimals, as Points.
func ratePercent(executed, budget jixiao.Money, d int) jixiao.Points {
	num := new(big.Int).Mul(big.NewInt(int64(executed)), big.NewInt(100*pow10(d)))
	den := big.NewInt(int64(budget))
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(m.Abs(m), big.NewInt(2)).Cmp(den.Abs(den)) >= 0 {
		q.Add(q, big.NewInt(int64(sign(executed)*sign(budget))))
	}
	return jixiao.Points(q.Int64() * pow10(jixiao.PointsDecimals-d))
}

func sign(m jixiao.Money) int {
	if m < 0 {
		return -1
	}
	return 1
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// roundPoints rounds p half up to d decimals.
func roundPoints(p jixiao.Points, d int) jixiao.Points {
	unit := pow10(jixiao.PointsDecimals - d)
	n := int64(p)
	q := (n + unit/2) / unit
	return jixiao.Points(q * unit)
}

// funds checks the sources against 年度资金总额, column by column.
func (c *seChecker) funds() {
	var total *jixiao.SelfEvalFund
	var parts []jixiao.SelfEvalFund
	for i := range c.f.Funds {
		if c.f.Funds[i].Source == jixiao.FundTotal {
			if total == nil {
				total = &c.f.Funds[i]
			}
			continue
		}
		parts = append(parts, c.f.Funds[i])
	}
	if total == nil || len(parts) == 0 {
		return
	}
	u := c.f.MoneyUnit
	cols := []struct {
		name string
		get  func(*jixiao.SelfEvalFund) jixiao.MoneyCell
	}{
		{"年初预算数", func(f *jixiao.SelfEvalFund) jixiao.MoneyCell { return f.Planned }},
		{"全年预算数", func(f *jixiao.SelfEvalFund) jixiao.MoneyCell { return f.Budget }},
		{"全年执行数", func(f *jixiao.SelfEvalFund) jixiao.MoneyCell { return f.Executed }},
	}
	for _, col := range cols {
		t := col.get(total)
		if !t.OK {
			continue
		}
		var sum jixiao.Money
		any := false
		for i := range parts {
			if p := col.get(&parts[i]); p.OK {
				sum += p.Amount
				any = true
			}
		}
		if any && sum != t.Amount {
			c.add("selfeval.funds", jixiao.SeverityError, total.Line, fmt.Sprintf("“%s”的%s印为 %s，其下各项资金合计 %s，差额 %s", total.Label, col.name, t.Amount.Format(u), sum.Format(u), (t.Amount-sum).Format(u)))
		}
	}
}

// sums checks the 分值 and 得分 columns against the total row.
func (c *seChecker) sums() {
	f := c.f
	if f.TotalWeight.Text == "" && f.TotalScore.Text == "" {
		return
	}
	var weights, scores jixiao.Points
	nw, ns := 0, 0
	for _, fr := range f.Funds {
		if fr.Source == jixiao.FundTotal {
			if fr.Weight.OK {
				weights += fr.Weight.Value
				nw++
			}
			if fr.Score.OK {
				scores += fr.Score.Value
				ns++
			}
			break
		}
	}
	for _, in := range f.Indicators {
		if in.Weight.OK {
			weights += in.Weight.Value
			nw++
		}
		if in.Score.OK {
			scores += in.Score.Value
			ns++
		}
	}
	if f.TotalWeight.OK && nw > 0 && weights != f.TotalWeight.Value {
		c.add("selfeval.sum", jixiao.SeverityWarning, f.TotalLine, fmt.Sprintf("分值合计印为 %s，预算执行与各指标的分值相加为 %s", f.TotalWeight.Text, weights))
	}
	if f.TotalScore.OK && ns > 0 && scores != f.TotalScore.Value {
		c.add("selfeval.sum", jixiao.SeverityError, f.TotalLine, fmt.Sprintf("总分印为 %s，预算执行与各指标的得分相加为 %s", f.TotalScore.Text, scores))
	}
}

// scores checks that no score exceeds its weight.
func (c *seChecker) scores() {
	for _, fr := range c.f.Funds {
		if fr.Weight.OK && fr.Score.OK && fr.Score.Value > fr.Weight.Value {
			c.add("selfeval.score", jixiao.SeverityError, fr.Line, fmt.Sprintf("“%s”得分 %s 超过其分值 %s", fr.Label, fr.Score.Text, fr.Weight.Text))
		}
	}
	for _, in := range c.f.Indicators {
		if in.Weight.OK && in.Score.OK && in.Score.Value > in.Weight.Value {
			c.add("selfeval.score", jixiao.SeverityError, in.Line, fmt.Sprintf("指标“%s”得分 %s 超过其分值 %s", in.Name, in.Score.Text, in.Weight.Text))
		}
	}
}

// grade checks the printed 自评等级 against the band of the total score.
func (c *seChecker) grade() {
	f := c.f
	if f.Grade == "" || !f.TotalScore.OK {
		return
	}
	want := jixiao.SelfEvalGrade(f.TotalScore.Value)
	if !strings.HasPrefix(f.Grade, want) {
		c.add("selfeval.grade", jixiao.SeverityError, f.GradeLine, fmt.Sprintf("自评等级印为“%s”，总分 %s 对应的等级是“%s”（优 ≥90，良 80–90，中 60–80，差 <60）", f.Grade, f.TotalScore.Text, want))
	}
}
