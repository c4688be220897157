package ingest

import (
	"strings"

	"jixiao"
)

// The rows of a table page: between the horizontal rules where the page
// draws them (ruledRows), else around each row's 总计 (its anchor) in one
// of the rowModes (unruledRows), with the checks that say when a reading
// cannot tell rows apart (countDoubts).

// ruledRows reads the rows between the horizontal rules. Below the last
// rule, lines that follow it closely are a row the page break cut off
// (its closing rule is on the next page); lines further down are outside
// the table.
func ruledRows(body []visualLine, g *pageGrid) (rows []tableRow, after []visualLine) {
	edges := g.rowEdges
	if len(edges) == 0 {
		return nil, body
	}
	rows = make([]tableRow, len(edges))
	used := make([]bool, len(edges))
	bottom := edges[len(edges)-1]
	for i := range body {
		l := &body[i]
		k := rowOf(edges, l.Y-0.3*l.Size)
		switch {
		case k < 0 && g.headerLast >= 0:
			continue // the header's own cell lines
		case k < 0:
			after = append(after, *l)
			continue
		case k == len(edges)-1:
			if l.Top()-bottom > 2*l.Size || isFolio(body, i) {
				after = append(after, *l)
				continue
			}
			bottom = l.Bottom()
		}
		place(&rows[k], l, g)
		used[k] = true
	}
	var out []tableRow
	for k := range rows {
		if used[k] {
			out = append(out, rows[k])
		}
	}
	return out, after
}

// rowOf returns k such that edges[k] <= y < edges[k+1], -1 above the first.
func rowOf(edges []float64, y float64) int {
	if y < edges[0] {
		return -1
	}
	for k := 1; k < len(edges); k++ {
		if y < edges[k] {
			return k - 1
		}
	}
	return len(edges) - 1
}

// unruledRows reads rows where the page draws no rules: each row has its
// 总计 on one line (the anchor), and the mode says where the anchor stands
// in its row. Lines above the first anchor may carry on the row the page
// before broke off.
func (t *pdfTable) unruledRows(body []visualLine, g *pageGrid, m rowMode) (rows []tableRow, after []visualLine) {
	var anchors []int
	for i := range body {
		if _, ok := amountIn(&body[i], g.cols[pcolTotal]); ok {
			anchors = append(anchors, i)
		}
	}
	if len(anchors) == 0 {
		return nil, body
	}
	end, after := tableEnd(body, anchors[len(anchors)-1])
	cuts := t.rowCuts(body, anchors, end, g, m)
	if n := countDoubts(body, anchors, cuts, g, m); n > 0 {
		t.doubts += n
		t.doubtPages = append(t.doubtPages, body[0].n/pdfLineBase)
	}
	for k := 1; k < len(cuts); k++ {
		var r tableRow
		if k == 1 && m == rowsToAnchor {
			for i := range t.pending {
				place(&r, &t.pending[i], g)
			}
			t.pending = nil
		}
		for i := cuts[k-1]; i < cuts[k]; i++ {
			if !isFolio(body, i) {
				place(&r, &body[i], g)
			}
		}
		if k == 1 && cuts[0] > 0 && len(t.rows) > 0 {
			// cuts[0] > 0: lines [0, cuts[0]) carry on the page before's last row.
			var cont tableRow
			for i := 0; i < cuts[0]; i++ {
				place(&cont, &body[i], g)
			}
			t.rows[len(t.rows)-1].appendRow(&cont)
		}
		rows = append(rows, r)
	}
	if m == rowsToAnchor && cuts[len(cuts)-1] < end {
		t.pending = append(t.pending, body[cuts[len(cuts)-1]:end]...)
	}
	return rows, after
}

// isFolio reports whether body line i is a page number: the last line of
// the page (or the first of a page without the header) saying nothing but
// a number. Inside the table a line of digits is a wrapped amount.
func isFolio(body []visualLine, i int) bool {
	return (i == len(body)-1 || i == 0) && isPageNumber(body[i].Text())
}

// rowCuts returns where each row starts on the page, and where the last
// ends: cuts[k-1] to cuts[k] is row k. cuts[0] > 0 means the lines before
// it carry on the page before's last row.
func (t *pdfTable) rowCuts(body []visualLine, anchors []int, end int, g *pageGrid, m rowMode) []int {
	cuts := make([]int, 0, len(anchors)+1)
	switch m {
	case rowsFromAnchor:
		for _, a := range anchors {
			cuts = append(cuts, withAnchor(body, a, -1))
		}
		if len(t.rows) == 0 {
			cuts[0] = 0
		}
		return append(cuts, end)
	case rowsToAnchor:
		cuts = append(cuts, 0)
		for _, a := range anchors {
			cuts = append(cuts, withAnchor(body, a, +1)+1)
		}
		return cuts
	}
	first := 0
	if len(t.rows) > 0 && !rowFinished(&t.rows[len(t.rows)-1]) {
		first = widestGap(body, 0, anchors[0])
	}
	cuts = append(cuts, first)
	for k := range anchors[:len(anchors)-1] {
		cuts = append(cuts, widestGap(body, anchors[k], anchors[k+1]))
	}
	cuts = append(cuts, end)
	if len(t.rows) > 0 && len(anchors) > 2 && centred(body, anchors, cuts) {
		// The page's rows are centred on their anchors, so the first one
		// is too: what stands above it beyond what stands below carries
		// on the row the page broke.
		cuts[0] = centredStart(body, anchors[0], cuts[1])
	}
	return cuts
}

