package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"jixiao"
)

// The money block of a form prints a total and its split, for the year and
// sometimes for the whole implementation period, under labels each region
// words its own way. Each line is placed by the words of its label.

// moneyColumn is the budget a money line belongs to.
type moneyColumn int

const (
	columnPlain  moneyColumn = iota // no word says: the year's, unless a plain total stands beside a year's one
	columnAnnual                    // 年度, 当年, 本年度
	columnPeriod                    // 中期, 实施期, 总投资
)

// moneyKind is what a line counts.
type moneyKind int

const (
	kindTotal  moneyKind = iota
	kindFiscal           // 财政拨款
	kindOwn              // 本级, 地方
	kindUpper            // 上级, 中央补助
	kindOther            // 其他资金, 自有资金
)

func columnOf(label string) moneyColumn {
	switch {
	case containsAny(label, []string{"中期", "实施期", "总投资", "长期"}):
		return columnPeriod
	case containsAny(label, []string{"年度", "当年", "本年"}):
		return columnAnnual
	}
	return columnPlain
}

func kindOf(label string) moneyKind {
	switch {
	case containsAny(label, []string{"其他", "其它", "自有", "自筹", "单位资金", "事业收入", "结转"}):
		return kindOther
	case containsAny(label, []string{"上级", "中央", "省级"}):
		return kindUpper
	case containsAny(label, []string{"财政拨款", "财政资金", "财政预算", "财政安排", "市级财政"}) || strings.HasSuffix(label, "预算资金"):
		return kindFiscal
	case containsAny(label, []string{"本级", "地方", "县级", "区级", "市级"}):
		return kindOwn
	}
	return kindTotal
}

// moneySum collects one column's lines.
type moneySum struct {
	has    [kindOther + 1]bool // the label is printed (its amount may be blank)
	filled [kindOther + 1]bool // … with something in its cell
	value  [kindOther + 1]jixiao.Money
	totals int  // total lines with an amount
	failed bool // a line's amount could not be read: the split is not whole
	// unread marks the kinds with a line whose amount could not be read:
	// their cell is unknown, not 0.
	unread [kindOther + 1]bool
}

// unreadCols is the set of Amounts cells whose line could not be read.
func (m *moneySum) unreadCols() jixiao.AmountCols {
	var c jixiao.AmountCols
	if m.unread[kindTotal] {
		c |= jixiao.ColTotal
	}
	if m.unread[kindFiscal] || m.unread[kindOwn] || m.unread[kindUpper] {
		c |= jixiao.ColFiscal
	}
	if m.unread[kindOther] {
		c |= jixiao.ColOther
	}
	return c
}

// fiscal is 财政拨款 as printed, or 本级 + 上级 when only those are.
func (m *moneySum) fiscal() (jixiao.Money, bool) {
	if m.has[kindFiscal] {
		return m.value[kindFiscal], true
	}
	if m.has[kindOwn] || m.has[kindUpper] {
		return m.value[kindOwn] + m.value[kindUpper], true
	}
	return 0, false
}

// blank is the set of the year's cells whose label the form prints with
// nothing beside it: 财政拨款 (or, printed instead, 本级 and 上级 all
// blank) and 其他资金. A blank total is not printed (Total is then the sum
// of the split, with a warning), and the forms print no 财政专户拨款.
func (m *moneySum) blank() jixiao.AmountCols {
	empty := func(k moneyKind) bool { return m.has[k] && !m.filled[k] }
	var out jixiao.AmountCols
	switch {
	case m.has[kindFiscal]:
		if empty(kindFiscal) {
			out |= jixiao.ColFiscal
		}
	case m.has[kindOwn] || m.has[kindUpper]:
		if !m.filled[kindOwn] && !m.filled[kindUpper] {
			out |= jixiao.ColFiscal
		}
	}
	if empty(kindOther) {
		out |= jixiao.ColOther
	}
	return out
}

