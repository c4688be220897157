package ingest

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// labelSet finds labels in a cell's text wherever they stand: at its start
// ("项目名称："), after a value ("项目名称 培训 项目负责人 张三", single
// spaces being the only separator) or glued to it ("项目名称培训项目主管部门…").
// Labels are matched through letter spacing and full-width forms.
type labelSet struct {
	byFirst map[rune][]string // labels (folded keys) by first rune, longest first
	ocr     bool              // match through OCR noise too (matchFolded); the piece says so
}

func newLabelSet(keys ...string) *labelSet {
	ls := &labelSet{byFirst: map[rune][]string{}}
	for _, k := range keys {
		r, _ := utf8.DecodeRuneInString(k)
		ls.byFirst[r] = append(ls.byFirst[r], k)
	}
	for _, list := range ls.byFirst {
		sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
	}
	return ls
}

// newOCRLabelSet is newLabelSet for labels also matched through OCR noise.
func newOCRLabelSet(keys ...string) *labelSet {
	ls := newLabelSet(keys...)
	ls.ocr = true
	return ls
}

// matchAt returns the longest label starting at text[i:] and the byte
// offset just after it, white space inside it skipped; ok is false when no
// label starts there.
func (ls *labelSet) matchAt(text string, i int) (label string, end int, ok bool) {
	label, end, _, ok = ls.matchNoisy(text, i)
	return label, end, ok
}

// matchNoisy is matchAt that, in a set read through OCR noise, falls back
// on a match through it (see matchFolded); noisy says so.
func (ls *labelSet) matchNoisy(text string, i int) (label string, end int, noisy, ok bool) {
	r, _ := utf8.DecodeRuneInString(text[i:])
	list := ls.byFirst[foldRune(r)]
	for _, l := range list {
		if e, ok := matchFolded(text, i, l, false); ok {
			return l, e, false, true
		}
	}
	if ls.ocr {
		for _, l := range list {
			if e, ok := matchFolded(text, i, l, true); ok {
				return l, e, true, true
			}
		}
	}
	return "", 0, false, false
}

// matchFolded matches label l at text[i:], skipping white space in text
// and an asterisk inside the label ("一*级项目名称", OCR text). noisy
// allows one rune of a long label (six runes or more, not its first or
// last) to be a Latin letter, as OCR misreads it ("项目完成H期").
func matchFolded(text string, i int, l string, noisy bool) (int, bool) {
	j := i
	n := utf8.RuneCountInString(l)
	k := 0
	for _, lr := range l {
		for j < len(text) {
			r, w := utf8.DecodeRuneInString(text[j:])
			if !isSpace(r) && (r != '*' || k == 0) {
				break
			}
			j += w
		}
		if j >= len(text) {
			return 0, false
		}
		r, w := utf8.DecodeRuneInString(text[j:])
		if foldRune(r) != lr {
			if !noisy || n < 6 || k == 0 || k == n-1 || !isLatinLetter(r) {
				return 0, false
			}
			noisy = false // one rune only
		}
		j += w
		k++
	}
	return j, true
}

func isLatinLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// piece is a cell's text cut at its labels: a label with what follows it
// up to the next label, or (label "") text before the first label.
type piece struct {
	label     string // folded key of the label; "" for a bare value
	labelText string // the label as printed, with its qualifier "(万元)"
	value     string // trimmed
	line      int
	noisy     bool // the label was read through OCR noise: labelText is as printed
}

// scanCell cuts a cell at the labels of ls. A label of two runes or fewer
// counts only at the start of the cell or right after another label, as
// such short words (其他, 本级) occur in prose.
func (ls *labelSet) scanCell(c fcell) []piece {
	text := c.text
	var out []piece
	cur := piece{line: c.line}
	valStart := 0
	adjacent := true // at the start, or right after a label
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			i += w
			continue
		}
		l, end, noisy, ok := ls.matchNoisy(text, i)
		if ok && (adjacent || utf8.RuneCountInString(l) > 2 && !endsProse(text, valStart, i, end)) && !insideWord(text, i, end) {
			cur.value = strings.TrimSpace(text[valStart:i])
			if cur.label != "" || cur.value != "" {
				out = append(out, cur)
			}
			end = skipQualifier(text, end)
			cur = piece{label: l, labelText: cleanLabel(text[i:end]), line: c.line, noisy: noisy}
			end = skipColon(text, end)
			valStart, i, adjacent = end, end, true
			continue
		}
		adjacent = false
		i += w
	}
	cur.value = strings.TrimSpace(text[valStart:])
	if cur.label != "" || cur.value != "" {
		out = append(out, cur)
	}
	return out
}

// endsProse reports a label word that closes a long text with nothing
// after it ("…结转2024年六运会项目资金"): the prose's own words, not a label.
func endsProse(text string, valStart, i, end int) bool {
	before := text[valStart:i]
	return skipColon(text, end) == len(text) && utf8.RuneCountInString(before) > 10 && strings.ContainsAny(before, ",，。;；")
}

// insideWord rejects a label match that is part of a longer Latin or digit
// run; Chinese has no word boundaries to check.
func insideWord(text string, i, end int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	if !isLatinOrDigit(r) {
		return false
	}
	if l, _ := utf8.DecodeRuneInString(text[i:]); !isLatinOrDigit(l) {
		return false // a Chinese label after a date or an amount: "…2023-01-01项目完成日期"
	}
	return end < len(text)
}

func isLatinOrDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// skipQualifier takes a bracketed qualifier right after a label into it:
// "(万元)", "(长期)", "(或建筑规模指标)".
func skipQualifier(text string, i int) int {
	j := i
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	for _, open := range []string{"(", "（"} {
		if !strings.HasPrefix(text[j:], open) {
			continue
		}
		rest := text[j+len(open):]
		for _, cl := range []string{")", "）"} {
			if k := strings.Index(rest, cl); k >= 0 && utf8.RuneCountInString(rest[:k]) <= 20 {
				return j + len(open) + k + len(cl)
			}
		}
	}
	return i
}

// skipColon steps over the colon (and white space) that ends a label.
func skipColon(text string, i int) int {
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !isSpace(r) && r != ':' && r != '：' {
			break
		}
		i += w
	}
	return i
}

// cleanLabel is a label as printed, with its letter spacing and colon
// removed: "年度本级 预算金额：" → "年度本级预算金额".
func cleanLabel(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !isSpace(r) {
			b.WriteRune(r)
		}
	}
	return strings.TrimRight(b.String(), ":：")
}
