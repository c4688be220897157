package ingest

import (
	"math"
	"sort"
	"strings"

	"jixiao/internal/pdf"
)

// A page that draws no rules can still show where its table's rows part:
// a cell's padding makes the gap between two rows wider than the gap
// between the wrapped lines of one cell, and wider still than the half
// line a vertically centred neighbour stands off. Where a page's lines are
// spaced that way, each group of lines closer than the usual gap is one
// row, and its cells are the runs of glyphs that stand over one another
// (a cell's wrapped lines start at its left edge). Every row of such a
// page is written as a pipe row, as a ruled band is, so that the form
// reader never takes a cell's second line for a row of its own and reads
// one flattening throughout. A page without padding gives no such sign and
// stays line by line.
//
// Only the form reader is given these rows: running text printed to a PDF
// (the text-flow layout, one cell a line) also has some lines closer than
// the rest, and no cells to make of them.

// formLines writes a page's lines for the form reader: text, the page's
// lines as textLines wrote them, unless the page draws no rules.
func formLines(p *pdf.Page, lines []visualLine, text []cellLine) []cellLine {
	if len(ruleRows(p.Rules)) >= 2 {
		return text
	}
	return unruledLines(p, lines)
}

// readsAsForm reports whether parseText would hand a text to the form
// reader: only then are the lines in rows read instead.
func readsAsForm(text string) bool {
	lines := splitLines(text)
	return !isMarkdown(lines) && !hasPDFHeader(lines) && isFormText(text)
}

// joinCellLines is the text of lines, one a line.
func joinCellLines(lines []cellLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// unruledLines writes the lines of a page without rules: in rows where
// its padding shows them, else as they stand.
func unruledLines(p *pdf.Page, lines []visualLine) []cellLine {
	gap, ok := usualLineGap(lines)
	if !ok {
		return plainLines(p, lines)
	}
	out := make([]cellLine, 0, len(lines))
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && withinRow(&lines[j-1], &lines[j], gap) {
			j++
		}
		out = append(out, unruledRow(lines[i:j]))
		i = j
	}
	return out
}

// rowGapSlack is how much narrower than the usual gap (in font sizes) the
// gap between two lines must be for them to share a row: cell padding of
// a quarter line or more.
const rowGapSlack = 0.25

// withinRow reports whether line b follows line a closely enough, against
// the page's usual gap, to be part of a's row.
func withinRow(a, b *visualLine, gap float64) bool {
	return b.Y-a.Y < gap-rowGapSlack*max(a.Size, b.Size)
}

// usualLineGap returns the most frequent gap between consecutive lines of
// the page (to half a point), when it is seen at least three times and is
// wider than a line: the gap between padded rows of one line each.
func usualLineGap(lines []visualLine) (float64, bool) {
	count, sizes := map[float64]int{}, map[float64]float64{}
	for i := 1; i < len(lines); i++ {
		size := max(lines[i].Size, lines[i-1].Size)
		if d := lines[i].Y - lines[i-1].Y; d > 0 && d < 3*size {
			g := math.Round(2*d) / 2
			count[g]++
			sizes[g] = max(sizes[g], size)
		}
	}
	gap, n := 0.0, 0
	for g, c := range count {
		if c > n || c == n && g < gap {
			gap, n = g, c
		}
	}
	return gap, n >= 3 && gap >= minRowPitch*sizes[gap]
}

// minRowPitch is the least gap (in font sizes) between rows of one line
// that shows padding: one line alone is 1.2 to 1.45 sizes high in the
// usual fonts. On a page without padding a cell wrapped over three lines,
// its neighbours centred on the middle one, looks like three rows
// ("项目资" / "金（万 | 年度资金总额 | 214.06" / "元）"), and the page is
// better left line by line as before.
const minRowPitch = 1.6

// unruledRow writes a group of lines as one pipe row, "| a | b |" (a whole
// row, not one that goes on in the next line): runs of glyphs that overlap
// across the lines are one cell, cells left to right, each cell's lines
// joined as in a ruled band.
func unruledRow(lines []visualLine) cellLine {
	type cell struct {
		x0, x1 float64
		gs     []pdf.Glyph
	}
	var cells []cell
	for i := range lines {
		for _, run := range cellRuns(lines[i].Glyphs) {
			c := cell{x0: run[0].X0, x1: run[len(run)-1].X1, gs: append([]pdf.Glyph(nil), run...)}
			rest := make([]cell, 0, len(cells)+1)
			for _, o := range cells {
				if o.x0 < c.x1 && c.x0 < o.x1 {
					c = cell{x0: min(o.x0, c.x0), x1: max(o.x1, c.x1), gs: append(o.gs, c.gs...)}
					continue
				}
				rest = append(rest, o)
			}
			cells = append(rest, c)
		}
	}
	sort.Slice(cells, func(i, j int) bool { return cells[i].x0 < cells[j].x0 })
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = bandCellText(c.gs)
	}
	return cellLine{n: lines[0].n, text: "| " + strings.Join(parts, " | ") + " |"}
}

// cellRuns cuts a line's glyphs where they stand further apart than most
// of a character: the gap layoutText writes as two spaces, between cells.
func cellRuns(gs []pdf.Glyph) [][]pdf.Glyph {
	var runs [][]pdf.Glyph
	start := 0
	for i := 1; i <= len(gs); i++ {
		if i == len(gs) || gs[i].X0-gs[i-1].X1 > 0.9*gs[i].Size {
			runs = append(runs, gs[start:i])
			start = i
		}
	}
	return runs
}
