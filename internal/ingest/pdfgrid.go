package ingest

import (
	"sort"
	"strings"

	"jixiao"
	"jixiao/internal/pdf"
)

// The seven columns of the official layout, in the order they are printed.
const (
	pcolName = iota
	pcolTotal
	pcolFiscal
	pcolSpecial
	pcolOther
	pcolGoal
	pcolIndicators
	pcols
)

type band struct{ lo, hi float64 }

func (b band) holds(x float64) bool { return x >= b.lo && x < b.hi }

// pageGrid is where one page's table stands: the header's extent, the x band of
// each column and, on a ruled page, the y of each row boundary.
type pageGrid struct {
	headerFirst, headerLast int // indexes of the header's lines
	headerBottom            float64
	cols                    [pcols]band
	has                     [pcols]bool
	ruled                   bool
	rowEdges                []float64 // ruled pages: boundaries below the header, top to bottom
}

// headerRunes are the characters of the header row's column names; a line
// made of nothing else is (part of) the header row.
var headerRunes = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range headerWords + "()（）合计资金来源" {
		m[r] = true
	}
	return m
}()

func isHeaderLine(l *visualLine) bool {
	for _, g := range l.Glyphs {
		for _, r := range g.Text {
			if !headerRunes[r] {
				return false
			}
		}
	}
	return true
}

// findGrid locates the target table's header on a page and derives the
// columns (and, where the page rules its cells, the rows) from it.
func findGrid(p *pdf.Page, lines []visualLine) (*pageGrid, bool) {
	for k := range lines {
		if !strings.Contains(jixiao.CleanText(lines[k].Text()), "总计") || !isHeaderLine(&lines[k]) {
			continue
		}
		g := &pageGrid{headerFirst: k, headerLast: k}
		for g.headerFirst > 0 && isHeaderLine(&lines[g.headerFirst-1]) &&
			lines[g.headerFirst].Top()-lines[g.headerFirst-1].Bottom() < 1.5*lines[k].Size {
			g.headerFirst--
		}
		for g.headerLast+1 < len(lines) && isHeaderLine(&lines[g.headerLast+1]) &&
			lines[g.headerLast+1].Top()-lines[g.headerLast].Bottom() < 1.5*lines[k].Size {
			g.headerLast++
		}
		g.headerBottom = lines[g.headerLast].Bottom()
		if g.columns(p, lines) {
			return g, true
		}
	}
	return nil, false
}

// headerGlyphs returns the glyphs of the header's lines.
func (g *pageGrid) headerGlyphs(lines []visualLine) []pdf.Glyph {
	var gs []pdf.Glyph
	for i := g.headerFirst; i <= g.headerLast; i++ {
		gs = append(gs, lines[i].Glyphs...)
	}
	return gs
}

// columns finds the column bands: between the vertical rules that cross
// the header where the page draws them, else around the header's cells.
// It reports whether the header names the columns a target table has.
func (g *pageGrid) columns(p *pdf.Page, lines []visualLine) bool {
	hg := g.headerGlyphs(lines)
	mid := (lines[g.headerFirst].Top() + g.headerBottom) / 2
	if xs := verticalsAt(p.Rules, mid); len(xs) >= 5 {
		g.ruled = true
		for i := 1; i < len(xs); i++ {
			g.label(band{xs[i-1], xs[i]}, glyphsIn(hg, band{xs[i-1], xs[i]}))
		}
	} else {
		cells := headerCells(hg)
		body := bodyGlyphs(lines[g.headerLast+1:])
		for i, c := range cells {
			lo, hi := 0.0, p.Width
			if i > 0 {
				lo = gapBetween(body, cells[i-1], c)
			}
			if i+1 < len(cells) {
				hi = gapBetween(body, c, cells[i+1])
			}
			g.label(band{lo, hi}, c)
		}
	}
	if !g.has[pcolName] || !g.has[pcolTotal] || !g.has[pcolGoal] && !g.has[pcolIndicators] {
		return false
	}
	if !g.ruled {
		g.fitAmounts(lines[g.headerLast+1:])
	}
	if g.ruled {
		g.rowEdges = horizontalsBelow(p.Rules, g.headerBottom-2, g.cols[pcolName].lo, g.tableRight())
	}
	return true
}

func (g *pageGrid) tableRight() float64 {
	r := 0.0
	for c := range pcols {
		if g.has[c] {
			r = max(r, g.cols[c].hi)
		}
	}
	return r
}

