package jixiao

import (
	"iter"
	"slices"
	"strconv"
	"strings"
)

// The indicator cell of the published tables holds all of a project's
// indicators as one string:
//
//	1、1-产出指标；11-数量指标；培训人次；实施周期指标值:≥500人次；年度指标值:≥500人次。2、…
//
// IndicatorCell writes it and IndicatorParser reads it. Every reader (text,
// markdown, spreadsheets) and every writer uses these two, so that an
// indicator reads the same whichever way it travels.

// The labels of the two targets inside an indicator item. Readers also
// accept the period label's variants.
const (
	IndicatorPeriodLabel = "实施周期指标值"
	IndicatorAnnualLabel = "年度指标值"
)

// periodLabels are the spellings of the period label, the written one first.
var periodLabels = []string{IndicatorPeriodLabel, "实施期指标值", "中长期指标值"}

// itemMark follows the item number: "2、".
const itemMark = "、"

// categoryDashes separate a category code from its name: "22-社会效益".
var categoryDashes = []string{"-", "－", "—", "–"}

// IndicatorCell writes indicators as the published tables do. An indicator
// that could not be split (Raw set) is written as its source text, numbered
// unless the text already starts with its number.
func IndicatorCell(ins []Indicator) string {
	var b strings.Builder
	for i, in := range ins {
		n := strconv.Itoa(i+1) + itemMark
		if in.Raw != "" {
			if numberedItem(in.Raw) < 0 {
				b.WriteString(n)
			}
			b.WriteString(in.Raw)
			continue
		}
		b.WriteString(n)
		b.WriteString(categoryCell(in.Level1Code, in.Level1))
		b.WriteString("；")
		b.WriteString(categoryCell(in.Level2Code, in.Level2))
		b.WriteString("；")
		b.WriteString(in.Name)
		b.WriteString("；" + IndicatorPeriodLabel + ":")
		b.WriteString(in.Period.Text)
		b.WriteString("；" + IndicatorAnnualLabel + ":")
		b.WriteString(in.Annual.Text)
		b.WriteString("。")
	}
	return b.String()
}

func categoryCell(code, name string) string {
	if code == "" {
		return name
	}
	return code + "-" + name
}

// IndicatorItem is one item of an indicator cell as IndicatorParser reads it.
type IndicatorItem struct {
	// Offset is the byte offset in the cell where the item's text starts.
	Offset int
	// Indicator holds the fields that could be read; when Problem is set,
	// its Raw keeps the item's source text.
	Indicator Indicator
	// Problem says, in Chinese, why the item does not follow the pattern;
	// it is empty when it does.
	Problem string
}

// IndicatorParser reads indicator cells. The zero value is ready to use. It
// remembers the targets and categories already parsed, since tables repeat
// "100%", "≥98%" and "1-产出指标" on almost every row and parsing them once
// makes reading about twice as fast: use one parser per document. It is
// not safe for concurrent use.
type IndicatorParser struct {
	targets map[string]Target
	codes   map[string][2]string
}

// memoLimit bounds each memo, so that a table of all-distinct values does
// not grow it without end.
const memoLimit = 1 << 14

// ParseIndicatorCell reads an indicator cell with a fresh parser.
func ParseIndicatorCell(s string) []IndicatorItem {
	var p IndicatorParser
	return slices.Collect(p.Items(s))
}

// Items cuts an indicator cell into its items and reads each, in order.
// Text before the first "1、" is an item too, so no text is dropped; a
// blank cell has no items.
func (p *IndicatorParser) Items(s string) iter.Seq[IndicatorItem] {
	return func(yield func(IndicatorItem) bool) {
		if strings.TrimSpace(s) == "" {
			return
		}
		starts := splitItems(s)
		for n, st := range starts {
			end := len(s)
			if n+1 < len(starts) {
				end = starts[n+1]
			}
			raw := strings.TrimSpace(s[st:end])
			if raw == "" {
				continue
			}
			in, problem := p.Item(raw)
			if problem != "" {
				in.Raw = raw
			}
			off := st + len(s[st:end]) - len(strings.TrimLeft(s[st:end], " \t\n\r\u3000"))
			if !yield(IndicatorItem{Offset: off, Indicator: in, Problem: problem}) {
				return
			}
		}
	}
}

