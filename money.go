package jixiao

import (
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
type Amounts struct {
	Total          Money `json:"total"`
	Fiscal         Money `json:"fiscal"`
	SpecialAccount Money `json:"special_account"`
	Other          Money `json:"other"`
}

// Sum is 财政拨款 + 财政专户拨款 + 其他资金, what Total should be.
func (a Amounts) Sum() Money { return a.Fiscal + a.SpecialAccount + a.Other }

// Add returns the column-wise sum of a and b.
func (a Amounts) Add(b Amounts) Amounts {
	return Amounts{a.Total + b.Total, a.Fiscal + b.Fiscal, a.SpecialAccount + b.SpecialAccount, a.Other + b.Other}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