// label names a band by the header text in it.
func (g *pageGrid) label(b band, gs []pdf.Glyph) {
	s := jixiao.CleanText(pdf.JoinGlyphs(sortedForReading(gs)))
	c := -1
	switch {
	case strings.Contains(s, "项目") || strings.Contains(s, "名称") || strings.Contains(s, "使用单位"):
		c = pcolName
	case strings.Contains(s, "总计"):
		c = pcolTotal
	case strings.Contains(s, "专户"):
		c = pcolSpecial
	case strings.Contains(s, "财政"):
		c = pcolFiscal
	case strings.Contains(s, "其他"):
		c = pcolOther
	case strings.Contains(s, "目标"):
		c = pcolGoal
	case strings.Contains(s, "指标"):
		c = pcolIndicators
	}
	if c >= 0 && !g.has[c] {
		g.cols[c], g.has[c] = b, true
	}
}

// sortedForReading orders glyphs by line, then left to right.
func sortedForReading(gs []pdf.Glyph) []pdf.Glyph {
	out := append([]pdf.Glyph(nil), gs...)
	sort.SliceStable(out, func(i, j int) bool {
		if d := out[i].Y - out[j].Y; d > 0.35*out[i].Size || d < -0.35*out[i].Size {
			return d < 0
		}
		return out[i].X0 < out[j].X0
	})
	return out
}

func glyphsIn(gs []pdf.Glyph, b band) []pdf.Glyph {
	var out []pdf.Glyph
	for _, g := range gs {
		if b.holds((g.X0 + g.X1) / 2) {
			out = append(out, g)
		}
	}
	return out
}

// verticalsAt returns the distinct x of the vertical rules crossing y.
func verticalsAt(rules []pdf.Rule, y float64) []float64 {
	var xs []float64
	for _, r := range rules {
		if !r.Horizontal() && r.Y0-1 <= y && y <= r.Y1+1 {
			xs = append(xs, r.X0)
		}
	}
	return cluster(xs, 2)
}

// horizontalsBelow returns the y of the horizontal rules below top that run
// across most of the table (from left to right), merged where they meet.
func horizontalsBelow(rules []pdf.Rule, top, left, right float64) []float64 {
	byY := map[float64][]pdf.Rule{}
	var ys []float64
	for _, r := range rules {
		if r.Horizontal() && r.Y0 > top {
			ys = append(ys, r.Y0)
		}
	}
	ys = cluster(ys, 1.5)
	for _, r := range rules {
		if r.Horizontal() && r.Y0 > top {
			y := nearest(ys, r.Y0)
			byY[y] = append(byY[y], r)
		}
	}
	var out []float64
	for _, y := range ys {
		if covered(byY[y], left, right) >= 0.5*(right-left) {
			out = append(out, y)
		}
	}
	return out
}

// covered returns how much of [left, right] the rules cover.
func covered(rs []pdf.Rule, left, right float64) float64 {
	sort.Slice(rs, func(i, j int) bool { return rs[i].X0 < rs[j].X0 })
	total, end := 0.0, left
	for _, r := range rs {
		lo, hi := max(r.X0, end), min(r.X1, right)
		if hi > lo {
			total += hi - lo
			end = hi
		}
	}
	return total
}

// cluster sorts values and merges those within tol of the previous one.
func cluster(v []float64, tol float64) []float64 {
	sort.Float64s(v)
	var out []float64
	for _, x := range v {
		if n := len(out); n > 0 && x-out[n-1] <= tol {
			continue
		}
		out = append(out, x)
	}
	return out
}