// parts is the sum of the split: 财政拨款 (or 本级 + 上级) and 其他资金.
func (m *moneySum) parts() jixiao.Money {
	fis, _ := m.fiscal()
	return fis + m.value[kindOther]
}

func (m *moneySum) any() bool {
	for _, h := range m.has {
		if h {
			return true
		}
	}
	return false
}

// readMoney reads the money lines of a form into p: the lines as printed,
// the year's Amounts and the period's total, and checks the form's own
// arithmetic.
func (r *formReader) readMoney(f *form, p *jixiao.Project) {
	var sums [columnPeriod + 1]moneySum
	cols := placeMoney(f)
	for i, s := range amountSlots(f) {
		label, col := cols[i].label, cols[i].col
		kind := kindOf(moneyLabelText(s.label))
		text := strings.Join(s.text, "")
		blank := noneAsEmpty(strings.TrimSpace(text)) == ""
		if !s.sub && (kind != kindTotal || !blank) {
			// A blank 其他资金 is a zero of the split; a blank total is not printed.
			sums[col].has[kind] = true
		}
		if !s.sub && strings.TrimSpace(text) != "" {
			sums[col].filled[kind] = true // "无" is printed, not blank
		}
		if blank {
			continue
		}
		m, ok := r.formAmount(f, p, s, text)
		if !ok {
			sums[col].failed = true
			if !s.sub {
				sums[col].unread[kind] = true
			}
			continue
		}
		if !s.sub {
			if kind == kindTotal && sums[col].totals > 0 {
				r.formFinding(f, "parse.structure", jixiao.SeverityError, s.line,
					fmt.Sprintf("项目“%s”的资金栏有两行读作同一栏的资金总额（第二行“%s”），已相加；请核对原表", p.Name, label))
			}
			if kind == kindTotal {
				sums[col].totals++
			}
			sums[col].value[kind] += m
		}
		p.Money = append(p.Money, jixiao.MoneyLine{Label: label, Amount: m})
	}
	r.annualAmounts(f, p, &sums[columnAnnual])
	if per := &sums[columnPeriod]; per.any() && !per.unread[kindTotal] && !(per.failed && !per.has[kindTotal]) {
		// A period total that could not be read (or a split with a line
		// not read) is unknown: no 项目期 figure rather than a wrong one.
		p.PeriodTotal, p.HasPeriodTotal = per.value[kindTotal], true
		if !per.has[kindTotal] {
			p.PeriodTotal = per.parts()
		}
		r.checkSplit(f, p, per, "实施期资金总额")
	}
}

func amountSlots(f *form) []*slot {
	var out []*slot
	for _, s := range f.slots {
		if s.field == fieldAmount {
			out = append(out, s)
		}
	}
	return out
}

// placedMoney is a money line's column and the label it is stored under.
type placedMoney struct {
	col   moneyColumn
	label string
}

// placeMoney puts each money line in its column. A label that says
// neither 年度 nor 中期 goes to the year, unless the block prints two
// columns: then it goes to the column of its occurrence (the block prints
// "其中：财政拨款" once under each total, in the totals' order), and a
// plain total beside a year's one is the period's. A label printed in both
// columns is stored, for the period, with the period's word: "中期财政拨款".
func placeMoney(f *form) []placedMoney {
	slots := amountSlots(f)
	order, periodWord := columnOrder(slots)
	parallel := hasPlainAndAnnualTotal(slots)
	seen := map[string]int{}
	count := map[string]int{}
	for _, s := range slots {
		count[moneyLabelText(s.label)]++
	}
	out := make([]placedMoney, len(slots))
	for i, s := range slots {
		label := moneyLabelText(s.label)
		col := columnOf(label)
		if col == columnPlain {
			switch {
			case len(order) == 2 && count[label] > 1:
				col = order[min(seen[label], 1)]
			case parallel:
				col = columnPeriod
			default:
				col = columnAnnual
			}
		}
		seen[label]++
		if count[label] > 1 && col == columnPeriod && columnOf(label) == columnPlain {
			label = periodWord + label
		}
		out[i] = placedMoney{col, label}
	}
	return out
}

