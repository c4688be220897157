package eval

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"jixiao"
)

// ParseValue reads a value entered against target t: a number, optionally
// with thousands separators and followed by the target's unit or %
// ("3,150人", "96.5%", "96.5"). It returns the canonical decimal ("3150",
// "96.5"), or "" for an empty cell.
func ParseValue(s string, t jixiao.Target) (string, error) {
	raw := strings.ReplaceAll(trimUnit(s, t), ",", "")
	if raw == "" {
		return "", nil
	}
	r, ok := decimalRat(raw)
	if !ok || strings.ContainsAny(raw, "eE") {
		if t.Unit != "" {
			return "", fmt.Errorf("%q 不是数字（可带单位 %s）", strings.TrimSpace(s), t.Unit)
		}
		return "", fmt.Errorf("%q 不是数字", strings.TrimSpace(s))
	}
	return canonical(r), nil
}

// canonical writes an exact decimal without trailing zeros: "96.5", "3150".
// A value with a non-terminating expansion cannot come from ParseValue.
func canonical(r *big.Rat) string {
	s := r.FloatString(12)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// decimalPattern is what a cell may hold as a number: digits with an
// optional sign and decimal point, and a short exponent (a sheet's raw value
// can be 1E-3).
var decimalPattern = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,2})?$`)

// decimalRat reads a decimal exactly. Unlike big.Rat.SetString alone it
// refuses fractions ("1/3") and long exponents: "1e999999999" would make a
// number of a billion digits.
func decimalRat(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 64 || !decimalPattern.MatchString(s) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}