// withAnchor returns the furthest line from anchor a, going up (dir -1) or
// down (+1), that still overlaps the anchor's line: a cell in another font
// sits a little higher or lower than the amount beside it.
func withAnchor(body []visualLine, a, dir int) int {
	i := a
	for j := a + dir; j >= 0 && j < len(body); j += dir {
		if dir > 0 && body[j].Top() >= body[a].Bottom()-0.3*body[a].Size ||
			dir < 0 && body[j].Bottom() <= body[a].Top()+0.3*body[a].Size {
			break
		}
		i = j
	}
	return i
}

// centredStart returns the first line of a row centred on anchor a that
// ends before line end: lines above a that reach further than the row's
// lines below it belong to the row before.
func centredStart(body []visualLine, a, end int) int {
	mid := (body[a].Top() + body[a].Bottom()) / 2
	below := body[end-1].Bottom() - mid
	for i := 0; i < a; i++ {
		if mid-body[i].Top() <= below+0.6*body[a].Size {
			return i
		}
	}
	return a
}

// centred reports whether every whole row of a page (not the first or the
// last, which the page breaks may cut) reaches as far above its anchor as
// below it: the cells are vertically centred.
func centred(body []visualLine, anchors, cuts []int) bool {
	for k := 1; k+1 < len(anchors); k++ {
		a, from, to := anchors[k], cuts[k], cuts[k+1]
		mid := (body[a].Top() + body[a].Bottom()) / 2
		if d := (mid - body[from].Top()) - (body[to-1].Bottom() - mid); d > 1.5*body[a].Size || -d > 1.5*body[a].Size {
			return false
		}
	}
	return true
}

// countDoubts counts the row boundaries of a page the mode cannot place
// with confidence: between two anchors, a widest gap hardly wider than the
// next (rows not parted by padding); for rows aligned to their anchor, a
// text cell that has no line on the anchor's line. The first and last
// rows of a page are cut by the page break and not judged.
func countDoubts(body []visualLine, anchors, cuts []int, g *pageGrid, m rowMode) int {
	n := 0
	if m == rowsByGap {
		for k := 1; k < len(anchors); k++ {
			if !clearGap(body, anchors[k-1], anchors[k]) {
				n++
			}
		}
		return n
	}
	for k := 1; k+1 < len(anchors); k++ {
		a, from, to := anchors[k], cuts[k], cuts[k+1]
		for _, c := range []int{pcolGoal, pcolIndicators} {
			if g.has[c] && hasGlyphsIn(body[from:to], g.cols[c]) && len(glyphsIn(body[a].Glyphs, g.cols[c])) == 0 {
				n++
				break
			}
		}
	}
	return n
}

// clearGap reports whether the widest vertical gap between lines from..to
// stands out: a third wider than any other, or the only one.
func clearGap(lines []visualLine, from, to int) bool {
	first, second := -1e9, -1e9
	for i := from + 1; i <= to; i++ {
		gap := lines[i].Top() - lines[i-1].Bottom()
		switch {
		case gap > first:
			first, second = gap, first
		case gap > second:
			second = gap
		}
	}
	return to-from < 2 || first > 1.3*second+0.5
}

func hasGlyphsIn(lines []visualLine, b band) bool {
	for i := range lines {
		if len(glyphsIn(lines[i].Glyphs, b)) > 0 {
			return true
		}
	}
	return false
}

// widestGap returns the index of the first line after the widest vertical
// gap among lines from..to (to included), or to when they touch.
func widestGap(lines []visualLine, from, to int) int {
	best, at := -1e9, to
	for i := from + 1; i <= to; i++ {
		if gap := lines[i].Top() - lines[i-1].Bottom(); gap > best {
			best, at = gap, i
		}
	}
	if from == to {
		return to
	}
	return at
}

// tableEnd returns where the last row ends: at the first gap of more than
// three lines' height after its anchor (a note under the table), or at
// the page's end; and the lines after it.
func tableEnd(lines []visualLine, last int) (int, []visualLine) {
	for i := last + 1; i < len(lines); i++ {
		if lines[i].Top()-lines[i-1].Bottom() > 3*lines[i].Size {
			return i, lines[i:]
		}
	}
	return len(lines), nil
}

// rowFinished reports whether a row's last cell with text ends as a
// finished row does: indicators end with "。" after a 年度指标值.
func rowFinished(r *tableRow) bool {
	ind := strings.TrimSpace(r.cellText(pcolIndicators))
	if ind == "" {
		return len(r.cells[pcolGoal]) == 0 || strings.HasSuffix(r.cellText(pcolGoal), "。")
	}
	last := strings.LastIndex(ind, jixiao.IndicatorAnnualLabel)
	return last >= 0 && (strings.HasSuffix(ind, "。") || strings.HasSuffix(ind, "."))
}
