package jixiao

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Money is an exact amount in 分 (fen). One 万元 is 1,000,000 分 and one 元 is
// 100 分, so every amount a table prints in 万元 with up to six decimals, or in
// 元 with up to two, is held without rounding. Money never passes through a
// float: sums are exact and comparisons are equalities.
type Money int64

// MoneyUnit is the unit a document prints its amounts in.
type MoneyUnit string

// The money units seen in published tables.
const (
	WanYuan MoneyUnit = "万元"
	Yuan    MoneyUnit = "元"
)

// Fen reports how many 分 one of the unit is. An unknown unit counts as 万元,
// the unit of every published 绩效目标表 seen so far.
// Label is the unit as a heading prints it: 万元 unless the table says
// otherwise.
func (u MoneyUnit) Label() string {
	if u == "" {
		return string(WanYuan)
	}
	return string(u)
}

func (u MoneyUnit) Fen() int64 {
	if u == Yuan {
		return 100
	}
	return 1_000_000
}

// Decimals reports how many decimal places of the unit Money holds exactly.
func (u MoneyUnit) Decimals() int {
	if u == Yuan {
		return 2
	}
	return 6
}

// ParseMoney reads a decimal amount written in unit u: "13,232.12", "89.974",
// "-1.5", full-width digits, or an empty cell (zero). It refuses more decimals
// than the unit holds exactly rather than round.
func ParseMoney(s string, u MoneyUnit) (Money, error) {
	s = strings.TrimSpace(FoldWidth(s))
	s = strings.ReplaceAll(s, ",", "")
	if s == "" || s == "-" || s == "—" {
		return 0, nil
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && !hasDot || !allDigits(whole) || !allDigits(frac) || (hasDot && whole == "" && frac == "") {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	if len(frac) > u.Decimals() {
		return 0, fmt.Errorf("%q has more than %d decimals of %s", s, u.Decimals(), u)
	}
	frac += strings.Repeat("0", u.Decimals()-len(frac))
	digits := strings.TrimLeft(whole+frac, "0")
	if digits == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is too large an amount", s)
	}
	if neg {
		n = -n
	}
	return Money(n), nil
}

// Format writes m in unit u with at least two decimals and every further
// decimal that is not zero, without thousands separators: 89974000 分 in 万元
// is "89.974", 1323212000000 is "13232.12".
func (m Money) Format(u MoneyUnit) string {
	n := uint64(m)
	sign := ""
	if m < 0 {
		sign, n = "-", -n // two's complement: right for math.MinInt64 too
	}
	per := uint64(u.Fen())
	whole, frac := n/per, n%per
	fs := fmt.Sprintf("%0*d", u.Decimals(), frac)
	fs = strings.TrimRight(fs, "0")
	for len(fs) < 2 {
		fs += "0"
	}
	return sign + strconv.FormatUint(whole, 10) + "." + fs
}

// FormatGrouped is Format with thousands separators, as tables print it:
// "13,232.12".
func (m Money) FormatGrouped(u MoneyUnit) string {
	s := m.Format(u)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + "." + frac
}

// Amounts are the four money columns of a table row. Total is as stated in
// the source, not computed, so that a row that does not add up survives for
// the checks.
//
// Blank says which of the four cells the source left empty (not "0.00"), so
// that pages, prints and the .xlsx show them empty as published. A blank
// cell's Money is 0 and every sum, comparison and rule treats it as 0, as
// they did before Blank existed; Blank is a bit set rather than four bools
// or pointers so that Amounts stays small and comparable with ==. Only the
// readers set it, from the source; a computed sum (Add) has no blank cells.
type Amounts struct {
	Total          Money      `json:"total"`
	Fiscal         Money      `json:"fiscal"`
	SpecialAccount Money      `json:"special_account"`
	Other          Money      `json:"other"`
	Blank          AmountCols `json:"blank,omitempty"`
	// Unread says which cells the reader could not read (the row's source
	// text is kept in Project.Raw and a parse.amount finding says so). An
	// unread cell's Money is 0 for the sums, but every table prints it as
	// UnreadAmount, never as 0.00, and a table with one cannot be
	// published (DocumentStatus.Publishable) until a person types it.
	Unread AmountCols `json:"unread,omitempty"`
}

// UnreadAmount is what a table prints in a money cell jixiao could not
// read from its source.
const UnreadAmount = "未读出"

// Sum is 财政拨款 + 财政专户拨款 + 其他资金, what Total should be.
func (a Amounts) Sum() Money { return a.Fiscal + a.SpecialAccount + a.Other }

// Add returns the column-wise sum of a and b. The sum is computed, not
// printed, so it has no blank cells; a column with an unread cell in it is
// unread in the sum too, since the figure is not known.
func (a Amounts) Add(b Amounts) Amounts {
	return Amounts{Total: a.Total + b.Total, Fiscal: a.Fiscal + b.Fiscal,
		SpecialAccount: a.SpecialAccount + b.SpecialAccount, Other: a.Other + b.Other,
		Unread: a.Unread | b.Unread}
}

// Get returns the amount of column c, one of ColTotal … ColOther (0 for any
// other value).
func (a Amounts) Get(c AmountCols) Money {
	switch c {
	case ColTotal:
		return a.Total
	case ColFiscal:
		return a.Fiscal
	case ColSpecialAccount:
		return a.SpecialAccount
	case ColOther:
		return a.Other
	}
	return 0
}

// Cell is column c as a table prints it in unit u: FormatGrouped, "" when
// the source left the cell blank, UnreadAmount when it could not be read.
func (a Amounts) Cell(c AmountCols, u MoneyUnit) string {
	return a.cell(c, a.Get(c).FormatGrouped(u))
}

// PlainCell is Cell with Money.Format (no thousands separators), as the
// CSV exports write amounts.
func (a Amounts) PlainCell(c AmountCols, u MoneyUnit) string {
	return a.cell(c, a.Get(c).Format(u))
}

func (a Amounts) cell(c AmountCols, formatted string) string {
	switch {
	case a.Unread.Has(c):
		return UnreadAmount
	case a.Blank.Has(c):
		return ""
	}
	return formatted
}

// AmountCols is a set of the four money columns of Amounts, one bit each.
type AmountCols uint8

// The columns of Amounts, in the order tables print them.
const (
	ColTotal AmountCols = 1 << iota
	ColFiscal
	ColSpecialAccount
	ColOther
)

// AmountColumns lists the four columns in table order.
var AmountColumns = [4]AmountCols{ColTotal, ColFiscal, ColSpecialAccount, ColOther}

// AllAmountCols is the set of all four columns.
const AllAmountCols = ColTotal | ColFiscal | ColSpecialAccount | ColOther

// Has reports whether every column of c is in s.
func (s AmountCols) Has(c AmountCols) bool { return c != 0 && s&c == c }

// Name is the JSON and column name of a single column ("total", "fiscal",
// "special_account", "other"), "" for a set of other than one column.
func (c AmountCols) Name() string {
	switch c {
	case ColTotal:
		return "total"
	case ColFiscal:
		return "fiscal"
	case ColSpecialAccount:
		return "special_account"
	case ColOther:
		return "other"
	}
	return ""
}

// Label is a single column's heading as the tables print it.
func (c AmountCols) Label() string {
	return map[AmountCols]string{ColTotal: "总计", ColFiscal: "财政拨款", ColSpecialAccount: "财政专户拨款", ColOther: "其他资金"}[c]
}

// Names lists the names of the columns in s, in table order.
func (s AmountCols) Names() []string {
	out := []string{}
	for _, c := range AmountColumns {
		if s.Has(c) {
			out = append(out, c.Name())
		}
	}
	return out
}

// MarshalJSON writes the set as its column names: ["special_account","other"].
func (s AmountCols) MarshalJSON() ([]byte, error) { return json.Marshal(s.Names()) }

// UnmarshalJSON reads what MarshalJSON writes. An unknown name is an error.
func (s *AmountCols) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	var out AmountCols
	for _, n := range names {
		c := columnNamed(n)
		if c == 0 {
			return fmt.Errorf("blank: unknown amount column %q", n)
		}
		out |= c
	}
	*s = out
	return nil
}

func columnNamed(n string) AmountCols {
	for _, c := range AmountColumns {
		if c.Name() == n {
			return c
		}
	}
	return 0
}

// IsBlankCell reports whether a money cell as printed is blank: empty or
// white space only. A dash ("-", "—") is printed, not blank: it reads as 0
// and shows as 0.00.
func IsBlankCell(s string) bool { return strings.TrimSpace(FoldWidth(s)) == "" }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
