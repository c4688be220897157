package ingest

import (
	"fmt"
	"strings"

	"jixiao"
)

// The markers of the two targets inside an indicator string.
const (
	periodMarker = "实施周期指标值"
	annualMarker = "年度指标值"
	itemMark     = "、"
)

// indicatorsStart finds where the indicators begin in a goal-and-indicators
// text: the first "1、" followed by a category code ("1、1-产出指标"), or -1.
func indicatorsStart(s string) int {
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
// is the next number and a category code follows. It returns the byte
// offsets of the items' starts; text before the first start is item text too
// (offset 0 is always included).
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

// numberBefore reads the item number just before s[i] ("12、"), skipping
// spaces, and returns where it starts and its value; j is -1 when there is
// no number.
func numberBefore(s string, i int) (j, k int) {
	e := i
	for e > 0 && (s[e-1] == ' ' || s[e-1] == '\t') {
		e--
	}
	b := e
	for b > 0 && isDigit(s[b-1]) && e-b < 4 {
		b--
	}
	if b == e || b > 0 && isDigit(s[b-1]) {
		return -1, 0
	}
	for _, c := range []byte(s[b:e]) {
		k = k*10 + int(c-'0')
	}
	return b, k
}

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
	return strings.HasPrefix(s[i:], "-") || strings.HasPrefix(s[i:], "－") || strings.HasPrefix(s[i:], "—")
}

// parseIndicator reads one item "k、1-产出指标；11-数量指标；name；实施周期指标值:
// ≥20人；年度指标值:≥20人。". It reports false when the item does not follow
// the pattern; the fields it could read are filled in any case, and the
// reason says what is missing.
func parseIndicator(m *memo, item string) (jixiao.Indicator, bool, string) {
	s := strings.TrimSpace(item)
	if i := strings.Index(s, itemMark); i > 0 && i <= 8 {
		if j, _ := numberBefore(s, i); j == 0 {
			s = strings.TrimSpace(s[i+len(itemMark):])
		}
	}
	s = trimStops(s)
	var ind jixiao.Indicator
	a := strings.LastIndex(s, annualMarker)
	if a < 0 {
		ind.Name = clean(s)
		return ind, false, "缺少“年度指标值”"
	}
	p := strings.LastIndex(s[:a], periodMarker)
	if p < 0 {
		ind.Name = clean(s[:a])
		ind.Annual = m.target(s[a+len(annualMarker):])
		return ind, false, "缺少“实施周期指标值”"
	}
	ind.Period = m.target(s[p+len(periodMarker) : a])
	ind.Annual = m.target(s[a+len(annualMarker):])
	fields := splitFields(s[:p], 3)
	ok, why := true, ""
	if len(fields) < 3 {
		ok, why = false, fmt.Sprintf("指标值之前应有一级指标、二级指标、指标名称三段，只有 %d 段", len(fields))
	}
	if len(fields) > 0 {
		ind.Level1Code, ind.Level1 = m.codeName(fields[0])
	}
	if len(fields) > 1 {
		ind.Level2Code, ind.Level2 = m.codeName(fields[1])
	}
	if len(fields) > 2 {
		ind.Name = trimStops(clean(fields[2]))
	} else if len(fields) > 0 {
		ind.Name = trimStops(clean(fields[len(fields)-1]))
	}
	switch {
	case !ok:
	case ind.Level1Code == "" || ind.Level2Code == "":
		ok, why = false, "一级或二级指标缺少编码（应为“1-产出指标；11-数量指标”）"
	case ind.Name == "":
		ok, why = false, "缺少指标名称"
	}
	return ind, ok, why
}

// target parses one target value after its marker: ":≥20人；" → ≥20人.
func target(v string) jixiao.Target {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "：")
	v = strings.TrimPrefix(v, ":")
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(v, "；")
	v = strings.TrimSuffix(v, ";")
	return jixiao.ParseTarget(trimStops(clean(v)))
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

// codeName splits "22-社会效益" into its code and name, as written.
func codeName(f string) (string, string) {
	f = clean(f)
	for _, dash := range []string{"-", "－", "—"} {
		if code, name, ok := strings.Cut(f, dash); ok && code != "" && allDigits(jixiao.FoldWidth(code)) {
			return code, name
		}
	}
	return "", f
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// trimStops drops the full stops and white space that end an item or value.
func trimStops(s string) string {
	return strings.TrimRight(s, "。. \t\n\u3000")
}

// readIndicators parses an indicators text into indicators. line maps a byte
// offset of s to its source line. Items that do not follow the pattern are
// kept with their raw text and reported.
func readIndicators(b *builder, p *jixiao.Project, seq int, s string, line func(int) int) {
	doc := b.doc
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
		ind, ok, why := parseIndicator(&b.memo, raw)
		ind.Line = line(st + leadingSpace(s[st:end]))
		if !ok {
			ind.Raw = raw
			addFinding(doc, "parse.indicator", jixiao.SeverityError, ind.Line,
				fmt.Sprintf("项目“%s”第 %d 个指标不符合“序号、一级指标；二级指标；指标名称；实施周期指标值：…；年度指标值：…。”格式（%s），已保留原文：%s",
					p.Name, len(p.Indicators)+1, why, jixiao.CleanText(raw)))
			f := &doc.Findings[len(doc.Findings)-1]
			f.Unit, f.Project, f.ProjectSeq, f.IndicatorSeq = p.Unit, p.Name, seq, len(p.Indicators)+1
		}
		p.Indicators = append(p.Indicators, ind)
	}
}

func leadingSpace(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t\n\u3000"))
}

// memo remembers the targets and category fields already parsed in a
// document: tables repeat "100%", "≥98%" and "1-产出指标" on almost every
// row, and parsing them once makes reading about twice as fast.
type memo struct {
	targets map[string]jixiao.Target
	codes   map[string][2]string
}

// memoLimit bounds each memo, so that a table of all-distinct values does
// not grow it without end.
const memoLimit = 1 << 14

func (m *memo) target(v string) jixiao.Target {
	if t, ok := m.targets[v]; ok {
		return t
	}
	t := target(v)
	if m.targets == nil {
		m.targets = map[string]jixiao.Target{}
	}
	if len(m.targets) < memoLimit {
		m.targets[v] = t
	}
	return t
}

func (m *memo) codeName(f string) (string, string) {
	if c, ok := m.codes[f]; ok {
		return c[0], c[1]
	}
	code, name := codeName(f)
	if m.codes == nil {
		m.codes = map[string][2]string{}
	}
	if len(m.codes) < memoLimit {
		m.codes[f] = [2]string{code, name}
	}
	return code, name
}

// clean is jixiao.CleanText, skipping the copy when s holds no white space
// at all (most cells of a markdown table).
func clean(s string) string {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ', c == 0xC2, c == 0xE1, c == 0xE2:
			return jixiao.CleanText(s)
		case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80:
			return jixiao.CleanText(s)
		}
	}
	return s
}
