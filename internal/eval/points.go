// Package eval scores projects against their targets the way 财预〔2020〕10号
// sets out (绩效自评), gives monitoring lights (绩效运行监控), and reads and
// writes the files units fill in. It does no I/O of its own beyond the
// readers and writers it is handed; all arithmetic is exact (math/big.Rat
// and integer hundredths), never floating point.
package eval

import (
	"fmt"
	"math/big"
	"strings"
)

// Points are score points in hundredths: 1667 is 16.67 points. Weights and
// scores are held this way so that a total is an exact sum of what the
// 自评表 prints.
type Points int64

// String writes p with two decimals: "16.67", "100.00".
func (p Points) String() string {
	sign := ""
	n := int64(p)
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
}

// MarshalJSON writes p as a JSON number with two decimals, so JSON shows 16.67 exactly.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads a number with at most two decimals.
func (p *Points) UnmarshalJSON(b []byte) error {
	v, err := ParsePoints(strings.Trim(string(b), `"`))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParsePoints reads a decimal with at most two decimals ("56.25", "10").
func ParsePoints(s string) (Points, error) {
	r, ok := decimalRat(s)
	if !ok {
		return 0, fmt.Errorf("%q 不是分值", s)
	}
	h := new(big.Rat).Mul(r, big.NewRat(100, 1))
	if !h.IsInt() {
		return 0, fmt.Errorf("分值 %q 最多两位小数", s)
	}
	if !h.Num().IsInt64() {
		return 0, fmt.Errorf("分值 %q 太大", s)
	}
	return Points(h.Num().Int64()), nil
}

// Rat returns p as an exact rational number of points.
func (p Points) Rat() *big.Rat { return big.NewRat(int64(p), 100) }

// roundHalfUp rounds r (points) to hundredths, halves away from zero; every
// score is ≥ 0, so this is the 四舍五入 of the forms.
func roundHalfUp(r *big.Rat) Points {
	h := new(big.Rat).Mul(r, big.NewRat(100, 1))
	num, den := new(big.Int).Set(h.Num()), h.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	twice := new(big.Int).Mul(num, big.NewInt(2))
	twice.Add(twice, den)
	q := new(big.Int).Quo(twice, new(big.Int).Mul(den, big.NewInt(2)))
	if neg {
		q.Neg(q)
	}
	return Points(q.Int64())
}

// Ratio is an exact decimal fraction in configuration ("0.6", "1.3"),
// written as a string so that JSON does not pass it through a float.
type Ratio string

// Rat parses r; configuration is validated before use, so a bad value here
// is a programming error and reads as zero.
func (r Ratio) Rat() *big.Rat {
	v, ok := decimalRat(string(r))
	if !ok {
		return new(big.Rat)
	}
	return v
}

func (r Ratio) valid() bool {
	v, ok := decimalRat(string(r))
	return ok && v.Sign() >= 0
}

// percent writes a ratio as a percentage with two decimals, rounded half
// up: 0.98765 → "98.77%".
func percent(r *big.Rat) string {
	return roundHalfUp(new(big.Rat).Mul(r, big.NewRat(100, 1))).String() + "%"
}

// ratDecimal writes r with up to two decimals, for messages.
func ratDecimal(r *big.Rat) string {
	s := r.FloatString(2)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
