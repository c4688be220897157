package jixiao

import (
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Comparator is the direction of a quantitative target, in ASCII.
type Comparator string

// The comparators a target can carry. A qualitative target has none.
const (
	GE Comparator = ">="
	LE Comparator = "<="
	GT Comparator = ">"
	LT Comparator = "<"
	EQ Comparator = "="
)

// Symbol writes the comparator as tables print it: ≥ and ≤ for >= and <=,
// the others as they are.
func (c Comparator) Symbol() string {
	switch c {
	case GE:
		return "≥"
	case LE:
		return "≤"
	}
	return string(c)
}

// Target is one target value (指标值) of an indicator: the text as the source
// wrote it, and its parsed form. A quantitative target has Op and Value (and
// usually Unit); a qualitative one has all three empty.
type Target struct {
	Text  string     `json:"text"`
	Op    Comparator `json:"op,omitempty"`
	Value string     `json:"value,omitempty"` // canonical decimal: "20", "0.5"
	Unit  string     `json:"unit,omitempty"`
}

// Quantitative reports whether the target has a number to check against.
func (t Target) Quantitative() bool { return t.Value != "" }

// Rat returns the target's number exactly, or false for a qualitative target.
func (t Target) Rat() (*big.Rat, bool) {
	if t.Value == "" {
		return nil, false
	}
	return new(big.Rat).SetString(t.Value)
}

// maxUnitRunes bounds what may follow a number and still count as a unit of
// measure; anything longer is prose and makes the target qualitative.
const maxUnitRunes = 8

var (
	prefixWords = []struct {
		word string
		op   Comparator
	}{
		{"不少于", GE}, {"不低于", GE}, {"至少", GE}, {"大于等于", GE}, {"≥", GE}, {">=", GE},
		{"不超过", LE}, {"不高于", LE}, {"不多于", LE}, {"小于等于", LE}, {"≤", LE}, {"<=", LE},
		{"大于", GT}, {"高于", GT}, {">", GT},
		{"小于", LT}, {"低于", LT}, {"<", LT},
		{"等于", EQ}, {"=", EQ},
	}
	suffixWords = []struct {
		word string
		op   Comparator
	}{
		{"及以上", GE}, {"以上", GE}, {"及以下", LE}, {"以下", LE}, {"以内", LE},
	}
)

// ParseTarget reads a target value as tables write it: "≥20人", "≧100人",
// "不少于50000人", "90%以上", "≦300家次（人次）", "1500", or prose ("有效降低",
// "按当年度市下达任务数100%完成"), which is qualitative. Width variants and
// the comparator glyphs ≧ ≦ are folded; Text keeps the source as written,
// trimmed.
func ParseTarget(text string) Target {
	t := Target{Text: strings.TrimSpace(text)}
	orig := []rune(t.Text)
	folded := []rune(FoldWidth(t.Text))
	if len(folded) != len(orig) {
		orig = folded // folding changed the length: fall back to folded units
	}
	start, end := 0, len(folded)
	for end > start && (folded[end-1] == '。' || unicode.IsSpace(folded[end-1])) {
		end--
	}
	op := Comparator("")
	for _, p := range prefixWords {
		if strings.HasPrefix(string(folded[start:end]), p.word) {
			op = p.op
			start += utf8.RuneCountInString(p.word)
			break
		}
	}
	for start < end && unicode.IsSpace(folded[start]) {
		start++
	}
	num, numEnd := leadingNumber(folded[start:end])
	if num == "" {
		return t
	}
	numEnd += start
	for _, sw := range suffixWords {
		if op == "" && strings.HasSuffix(string(folded[numEnd:end]), sw.word) {
			op = sw.op
			end -= utf8.RuneCountInString(sw.word)
			break
		}
	}
	unit := strings.TrimSpace(string(orig[numEnd:end]))
	if !isUnit(FoldWidth(unit)) {
		return t
	}
	if op == "" {
		op = EQ
	}
	t.Op, t.Value, t.Unit = op, num, foldUnit(unit)
	return t
}

// leadingNumber reads the number at the start of r ("20.50人" gives "20.5")
// and reports how many runes it took; num is "" when r does not start with one.
func leadingNumber(r []rune) (num string, n int) {
	for n < len(r) && (r[n] >= '0' && r[n] <= '9' || r[n] == ',' || r[n] == '.') {
		n++
	}
	raw := strings.ReplaceAll(string(r[:n]), ",", "")
	if raw == "" || raw[0] == '.' || strings.Count(raw, ".") > 1 || strings.HasSuffix(raw, ".") {
		return "", 0
	}
	return canonicalDecimal(raw), n
}

func canonicalDecimal(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}

// isUnit accepts what can follow a number as a unit of measure: short, with
// no digit and no clause punctuation ("20%，满意" is two measures, not a unit).
func isUnit(u string) bool {
	if utf8.RuneCountInString(u) > maxUnitRunes {
		return false
	}
	return !strings.ContainsAny(u, "0123456789,，;；。:：、 ")
}

// unitFold spells percent one way; everything else in a unit (full-width
// brackets in "家次（人次）") stays as the source wrote it.
var unitFold = strings.NewReplacer("％", "%", "百分比", "%")

func foldUnit(u string) string { return unitFold.Replace(u) }
