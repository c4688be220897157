package ingest

import (
	"fmt"
	"strings"

	"jixiao"
)

// Text extracted from a PDF (pdftotext -raw, or the like) lists each row's
// cells one after the other:
//
//	    项目名称，可能折成
//	多行 50.60 50.60 0.00 0.00        ← the amounts end the name, or stand alone
//	绩效目标，折成任意多行……           (or begin after the amounts on their line)
//	1、1-产出指标；11-数量指标；…；实施周期指标值:≥20人；年度指标值:≥20人。2、…
//
// The one thing that reliably marks a row is the line with its amounts
// (four, or two equal ones when blank zero columns were dropped). The text
// between two such lines is the previous row's goal and indicators followed
// by the next row's name; the name starts on the line after the "。" that
// ends the last indicator (or, failing that, at the last indented line, as
// pdftotext -layout indents the first column). Page headers repeat the
// heading and the header row, whose column names may wrap over lines.

// srcLine is one non-blank body line.
type srcLine struct {
	n      int    // 1-based source line
	text   string // trimmed
	indent bool   // the source line was indented (first column of a row)
}

// pdfRow is a row whose amount line has been seen and whose goal and
// indicators are still being collected.
type pdfRow struct {
	name   string
	line   int
	al     amountLine
	raw    string
	amtRow int // source line of the amounts
}

type pdfReader struct {
	b builder
	h *heading
}

// isPDFHeader recognises the column header row, repeated on every page.
func isPDFHeader(t string) bool {
	if len(t) > 300 {
		return false // a header row is short; this keeps long lines cheap
	}
	return strings.Contains(t, "总计") && strings.Contains(t, "财政拨款") ||
		strings.HasPrefix(t, "项目名称") && strings.Contains(t, "资金使用单位")
}

func readPDFText(name string, lines []string) (*jixiao.Document, error) {
	hdr := -1
	for i, l := range lines {
		if isPDFHeader(l) {
			hdr = i
			break
		}
	}
	if hdr < 0 {
		return nil, inputErr(name, 0, "找不到表头行（项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标），这不像项目支出绩效目标表；请确认文件内容，或导入 xlsx/Markdown 版本")
	}
	doc := &jixiao.Document{Layout: LayoutPDFText}
	r := &pdfReader{b: builder{doc: doc}, h: newHeading()}
	for i := 0; i < hdr; i++ {
		if t := strings.TrimSpace(lines[i]); t != "" && !r.h.take(t, i+1) {
			strayText(doc, i+1, t)
		}
	}
	r.h.apply(doc)
	r.h.addFurniture(lines[hdr]) // the header row repeats on every page
	r.b.agencyLine = r.h.agencyLine
	r.body(lines[hdr:], hdr)
	if len(doc.Projects) == 0 && len(doc.Units) == 0 && !doc.HasStated {
		return nil, inputErr(name, hdr+1, "表头之后没有任何带金额的行（应为“项目名称 总计 财政拨款 财政专户拨款 其他资金”）；请确认文件是完整的项目支出绩效目标表")
	}
	return doc, nil
}

// body walks the lines from the first header row on; first is the index of
// lines[0] in the source.
func (r *pdfReader) body(lines []string, first int) {
	var region []srcLine
	var row *pdfRow
	var pairs []int                      // lines whose amounts were two equal numbers (totalAndFiscal)
	header := jixiao.CleanText(lines[0]) // the header row read so far, while it wraps
	lines = lines[1:]
	first++
	for i, raw := range lines {
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		if r.h.isFurniture(t) {
			if isPDFHeader(t) {
				header = jixiao.CleanText(t)
			}
			continue
		}
		if more, ok := continuesHeader(header, t); ok {
			header = more
			continue
		}
		header = ""
		n := first + i + 1
		al, ok := splitAmountLine(t, r.b.doc.MoneyUnit)
		if !ok {
			al, ok = amountsInside(t, r.b.doc.MoneyUnit)
		}
		if !ok {
			region = append(region, srcLine{n: n, text: t, indent: isIndented(raw)})
			continue
		}
		body, name := r.splitRegion(region, row)
		r.finish(row, body)
		row = r.newRow(name, al, n, t)
		if !al.broken && al.amounts.Blank == jixiao.ColSpecialAccount|jixiao.ColOther {
			pairs = append(pairs, n)
		}
		region = nil
		if al.rest != "" {
			region = append(region, srcLine{n: n, text: al.rest})
		}
	}
	body, rest := splitTail(region, row)
	r.finish(row, body)
	for _, l := range rest {
		strayText(r.b.doc, l.n, l.text)
	}
	pairsRead(r.b.doc, pairs)
}