// Item reads one item "k、1-产出指标；11-数量指标；name；实施周期指标值:≥20人；
// 年度指标值:≥20人。". When the item does not follow the pattern, problem
// says what is missing; the fields that could be read are filled in any case
// (Raw is left to the caller).
func (p *IndicatorParser) Item(item string) (in Indicator, problem string) {
	s := strings.TrimSpace(item)
	if i := numberedItem(s); i >= 0 {
		s = strings.TrimSpace(s[i:])
	}
	s = trimStops(s)
	a := strings.LastIndex(s, IndicatorAnnualLabel)
	if a < 0 {
		in.Name = CleanText(s)
		return in, "缺少“年度指标值”"
	}
	pl, label := lastPeriodLabel(s[:a])
	if pl < 0 {
		in.Name = CleanText(s[:a])
		in.Annual = p.Target(s[a+len(IndicatorAnnualLabel):])
		return in, "缺少“实施周期指标值”"
	}
	in.Period = p.Target(s[pl+len(label) : a])
	in.Annual = p.Target(s[a+len(IndicatorAnnualLabel):])
	fields := splitFields(s[:pl], 3)
	if len(fields) > 0 {
		in.Level1Code, in.Level1 = p.Category(fields[0])
	}
	if len(fields) > 1 {
		in.Level2Code, in.Level2 = p.Category(fields[1])
	}
	if len(fields) > 2 {
		in.Name = trimStops(CleanText(fields[2]))
	} else if len(fields) > 0 {
		in.Name = trimStops(CleanText(fields[len(fields)-1]))
	}
	switch {
	case len(fields) < 3:
		return in, "指标值之前应有一级指标、二级指标、指标名称三段，只有 " + strconv.Itoa(len(fields)) + " 段"
	case in.Level1Code == "" || in.Level2Code == "":
		return in, "一级或二级指标缺少编码（应为“1-产出指标；11-数量指标”）"
	case in.Name == "":
		return in, "缺少指标名称"
	}
	return in, ""
}

// lastPeriodLabel finds the last period label (any spelling) in s.
func lastPeriodLabel(s string) (int, string) {
	at, label := -1, ""
	for _, l := range periodLabels {
		if i := strings.LastIndex(s, l); i > at {
			at, label = i, l
		}
	}
	return at, label
}

// Target parses a target as it follows its label, remembering the answer.
func (p *IndicatorParser) Target(v string) Target {
	if t, ok := p.targets[v]; ok {
		return t
	}
	t := IndicatorTarget(v)
	if p.targets == nil {
		p.targets = map[string]Target{}
	}
	if len(p.targets) < memoLimit {
		p.targets[v] = t
	}
	return t
}

// Category splits a category field, remembering the answer.
func (p *IndicatorParser) Category(f string) (code, name string) {
	if c, ok := p.codes[f]; ok {
		return c[0], c[1]
	}
	code, name = IndicatorCategory(f)
	if p.codes == nil {
		p.codes = map[string][2]string{}
	}
	if len(p.codes) < memoLimit {
		p.codes[f] = [2]string{code, name}
	}
	return code, name
}

// IndicatorTarget parses a target as it follows its label, or as a cell of
// its own: ":≥20人；" → ≥20人. Wrapping white space is joined.
func IndicatorTarget(v string) Target {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "：")
	v = strings.TrimPrefix(v, ":")
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(v, "；")
	v = strings.TrimSuffix(v, ";")
	return ParseTarget(trimStops(CleanText(v)))
}

// IndicatorCategory splits a category as written, "22-社会效益", into its
// code and name; the code is kept as written (full-width digits too). A
// field without a code gives "" and the whole field.
func IndicatorCategory(f string) (code, name string) {
	f = CleanText(f)
	for _, dash := range categoryDashes {
		if code, name, ok := strings.Cut(f, dash); ok && code != "" && allDigits(FoldWidth(code)) {
			return code, name
		}
	}
	return "", f
}

