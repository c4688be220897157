package ingest

import (
	"strings"
	"unicode/utf8"

	"jixiao"
)

// heading is what a table says above its header row, and again at the top
// of every page: its title, its agency and its money unit.
type heading struct {
	title      string
	agency     string
	kind       jixiao.AgencyKind
	unit       jixiao.MoneyUnit
	year       int
	agencyLine int
	// furniture holds the cleaned heading lines, so that their repetition at
	// a page break is recognised and skipped.
	furniture map[string]bool
	firsts    map[rune]bool // the first runes of the furniture lines
}

func newHeading() *heading {
	return &heading{furniture: map[string]bool{}, firsts: map[rune]bool{}}
}

// addFurniture remembers a heading line so that its repetition is skipped.
func (h *heading) addFurniture(s string) {
	s = jixiao.CleanText(s)
	r, _ := utf8.DecodeRuneInString(s)
	h.furniture[s], h.firsts[r] = true, true
}

// take reads one line above the header row into h and reports whether it
// was heading material (title, agency, money unit).
func (h *heading) take(raw string, lineNo int) bool {
	s := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(raw), "#"))
	if s == "" {
		return false
	}
	took := false
	for _, label := range []struct {
		word string
		kind jixiao.AgencyKind
	}{{"部门名称", jixiao.AgencyDepartment}, {"单位名称", jixiao.AgencyUnit}} {
		if v, ok := afterLabel(s, label.word); ok && h.agency == "" {
			h.agency = jixiao.CleanText(cutAtLabel(v, "单位"))
			h.kind, h.agencyLine, took = label.kind, lineNo, true
		}
	}
	if u, ok := moneyUnit(s); ok {
		h.unit, took = u, true
	}
	if strings.Contains(s, "目标表") && utf8.RuneCountInString(s) <= 60 {
		if h.title == "" {
			h.title = jixiao.CleanText(s)
		}
		took = true
	}
	if took {
		if y := yearInText(s); y != 0 && h.year == 0 {
			h.year = y
		}
		h.addFurniture(s)
	}
	return took
}

// isFurniture reports whether a body line repeats the heading (a page break).
func (h *heading) isFurniture(s string) bool {
	s = strings.TrimLeft(strings.TrimSpace(s), "# \t")
	r, _ := utf8.DecodeRuneInString(s)
	if !h.firsts[r] {
		return false // most lines: no heading line starts this way
	}
	return h.furniture[jixiao.CleanText(s)]
}

// apply copies the heading into doc and notes what is missing.
func (h *heading) apply(doc *jixiao.Document) {
	doc.Title, doc.Agency, doc.AgencyKind, doc.MoneyUnit, doc.Year = h.title, h.agency, h.kind, h.unit, h.year
	if doc.AgencyKind == "" {
		doc.AgencyKind = jixiao.AgencyUnit
	}
	if doc.MoneyUnit == "" {
		doc.MoneyUnit = jixiao.WanYuan
		addFinding(doc, "parse.header", jixiao.SeverityWarning, 0, "表头未写明金额单位（如“单位：万元”），按万元读取")
	}
	if doc.Agency == "" {
		addFinding(doc, "parse.header", jixiao.SeverityWarning, 0, "表头未写明单位名称或部门名称（如“单位名称：…”）")
	}
}

// afterLabel returns what follows "label：" or "label:" in s.
func afterLabel(s, label string) (string, bool) {
	i := strings.Index(s, label)
	if i < 0 {
		return "", false
	}
	rest := strings.TrimLeft(s[i+len(label):], " \t\u3000")
	for _, colon := range []string{"：", ":"} {
		if strings.HasPrefix(rest, colon) {
			return strings.TrimSpace(rest[len(colon):]), true
		}
	}
	return "", false
}

// cutAtLabel cuts s before a following "label：" (the money unit printed on
// the agency's line: "单位名称：某中心 单位：万元").
func cutAtLabel(s, label string) string {
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], label)
		if j < 0 {
			break
		}
		if _, ok := afterLabel(s[i+j:], label); ok {
			return strings.TrimSpace(s[:i+j])
		}
		i += j + len(label)
	}
	return s
}

// moneyUnit finds "单位：万元" (or 金额单位, or :元) in a heading line.
func moneyUnit(s string) (jixiao.MoneyUnit, bool) {
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "单位")
		if j < 0 {
			return "", false
		}
		if v, ok := afterLabel(s[i+j:], "单位"); ok {
			switch {
			case strings.HasPrefix(v, "万元"):
				return jixiao.WanYuan, true
			case strings.HasPrefix(v, "元"):
				return jixiao.Yuan, true
			}
		}
		i += j + len("单位")
	}
	return "", false
}

// yearInText finds a budget year written as "2024年" in a heading line.
func yearInText(s string) int {
	for i := 0; i+4 < len(s); i++ {
		if y := yearAt(s, i); y != 0 && strings.HasPrefix(s[i+4:], "年") {
			return y
		}
	}
	return 0
}

// yearMentioned returns the year written most often as "20xx年" in the
// text (the later one on a tie), or 0.
func yearMentioned(text string) int {
	counts := map[int]int{}
	best := 0
	for i := 0; ; {
		j := strings.Index(text[i:], "年")
		if j < 0 {
			break
		}
		i += j
		if i >= 4 {
			if y := yearAt(text, i-4); y != 0 {
				counts[y]++
				if c, b := counts[y], counts[best]; c > b || c == b && y > best {
					best = y
				}
			}
		}
		i += len("年")
	}
	return best
}

// yearFromName finds a year 2000-2099 standing alone in a file name
// ("liwan-hrss-bureau-2024.md").
func yearFromName(name string) int {
	base := baseName(name)
	for i := 0; i+4 <= len(base); i++ {
		if y := yearAt(base, i); y != 0 && (i+4 == len(base) || !isDigit(base[i+4])) {
			return y
		}
	}
	return 0
}

// yearAt reads four digits 20xx at s[i:] not preceded by a digit.
func yearAt(s string, i int) int {
	if i > 0 && isDigit(s[i-1]) || s[i] != '2' || s[i+1] != '0' || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
		return 0
	}
	return 2000 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// baseName is filepath.Base for both separators, since names may come
// from Windows clients through the API.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// addFinding appends a reader finding to doc.
func addFinding(doc *jixiao.Document, rule string, sev jixiao.Severity, line int, msg string) {
	if line > 0 {
		msg = jixiao.LineLabel(doc.Layout, line) + "：" + msg
	}
	msg = strings.ReplaceAll(msg, "\n", " ") // a message is one line
	doc.Findings = append(doc.Findings, jixiao.Finding{Rule: rule, Severity: sev, Line: line, Message: msg})
}

// quote shortens source text for a message.
func quote(s string) string {
	const max = 60
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return "“" + s + "”"
}

// isTotalName reports whether a row name is the 合计 row.
func isTotalName(s string) bool {
	s = jixiao.CleanText(s)
	return s == "合计" || s == "总计" || s == "合 计"
}