// pairsRead says, once per document, that rows printing only two equal
// amounts were read as 总计 and 财政拨款 with the other two columns blank:
// the text cannot show which columns the source left empty, and a project
// funded wholly by 财政专户拨款 or 其他资金 prints the same two numbers.
func pairsRead(doc *jixiao.Document, lines []int) {
	if len(lines) == 0 {
		return
	}
	addFinding(doc, "parse.amount-pair", jixiao.SeverityInfo, lines[0], fmt.Sprintf(
		"有 %d 行只印出两个相等的金额（这是第一行），已按“总计 = 财政拨款”读取，财政专户拨款和其他资金按原表空白处理；"+
			"文字版 PDF 看不出空白的是哪两栏，如某项目的资金实为财政专户拨款或其他资金，请对照原表核对", len(lines)))
}

// splitTail divides the text after the last amount line into the last row's
// goal and indicators and what follows the "。" ending its last indicator
// (a footnote, say), which fits no cell.
func splitTail(region []srcLine, row *pdfRow) (body, rest []srcLine) {
	if row == nil || isTotalName(row.name) {
		return nil, region
	}
	text, at := joinLines(region)
	if k := afterLastIndicator(text, at); k >= 0 && k < len(region) {
		tail, _ := joinLines(region[k:])
		if jixiao.IndicatorsStart(tail) < 0 && !strings.Contains(tail, jixiao.IndicatorAnnualLabel) {
			return region[:k], region[k:]
		}
	}
	return region, nil
}

func (r *pdfReader) newRow(name []srcLine, al amountLine, n int, t string) *pdfRow {
	var sb, raw strings.Builder
	for _, l := range name {
		sb.WriteString(l.text)
		raw.WriteString(l.text)
		raw.WriteByte('\n')
	}
	sb.WriteString(al.prefix)
	raw.WriteString(t)
	row := &pdfRow{name: jixiao.CleanText(sb.String()), line: n, al: al, raw: raw.String(), amtRow: n}
	if len(name) > 0 {
		row.line = name[0].n
	}
	return row
}

// splitRegion divides the text lines between two amount lines into the
// previous row's goal and indicators (body) and the next row's name.
func (r *pdfReader) splitRegion(region []srcLine, prev *pdfRow) (body, name []srcLine) {
	if len(region) == 0 || prev == nil || isTotalName(prev.name) {
		return nil, region
	}
	text, at := joinLines(region)
	if k := afterLastIndicator(text, at); k >= 0 && k <= len(region) {
		rest, _ := joinLines(region[k:])
		if jixiao.IndicatorsStart(rest) < 0 {
			return region[:k], region[k:]
		}
	}
	for k := len(region) - 1; k >= 0; k-- {
		if region[k].indent {
			return region[:k], region[k:]
		}
	}
	if r.b.doc.AgencyKind == jixiao.AgencyDepartment && !strings.Contains(text, jixiao.IndicatorAnnualLabel) {
		return nil, region // a unit row: what follows is the next row's name
	}
	return region[:len(region)-1], region[len(region)-1:]
}

