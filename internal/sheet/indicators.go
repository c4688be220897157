package sheet

import (
	"regexp"
	"strconv"
	"strings"

	"jixiao"
)

// itemStart matches "N、" where an indicator may start in a serialised cell.
var itemStart = regexp.MustCompile(`([0-9０-９]+)\s*、`)

// codeName splits "1-产出指标" into its code and name.
var (
	codeNameRe  = regexp.MustCompile(`^([0-9０-９]+)\s*[-－—–]\s*(.*)$`)
	codeFollows = regexp.MustCompile(`^[0-9０-９]+\s*[-－—–]`)
)

// targetLabels are the labels of the two targets inside an indicator.
var (
	periodLabel = regexp.MustCompile(`(实施周期|实施期|中长期)指标值\s*[:：]?`)
	annualLabel = regexp.MustCompile(`年度指标值\s*[:：]?`)
)

// splitIndicatorItems cuts a cell written as "1、…。2、…" into its items,
// each with its "N、". An item starts only where the next number in sequence
// stands at the start, after "。", or before a category code ("1-"), so
// "2、" inside a name does not split.
func splitIndicatorItems(cell string) []string {
	cell = strings.TrimSpace(cell)
	var starts []int
	next := 1
	for _, m := range itemStart.FindAllStringSubmatchIndex(cell, -1) {
		n, err := strconv.Atoi(jixiao.FoldWidth(cell[m[2]:m[3]]))
		if err != nil || n != next {
			continue
		}
		before := strings.TrimSpace(cell[:m[0]])
		stop := before == "" || strings.HasSuffix(before, "。") || strings.HasSuffix(before, ".")
		if !stop && !codeFollows.MatchString(strings.TrimSpace(cell[m[1]:])) {
			continue
		}
		starts = append(starts, m[0])
		next++
	}
	if len(starts) == 0 {
		if cell == "" {
			return nil
		}
		return []string{cell}
	}
	var items []string
	if pre := strings.TrimSpace(cell[:starts[0]]); pre != "" {
		items = append(items, pre) // text before "1、" is kept as a raw item
	}
	for i, s := range starts {
		end := len(cell)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		items = append(items, strings.TrimSpace(cell[s:end]))
	}
	return items
}

// parseIndicator reads one item "N、L1；L2；name；实施周期指标值:P；年度指标值:A。".
// An item that does not follow the pattern comes back with Raw set to its
// text and ok false.
func parseIndicator(item string) (in jixiao.Indicator, ok bool) {
	body := item
	if loc := itemStart.FindStringIndex(body); loc != nil && loc[0] == 0 {
		body = body[loc[1]:]
	}
	p := periodLabel.FindStringIndex(body)
	a := annualLabel.FindAllStringIndex(body, -1)
	if p == nil || len(a) == 0 || a[len(a)-1][0] < p[1] {
		return jixiao.Indicator{Raw: item}, false
	}
	last := a[len(a)-1]
	head := strings.Split(strings.TrimRight(strings.TrimSpace(body[:p[0]]), "；;"), "；")
	if len(head) < 3 {
		return jixiao.Indicator{Raw: item}, false
	}
	in.Level1Code, in.Level1 = splitCode(head[0])
	in.Level2Code, in.Level2 = splitCode(head[1])
	in.Name = jixiao.CleanText(strings.Join(head[2:], "；"))
	in.Period = jixiao.ParseTarget(targetText(body[p[1]:last[0]]))
	in.Annual = jixiao.ParseTarget(targetText(body[last[1]:]))
	return in, true
}

// targetText cleans a target as it stands between the labels: wrapping
// white space joined, the separating "；" and closing "。" dropped.
func targetText(s string) string {
	s = jixiao.CleanText(s)
	s = strings.TrimSuffix(s, "；")
	s = strings.TrimSuffix(s, ";")
	return strings.TrimRight(s, "。")
}

func splitCode(s string) (code, name string) {
	s = jixiao.CleanText(s)
	if m := codeNameRe.FindStringSubmatch(s); m != nil {
		return jixiao.FoldWidth(m[1]), m[2]
	}
	return "", s
}

// parseIndicatorCell reads a whole indicator cell. bad lists the 1-based
// positions of items kept raw.
func parseIndicatorCell(cell string) (ins []jixiao.Indicator, bad []int) {
	for i, item := range splitIndicatorItems(cell) {
		in, ok := parseIndicator(item)
		if !ok {
			bad = append(bad, i+1)
		}
		ins = append(ins, in)
	}
	return ins, bad
}
