package check

import (
	"fmt"
	"strings"

	"jixiao"
)

// The amount rules compare money exactly, in 分. The only tolerance is the
// rounding a printed subtotal can carry: each project printed to the table's
// precision may be off by half a unit of the last place, at most 0.005 of the
// money unit, so a subtotal over n projects may be off by n × 0.005.

// roundingTolerance is n × 0.005 of the document's money unit, in 分.
func roundingTolerance(u jixiao.MoneyUnit, n int) jixiao.Money {
	return jixiao.Money(int64(n) * u.Fen() / 200)
}

var columnNames = [4]string{"总计", "财政拨款", "财政专户拨款", "其他资金"}

func columns(a jixiao.Amounts) [4]jixiao.Money {
	return [4]jixiao.Money{a.Total, a.Fiscal, a.SpecialAccount, a.Other}
}

// columnDiff describes a stated row against the sum it should equal.
type columnDiff struct {
	worst jixiao.Money // largest absolute difference over the columns
	text  string       // "总计 50,666.34 与合计 50,666.35 相差 0.01"
}

// A column unread on either side is not compared: its 0 is not a figure
// (a parse.amount finding has said so).
func compareColumns(stated, summed jixiao.Amounts, u jixiao.MoneyUnit) columnDiff {
	var d columnDiff
	var parts []string
	s, m := columns(stated), columns(summed)
	unread := stated.Unread | summed.Unread
	for i := range s {
		diff := s[i] - m[i]
		if diff == 0 || unread.Has(jixiao.AmountColumns[i]) {
			continue
		}
		if diff < 0 {
			diff = -diff
		}
		d.worst = max(d.worst, diff)
		parts = append(parts, fmt.Sprintf("%s列为%s、应为%s（差%s）",
			columnNames[i], s[i].FormatGrouped(u), m[i].FormatGrouped(u), diff.Format(u)))
	}
	d.text = strings.Join(parts, "，")
	return d
}

// sumMismatch says how a row's 总计 differs from its three sources.
// A row with an unread cell is not judged: its 0 is not a figure.
func sumMismatch(a jixiao.Amounts, u jixiao.MoneyUnit) (string, bool) {
	if a.Total == a.Sum() || a.Unread != 0 {
		return "", false
	}
	return fmt.Sprintf("总计 %s ≠ 财政拨款 %s + 财政专户拨款 %s + 其他资金 %s = %s（%s）",
		a.Total.FormatGrouped(u), a.Fiscal.FormatGrouped(u), a.SpecialAccount.FormatGrouped(u),
		a.Other.FormatGrouped(u), a.Sum().FormatGrouped(u), u), true
}

func checkAmountSum(c *checker) {
	u := c.doc.MoneyUnit
	if c.doc.HasStated {
		if msg, bad := sumMismatch(c.doc.Stated, u); bad {
			c.document("合计行%s，请核对合计行各列金额。", msg)
		}
	}
	for i := range c.doc.Units {
		un := &c.doc.Units[i]
		if !un.HasStated {
			continue
		}
		if msg, bad := sumMismatch(un.Stated, u); bad {
			c.unit(un, "单位“%s”小计行%s，请核对该单位小计。", un.Name, msg)
		}
	}
	c.eachProject(func(p *jixiao.Project) {
		if p.AmountsUnread() || p.SplitPartial {
			return // a form that prints only 其中：财政拨款 does not say the rest is 其他资金
		}
		if msg, bad := sumMismatch(p.Amounts, u); bad {
			c.project(p, "%s%s，请核对该项目的资金来源。", projectLabel(p), msg)
		}
	})
}

// unitSum adds a unit's projects; ok is false when one of them could not be
// read (its amounts are unknown, and a parse finding says so).
func (c *checker) unitSum(name string) (sum jixiao.Amounts, n int, ok bool) {
	if c.byUnit == nil {
		c.byUnit = c.doc.ProjectsByUnit()
	}
	for _, p := range c.byUnit[name] {
		if p.AmountsUnread() {
			return sum, n, false
		}
		sum = sum.Add(p.Amounts)
		n++
	}
	return sum, n, true
}