// afterLastIndicator returns the index (into the joined lines) of the first
// line after the "。" that ends the last "年度指标值", or -1.
func afterLastIndicator(text string, at lineMap) int {
	a := strings.LastIndex(text, jixiao.IndicatorAnnualLabel)
	if a < 0 {
		return -1
	}
	p := strings.Index(text[a:], "。")
	if p < 0 {
		return -1
	}
	return at.index(a+p) + 1
}

// finish turns a collected row into the 合计 row, a unit row or a project.
func (r *pdfReader) finish(row *pdfRow, body []srcLine) {
	if row == nil {
		for _, l := range body {
			strayText(r.b.doc, l.n, l.text)
		}
		return
	}
	a, bad := row.al.amounts, []string(nil)
	if row.al.broken {
		bad = []string{row.al.tail}
	}
	switch {
	case isTotalName(row.name):
		r.b.total(row.amtRow, a, bad, row.raw)
		for _, l := range body {
			strayText(r.b.doc, l.n, l.text)
		}
		return
	case len(body) == 0 && r.b.doc.AgencyKind == jixiao.AgencyDepartment:
		r.b.unitRow(row.line, row.name, a, bad, row.raw)
		return
	}
	text, at := joinLines(body)
	p := jixiao.Project{Name: row.name, Amounts: a, Line: row.line}
	st := jixiao.IndicatorsStart(text)
	if st < 0 {
		p.Goal = jixiao.CleanText(text)
		seq := r.b.project(p, bad, row.raw)
		if strings.Contains(text, jixiao.IndicatorAnnualLabel) || strings.Contains(text, jixiao.IndicatorPeriodLabel) {
			addFinding(r.b.doc, "parse.indicator", jixiao.SeverityError, row.line,
				fmt.Sprintf("项目“%s”的绩效目标中有指标值，但找不到“1、1-产出指标；…”这样的指标序号；文字已全部保留在绩效目标中", p.Name))
			f := &r.b.doc.Findings[len(r.b.doc.Findings)-1]
			f.Unit, f.Project, f.ProjectSeq = r.b.unit, p.Name, seq
		}
		return
	}
	p.Goal = jixiao.CleanText(text[:st])
	seq := r.b.project(p, bad, row.raw)
	proj := &r.b.doc.Projects[seq-1]
	readIndicators(&r.b, proj, seq, text[st:], func(off int) int { return at.at(st + off) })
}

// joinLines concatenates the lines' text, as the PDF wrapped it, and maps
// offsets back to source lines. Lines are joined without a space: wrapping
// in these tables cuts Chinese text and numbers at any character.
func joinLines(ls []srcLine) (string, lineMap) {
	var at lineMap
	n := 0
	for _, l := range ls {
		n += len(l.text)
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, l := range ls {
		at.add(sb.Len(), l.n)
		sb.WriteString(l.text)
	}
	return sb.String(), at
}

// headerWords are the column names of the header row, run together.
const headerWords = "项目名称（资金使用单位）总计财政拨款财政专户拨款其他资金绩效目标绩效指标"

// continuesHeader reports whether line t is the rest of a header row that
// text extraction wrapped ("…财政专户拨" / "款" / "其他资" / "金 绩效目标
// 绩效指标"), given the header read so far, and returns the header with it.
// Only a piece that carries on the known column names exactly counts, so
// that a line of a name or goal is never taken for one.
func continuesHeader(header, t string) (string, bool) {
	if header == "" || header == headerWords {
		return "", false
	}
	more := header + jixiao.CleanText(t)
	return more, strings.HasPrefix(headerWords, more)
}

// isIndented reports whether a source line starts with two or more spaces
// (or an ideographic space), as the first column does in pdftotext output.
func isIndented(raw string) bool {
	return strings.HasPrefix(raw, "  ") || strings.HasPrefix(raw, "\t") || strings.HasPrefix(raw, "\u3000")
}