// columnOrder lists the columns of the block's qualified totals in the
// order printed, and the word the period's says itself with (中期, 实施期).
func columnOrder(slots []*slot) ([]moneyColumn, string) {
	var order []moneyColumn
	word := "中期"
	for _, s := range slots {
		l := moneyLabelText(s.label)
		c := columnOf(l)
		if kindOf(l) != kindTotal || c == columnPlain || len(order) > 0 && order[len(order)-1] == c {
			continue
		}
		order = append(order, c)
		if c == columnPeriod {
			for _, w := range []string{"中期", "实施期", "长期"} {
				if strings.Contains(l, w) {
					word = w
					break
				}
			}
		}
	}
	return order, word
}

// moneyLabelText is a money line's label without 其中： and the unit.
func moneyLabelText(label string) string {
	label, _ = stripNumbering(label) // "二、自有资金"
	label = strings.TrimPrefix(label, "其中")
	label = strings.TrimLeft(label, ":：")
	return unbracketUnit(label)
}

// hasPlainAndAnnualTotal reports whether the block prints a plain total
// beside a year's one (资金总额 / 当年资金总额): the plain column is then the
// period's.
func hasPlainAndAnnualTotal(slots []*slot) bool {
	plain, annual := false, false
	for _, s := range slots {
		l := moneyLabelText(s.label)
		if kindOf(l) == kindTotal && noneAsEmpty(strings.TrimSpace(strings.Join(s.text, ""))) != "" {
			switch columnOf(l) {
			case columnPlain:
				plain = true
			case columnAnnual:
				annual = true
			}
		}
	}
	return plain && annual
}

// annualAmounts sets the year's Amounts from its column.
func (r *formReader) annualAmounts(f *form, p *jixiao.Project, m *moneySum) {
	if !m.any() {
		r.formFinding(f, "parse.amount", jixiao.SeverityError, f.line,
			fmt.Sprintf("项目“%s”的表中没有读到年度资金（年度资金总额、财政拨款等），金额记为“未读出”；请核对原表", p.Name))
		p.Amounts = jixiao.Amounts{Unread: jixiao.AllAmountCols}
		return
	}
	fis, _ := m.fiscal()
	p.Amounts = jixiao.Amounts{Total: m.value[kindTotal], Fiscal: fis, Other: m.value[kindOther], Blank: m.blank(), Unread: m.unreadCols()}
	p.SplitPartial = m.has[kindTotal] && !m.has[kindOther] && p.Amounts.Sum() != p.Amounts.Total
	if !m.has[kindTotal] && m.failed {
		// The split has a line not read: its sum would be a wrong total.
		p.Amounts.Unread |= jixiao.ColTotal
		return
	}
	if p.Amounts.Unread != 0 {
		return // a cell not read: the split cannot be checked against it (parse.amount said so)
	}
	if !m.has[kindTotal] {
		p.Amounts.Total = m.parts()
		r.formFinding(f, "parse.amount", jixiao.SeverityWarning, f.line,
			fmt.Sprintf("项目“%s”的表中没有年度资金总额，按其构成之和 %s 万元计", p.Name, p.Amounts.Total.Format(jixiao.WanYuan)))
	}
	r.checkSplit(f, p, m, "年度资金总额")
}

