package ingest

import (
	"sort"
	"strings"

	"jixiao/internal/pdf"
)

// A PDF that is not the Guangzhou table (a one-project form, a table
// printed as running text) is handed to the text readers as lines. Where
// the page rules its cells, each band between two horizontal rules becomes
// one pipe row, "a | b | c", with each cell's wrapped lines joined: the
// flattening the form reader reads best, and one in which a cell's text
// never runs into its neighbour's. Lines outside the rules, and pages
// without rules, are written as they stand (layoutText).

// textLines writes a page's lines for the text readers.
func textLines(p *pdf.Page, lines []visualLine) []cellLine {
	ys := ruleRows(p.Rules)
	if len(ys) < 2 {
		return plainLines(p, lines)
	}
	var out []cellLine
	band := -1
	var cur []*visualLine
	flush := func() {
		if len(cur) > 0 {
			out = append(out, pipeRow(p, cur, ys[band], ys[band+1]))
		}
		cur = nil
	}
	for i := range lines {
		l := &lines[i]
		k := rowOf(ys, l.Y-0.3*l.Size)
		if k < 0 || k >= len(ys)-1 {
			flush()
			band = -1
			out = append(out, plainLines(p, lines[i:i+1])...)
			continue
		}
		if k != band {
			flush()
			band = k
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

func plainLines(p *pdf.Page, lines []visualLine) []cellLine {
	out := make([]cellLine, 0, len(lines))
	for i := range lines {
		l := &lines[i]
		out = append(out, cellLine{n: l.n, text: layoutText(l.Glyphs, verticalsAt(p.Rules, l.Y-0.3*l.Size))})
	}
	return out
}

// ruleRows returns the y of the horizontal rules, merged where close.
func ruleRows(rules []pdf.Rule) []float64 {
	var ys []float64
	for _, r := range rules {
		if r.Horizontal() && r.X1-r.X0 > 10 {
			ys = append(ys, r.Y0)
		}
	}
	return cluster(ys, 1.5)
}

// pipeRow joins the lines of one band between two rules into a row of
// cells, parted by the vertical rules that cross the band.
func pipeRow(p *pdf.Page, lines []*visualLine, top, bottom float64) cellLine {
	xs := verticalsAt(p.Rules, (top+bottom)/2)
	cells := make([][]pdf.Glyph, len(xs)+1)
	for _, l := range lines {
		for _, g := range l.Glyphs {
			c := sort.SearchFloat64s(xs, (g.X0+g.X1)/2)
			cells[c] = append(cells[c], g)
		}
	}
	parts := make([]string, 0, len(cells))
	for _, gs := range cells {
		if len(gs) == 0 && len(parts) == 0 {
			continue // left of the table's first rule: nothing
		}
		parts = append(parts, bandCellText(gs))
	}
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return cellLine{n: lines[0].n, text: strings.Join(parts, " | ") + " |"}
}

// bandCellText joins a cell's glyphs line by line, the lines without a space
// (wrapping in these tables cuts words anywhere).
func bandCellText(gs []pdf.Glyph) string {
	gs = sortedForReading(gs)
	var b strings.Builder
	for i, g := range gs {
		if i > 0 && abs(g.Y-gs[i-1].Y) <= 0.35*g.Size && g.X0-gs[i-1].X1 > g.Size/5 {
			b.WriteByte(' ')
		}
		b.WriteString(g.Text)
	}
	return b.String()
}