func nearest(v []float64, x float64) float64 {
	best := v[0]
	for _, y := range v {
		if abs(y-x) < abs(best-x) {
			best = y
		}
	}
	return best
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// headerCells groups an unruled header's glyphs into cells: glyphs whose
// x ranges overlap (a cell's wrapped lines) or touch (one line of it).
func headerCells(gs []pdf.Glyph) [][]pdf.Glyph {
	gs = append([]pdf.Glyph(nil), gs...)
	sort.Slice(gs, func(i, j int) bool { return gs[i].X0 < gs[j].X0 })
	var cells [][]pdf.Glyph
	right := -1e9
	for _, g := range gs {
		if n := len(cells); n > 0 && g.X0 <= right+g.Size/4 {
			cells[n-1] = append(cells[n-1], g)
			right = max(right, g.X1)
			continue
		}
		cells = append(cells, []pdf.Glyph{g})
		right = g.X1
	}
	return cells
}

func bodyGlyphs(lines []visualLine) []pdf.Glyph {
	var gs []pdf.Glyph
	for _, l := range lines {
		gs = append(gs, l.Glyphs...)
	}
	return gs
}

// gapBetween returns the x that parts two header cells' columns in the
// body: the middle of the widest stretch between the cells' centres that no
// body glyph covers, or the middle between the cells when none is free.
func gapBetween(body []pdf.Glyph, a, b []pdf.Glyph) float64 {
	lo, hi := centre(a), centre(b)
	type span struct{ lo, hi float64 }
	var cover []span
	for _, g := range body {
		if g.X1 > lo && g.X0 < hi {
			cover = append(cover, span{max(g.X0, lo), min(g.X1, hi)})
		}
	}
	sort.Slice(cover, func(i, j int) bool { return cover[i].lo < cover[j].lo })
	bestLo, bestW, at := 0.0, -1.0, lo
	for _, s := range cover {
		if s.lo-at > bestW {
			bestLo, bestW = at, s.lo-at
		}
		at = max(at, s.hi)
	}
	if hi-at > bestW {
		bestLo, bestW = at, hi-at
	}
	if bestW <= 0 {
		return (right(a) + left(b)) / 2
	}
	return bestLo + bestW/2
}

func centre(gs []pdf.Glyph) float64 { return (left(gs) + right(gs)) / 2 }

func left(gs []pdf.Glyph) float64 {
	l := gs[0].X0
	for _, g := range gs {
		l = min(l, g.X0)
	}
	return l
}

func right(gs []pdf.Glyph) float64 {
	r := gs[0].X1
	for _, g := range gs {
		r = max(r, g.X1)
	}
	return r
}

// fitAmounts moves the edges of the amount columns of an unruled page to
// the amounts themselves. The widest gap between two header cells is no
// edge under right-aligned numbers: a short "0.00" ends far right of it and
// would be read into the goal. Amounts are runs of digits standing apart;
// the money columns end where the rightmost of them ends and begin where
// the leftmost begins.
func (g *pageGrid) fitAmounts(body []visualLine) {
	money := []int{pcolTotal, pcolFiscal, pcolSpecial, pcolOther}
	first, last := -1, -1
	for _, c := range money {
		if g.has[c] {
			if first < 0 {
				first = c
			}
			last = c
		}
	}
	lo, hi := g.cols[first].lo, g.cols[last].hi
	next := -1 // the text column after the money
	for _, c := range []int{pcolGoal, pcolIndicators} {
		if g.has[c] {
			next = c
			break
		}
	}
	left, right, ok := 1e9, -1e9, false
	for i := range body {
		if _, anchor := amountIn(&body[i], g.cols[pcolTotal]); !anchor {
			continue
		}
		// On a row's amount line the amounts follow one another from the
		// 总计 column on; the first run that is no amount is the goal.
		runs := glyphRuns(body[i].Glyphs)
		j := 0
		for j < len(runs) && (runs[j][len(runs[j])-1].X1+runs[j][0].X0)/2 < g.cols[pcolName].hi-1 {
			j++
		}
		for ; j < len(runs); j++ {
			run := amountPrefix(runs[j])
			if !isAmountRun(run) {
				break
			}
			left, right, ok = min(left, run[0].X0), max(right, run[len(run)-1].X1), true
			if len(run) < len(runs[j]) {
				break // text touches the amount: the goal starts there
			}
		}
	}
	if !ok {
		return
	}
	if right+0.5 > hi && next >= 0 {
		g.cols[last].hi, g.cols[next].lo = right+0.5, right+0.5
	}
	if left-0.5 < lo {
		g.cols[first].lo, g.cols[pcolName].hi = left-0.5, left-0.5
	}
}

// glyphRuns splits a line's glyphs where they stand a third of a
// character or more apart.
func glyphRuns(gs []pdf.Glyph) [][]pdf.Glyph {
	var runs [][]pdf.Glyph
	for i, g := range gs {
		if i == 0 || g.X0-gs[i-1].X1 > g.Size/3 {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], g)
	}
	return runs
}

// amountPrefix returns the amount a run starts with when the text after it
// touches it ("0.00通过…": a cell without padding), else the run.
func amountPrefix(run []pdf.Glyph) []pdf.Glyph {
	dot := -1
	for i, g := range run {
		switch {
		case g.Text == ".":
			dot = i
		case len(g.Text) == 1 && (g.Text[0] >= '0' && g.Text[0] <= '9' || g.Text == ","):
		default:
			if dot > 0 && i == dot+3 {
				return run[:i]
			}
			return run
		}
	}
	return run
}

// isAmountRun reports whether glyphs spell an amount: digits with grouping
// commas and a decimal point, nothing else.
func isAmountRun(run []pdf.Glyph) bool {
	digits := 0
	for _, g := range run {
		for _, r := range g.Text {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case r == ',' || r == '.' || r == '-':
			default:
				return false
			}
		}
	}
	return digits > 0
}
