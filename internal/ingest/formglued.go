package ingest

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// OCR text from a document-sharing site may run a whole form, or several,
// into one line with no separator at all: "省级部门预算项目支出绩效目标表
// (2023年度)一级项目名称…年度绩效目标…一级指标二级指标三级指标指标目标值产出
// 指标数量指标免费开放天数=300天质量指标…". The labels of the block are found
// inside a cell wherever they stand (formscan.go), but a form's title, the
// grid's header and each of its category labels start a row of their own:
// such a line is cut before them into rows.

// minGluedRunes is the length from which a line without separators is
// taken for glued cells.
const minGluedRunes = 120

// gluedRows cuts a glued line into rows; ok is false for a line that is
// not glued (it has separators, is short, or holds no form).
func (rc *rowCutter) gluedRows(i int, t string) ([]frow, bool) {
	if utf8.RuneCountInString(t) < minGluedRunes || strings.ContainsAny(t, "|\t") || strings.Contains(t, "  ") {
		return nil, false
	}
	if !strings.Contains(t, "一级指标") && countLabels(t) < 3 {
		return nil, false
	}
	cuts := rc.gluedCuts(t)
	if len(cuts) == 0 {
		return nil, false
	}
	var rows []frow
	prev := 0
	for _, c := range append(cuts, len(t)) {
		if s := strings.TrimSpace(t[prev:c]); s != "" {
			rows = append(rows, frow{cells: []fcell{{text: s, line: i + 1}}, line: i + 1})
		}
		prev = c
	}
	return rows, true
}

// countLabels counts the labels of the key-value block in a text.
func countLabels(t string) int {
	n := 0
	for _, p := range kvLabels.scanCell(fcell{text: t}) {
		if p.label != "" {
			n++
		}
	}
	return n
}

// gluedCuts lists, in order, the byte offsets a glued line is cut at: around
// each form title (the one the line starts with, and the titles the text
// started with before), before the grid's header, and before each category
// label of the grid ("数量指标", "经济成本指标").
func (rc *rowCutter) gluedCuts(t string) []int {
	var cuts []int
	if start, end, ok := leadingTitle(t); ok {
		rc.titles = append(rc.titles, t[start:end])
		cuts = append(cuts, end, afterYear(t, end))
	}
	for _, title := range rc.titles {
		for from := 1; ; {
			k := strings.Index(t[from:], title)
			if k < 0 {
				break
			}
			at := from + k
			end := at + len(title)
			cuts = append(cuts, at, end, afterYear(t, end))
			from = end
		}
	}
	if h := strings.Index(t, "一级指标"); h >= 0 {
		cuts = append(cuts, h)
		cuts = append(cuts, gridCategoryCuts(t, h, nextCut(cuts, h, len(t)))...)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	if len(cuts) > 0 && cuts[0] == 0 {
		cuts = cuts[1:]
	}
	return cuts
}

// leadingTitle finds a form title the line starts with: the text up to a
// title word, within a title's length.
func leadingTitle(t string) (start, end int, ok bool) {
	best, at := -1, 0
	for _, w := range formTitles {
		if k := strings.Index(t, w); k >= 0 && (best < 0 || k+len(w) < best) {
			best, at = k+len(w), k
		}
	}
	if best < 0 || utf8.RuneCountInString(t[:best]) > maxTitleRunes || countLabels(t[:at]) > 0 {
		return 0, 0, false
	}
	return 0, best, true
}

// afterYear steps over a year qualifier after a title: "(2023年度)",
// "2023年度".
func afterYear(t string, i int) int {
	j := i
	for _, open := range []string{"(", "（"} {
		if strings.HasPrefix(t[j:], open) {
			j += len(open)
			break
		}
	}
	d := j
	for d < len(t) && t[d] >= '0' && t[d] <= '9' {
		d++
	}
	if d-j != 4 {
		return i
	}
	j = d
	for _, w := range []string{"年度", "年"} {
		if strings.HasPrefix(t[j:], w) {
			j += len(w)
			break
		}
	}
	for _, cl := range []string{")", "）"} {
		if strings.HasPrefix(t[j:], cl) {
			return j + len(cl)
		}
	}
	return j
}

// nextCut is the first cut after i, or end.
func nextCut(cuts []int, i, end int) int {
	for _, c := range cuts {
		if c > i && c < end {
			end = c
		}
	}
	return end
}

// gridCategoryCuts lists the offsets of the category labels ending in 指标
// in t[from:to], after the header's own labels.
func gridCategoryCuts(t string, from, to int) []int {
	i := from
	for i < to {
		_, end, ok := gridLabels.matchAt(t, i)
		if !ok {
			break
		}
		i = end
	}
	var cuts []int
	for i < to {
		l, end, ok := categoryLabels.matchAt(t, i)
		if ok && strings.HasSuffix(l, "指标") && end <= to {
			cuts = append(cuts, i)
			i = end
			continue
		}
		_, w := utf8.DecodeRuneInString(t[i:])
		i += w
	}
	return cuts
}