// checkSplit checks a column's total against its split where the form
// prints the whole split (其他资金 among it), and 财政拨款 against 本级 +
// 上级 where it prints all three.
func (r *formReader) checkSplit(f *form, p *jixiao.Project, m *moneySum, what string) {
	total := m.value[kindTotal]
	if m.has[kindTotal] && m.has[kindOther] && total != m.parts() {
		r.formFinding(f, "parse.structure", jixiao.SeverityError, f.line,
			fmt.Sprintf("项目“%s”的%s %s 万元不等于其构成之和 %s 万元；请核对原表", p.Name, what,
				total.Format(jixiao.WanYuan), m.parts().Format(jixiao.WanYuan)))
	} else if m.has[kindTotal] && m.parts() > total {
		r.formFinding(f, "parse.structure", jixiao.SeverityError, f.line,
			fmt.Sprintf("项目“%s”的%s %s 万元小于其中所列资金之和 %s 万元；请核对原表", p.Name, what,
				total.Format(jixiao.WanYuan), m.parts().Format(jixiao.WanYuan)))
	}
	if m.has[kindFiscal] && m.has[kindOwn] && m.has[kindUpper] && m.value[kindFiscal] != m.value[kindOwn]+m.value[kindUpper] {
		r.formFinding(f, "parse.structure", jixiao.SeverityError, f.line,
			fmt.Sprintf("项目“%s”的财政拨款 %s 万元不等于本级与上级资金之和 %s 万元；请核对原表", p.Name,
				m.value[kindFiscal].Format(jixiao.WanYuan), (m.value[kindOwn]+m.value[kindUpper]).Format(jixiao.WanYuan)))
	}
}

// formAmount reads a money line's amount, in the unit it is written in.
func (r *formReader) formAmount(f *form, p *jixiao.Project, s *slot, text string) (jixiao.Money, bool) {
	unit := f.unit
	if unit == "" {
		unit = jixiao.WanYuan
	}
	m, ok := leadingAmountIn(text, unit)
	if !ok {
		if tail, found := amountAfterNote(text); found {
			if m, ok = leadingAmountIn(tail, unit); ok {
				r.formFinding(f, "parse.amount", jixiao.SeverityWarning, s.line,
					fmt.Sprintf("项目“%s”的“%s”一栏写作%s，按其末尾的金额 %s 读取；请核对原表", p.Name, s.label, quote(text), tail))
				return m, true
			}
		}
	}
	if !ok {
		r.formFinding(f, "parse.amount", jixiao.SeverityError, s.line,
			fmt.Sprintf("项目“%s”的“%s”金额无法读取，未导入：%s", p.Name, s.label, quote(text)))
	}
	return m, ok
}

// amountAfterNote returns the number a money cell ends in after a
// bracketed note naming the source: "中央衔接推进乡村振兴补助资金(少数民族发展
// 任务)50" → "50".
func amountAfterNote(s string) (string, bool) {
	s = strings.TrimSpace(s)
	i := strings.LastIndexAny(s, ")）")
	if i < 0 {
		return "", false
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	tail := strings.TrimSpace(s[i+w:])
	num, rest := amountDigits(tail)
	if num == "" || strings.Trim(rest, " 万元") != "" {
		return "", false
	}
	return tail, true
}

// leadingAmount reads the amount a money cell starts with, in 万元 unless
// it says 元: "854万(高标准农田建设400万元…)", "164万元", "1 000.50".
func leadingAmount(s string) (jixiao.Money, bool) { return leadingAmountIn(s, jixiao.WanYuan) }

func leadingAmountIn(s string, unit jixiao.MoneyUnit) (jixiao.Money, bool) {
	num, rest := amountDigits(jixiao.FoldWidth(strings.TrimSpace(s)))
	if num == "" {
		return 0, false
	}
	rest = strings.TrimSpace(rest)
	switch {
	case strings.HasPrefix(rest, "万"):
		unit = jixiao.WanYuan
	case strings.HasPrefix(rest, "元"):
		unit = jixiao.Yuan
	case strings.HasPrefix(rest, "亿"):
		return 0, false // never seen in a project's form; refuse rather than guess
	}
	m, err := jixiao.ParseMoney(num, unit)
	return m, err == nil
}

// amountDigits takes the number at the start of s, joining digits a space
// broke ("1 000.50"), and returns it with what follows.
func amountDigits(s string) (num, rest string) {
	var b strings.Builder
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9' || c == '.' || c == ',':
			b.WriteByte(c)
		case c == ' ' && b.Len() > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
		case c == '-' && b.Len() == 0:
			b.WriteByte(c)
		default:
			return b.String(), s[i:]
		}
		i++
	}
	return b.String(), ""
}