// IndicatorsStart finds where the indicators begin in a text that holds a
// goal followed by indicators: the first "1、" followed by a category code
// ("1、1-产出指标"), or -1.
func IndicatorsStart(s string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], itemMark)
		if i < 0 {
			return -1
		}
		i += off
		if j, k := numberBefore(s, i); k == 1 && codeFollows(s, i+len(itemMark)) {
			return j
		}
		off = i + len(itemMark)
	}
}

// splitItems cuts an indicators text into items at each "k、" that starts
// one: at the start, after the "。" that ends the previous item, or where k
// is the next number and a category code follows, so that a "2、" inside a
// name does not split. It returns the byte offsets of the items' starts;
// text before the first start is item text too (offset 0 is always
// included).
func splitItems(s string) []int {
	starts := []int{0}
	next := 1
	for off := 0; ; {
		i := strings.Index(s[off:], itemMark)
		if i < 0 {
			return starts
		}
		i += off
		off = i + len(itemMark)
		j, k := numberBefore(s, i)
		if j < 0 {
			continue
		}
		stop := afterStop(s, j)
		code := codeFollows(s, off)
		if k == next && (stop || code) || stop && code {
			if j > 0 {
				starts = append(starts, j)
			}
			next = k + 1
		}
	}
}

// numberedItem returns where the text after an item's leading "k、" starts,
// or -1 when s does not start with one. k may have any number of digits.
func numberedItem(s string) int {
	d := 0
	for d < len(s) && (isDigit(s[d]) || s[d] == ' ' || s[d] == '\t') {
		d++
	}
	if d > 0 && strings.HasPrefix(s[d:], itemMark) {
		if j, _ := numberBefore(s, d); j == 0 {
			return d + len(itemMark)
		}
	}
	return -1
}

// maxItemDigits bounds the digits of an item number that are read as a
// number: more would overflow, and no cell holds 10¹⁸ items.
const maxItemDigits = 18

// numberBefore reads the item number just before s[i] ("12、", "100000、"),
// skipping spaces, and returns where it starts and its value; j is -1 when
// there is no number. A number of any width is found; one of more than
// maxItemDigits digits has the value -1, so it is never the next item.
func numberBefore(s string, i int) (j, k int) {
	e := i
	for e > 0 && (s[e-1] == ' ' || s[e-1] == '\t') {
		e--
	}
	b := e
	for b > 0 && isDigit(s[b-1]) {
		b--
	}
	if b == e {
		return -1, 0
	}
	if e-b > maxItemDigits {
		return b, -1
	}
	for _, c := range []byte(s[b:e]) {
		k = k*10 + int(c-'0')
	}
	return b, k
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// afterStop reports whether only white space stands between the previous
// "。" (or the start of the text) and s[j].
func afterStop(s string, j int) bool {
	t := strings.TrimRight(s[:j], " \t\n\u3000")
	return t == "" || strings.HasSuffix(t, "。") || strings.HasSuffix(t, ".")
}

// codeFollows reports whether a category code ("1-", "22－") starts at s[i].
func codeFollows(s string, i int) bool {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	d := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == d {
		return false
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	for _, dash := range categoryDashes {
		if strings.HasPrefix(s[i:], dash) {
			return true
		}
	}
	return false
}

// splitFields splits s at the first n-1 "；" (or ";"); the last field keeps
// any further separators, since an indicator name may contain them. A
// trailing separator (before 实施周期指标值) is dropped.
func splitFields(s string, n int) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "；")
	s = strings.TrimSuffix(s, ";")
	var out []string
	for len(out) < n-1 {
		i, w := indexSep(s)
		if i < 0 {
			break
		}
		out = append(out, s[:i])
		s = s[i+w:]
	}
	if strings.TrimSpace(s) != "" || len(out) > 0 {
		out = append(out, s)
	}
	return out
}

func indexSep(s string) (int, int) {
	i := strings.Index(s, "；")
	j := strings.IndexByte(s, ';')
	if j >= 0 && (i < 0 || j < i) {
		return j, 1
	}
	if i >= 0 {
		return i, len("；")
	}
	return -1, 0
}

// trimStops drops the full stops and white space that end an item or value.
func trimStops(s string) string {
	return strings.TrimRight(s, "。. \t\n\u3000")
}