// subtotalRule is shared by amount.subtotal and amount.rounding: the first
// reports differences beyond rounding, the second those within it.
func subtotalRule(rounding bool) func(c *checker) {
	return func(c *checker) {
		u := c.doc.MoneyUnit
		for i := range c.doc.Units {
			un := &c.doc.Units[i]
			if !un.HasStated {
				continue
			}
			sum, n, ok := c.unitSum(un.Name)
			if !ok {
				continue
			}
			d := compareColumns(un.Stated, sum, u)
			if d.worst == 0 || (d.worst <= roundingTolerance(u, n)) != rounding {
				continue
			}
			if rounding {
				c.unit(un, "单位“%s”小计与其%d个项目之和的差在四舍五入范围内（每项目至多0.005%s）：%s，可保留，必要时按明细修正小计。",
					un.Name, n, u, d.text)
			} else {
				c.unit(un, "单位“%s”小计与其%d个项目之和不符：%s，请核对小计或项目金额。", un.Name, n, d.text)
			}
		}
	}
}

// expectedTotal is what the 合计 row should say: the sum of the unit rows
// where the table prints them (a unit without a row counts with its
// projects), else the sum of the projects. n is the number of projects
// behind it, for the rounding tolerance.
func (c *checker) expectedTotal() (sum jixiao.Amounts, n int, ok bool) {
	stated := map[string]*jixiao.Unit{}
	for i := range c.doc.Units {
		if c.doc.Units[i].HasStated {
			stated[c.doc.Units[i].Name] = &c.doc.Units[i]
		}
	}
	seen := map[string]bool{}
	for _, p := range c.doc.Projects {
		if p.AmountsUnread() {
			return sum, n, false
		}
		n++
		if un, ok := stated[p.Unit]; ok {
			if !seen[p.Unit] {
				sum = sum.Add(un.Stated)
				seen[p.Unit] = true
			}
			continue
		}
		sum = sum.Add(p.Amounts)
	}
	for name, un := range stated {
		if !seen[name] { // a unit row with no project still counts
			sum = sum.Add(un.Stated)
		}
	}
	return sum, n, true
}

func checkAmountTotal(c *checker) { totalRule(c, false) }

func checkAmountRounding(c *checker) {
	subtotalRule(true)(c)
	totalRule(c, true)
}

func totalRule(c *checker, rounding bool) {
	if !c.doc.HasStated {
		return
	}
	sum, n, ok := c.expectedTotal()
	if !ok {
		return
	}
	u := c.doc.MoneyUnit
	d := compareColumns(c.doc.Stated, sum, u)
	if d.worst == 0 || (d.worst <= roundingTolerance(u, n)) != rounding {
		return
	}
	what := "各项目"
	if hasUnitRows(c.doc) {
		what = "各单位小计"
	}
	if rounding {
		c.document("合计行与%s之和的差在四舍五入范围内（%d个项目，每项目至多0.005%s）：%s，可保留。", what, n, u, d.text)
		return
	}
	c.document("合计行与%s之和不符：%s，请核对合计行。", what, d.text)
}

func hasUnitRows(doc *jixiao.Document) bool {
	for _, u := range doc.Units {
		if u.HasStated {
			return true
		}
	}
	return false
}

// checkAmountPeriod compares a form's year with its implementation period:
// only the one-project forms print both totals.
func checkAmountPeriod(c *checker) {
	u := c.doc.MoneyUnit
	c.eachProject(func(p *jixiao.Project) {
		if p.HasPeriodTotal && p.Amounts.Total > p.PeriodTotal {
			c.project(p, "%s的年度资金总额 %s 大于实施期资金总额 %s，请核对两栏金额。", projectLabel(p),
				p.Amounts.Total.Format(u), p.PeriodTotal.Format(u))
		}
	})
}
