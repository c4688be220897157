package pdf

import (
	"sort"
	"strings"
	"unicode"
)

// Line is the glyphs of a page that share a baseline, left to right.
type Line struct {
	Y      float64 // baseline
	Size   float64 // the largest font size on the line
	Glyphs []Glyph
}

// Top and Bottom bound the line's glyphs (ascent and descent of a CJK font).
func (l *Line) Top() float64    { return l.Y - 0.88*l.Size }
func (l *Line) Bottom() float64 { return l.Y + 0.12*l.Size }

// Text joins the line's glyphs, with a space where they stand apart.
func (l *Line) Text() string { return JoinGlyphs(l.Glyphs) }

// JoinGlyphs joins glyphs ordered left to right; a gap of a third of the
// font size or more between two of them reads as a space.
func JoinGlyphs(gs []Glyph) string {
	var b strings.Builder
	for i, g := range gs {
		if i > 0 && g.X0-gs[i-1].X1 > g.Size/3 {
			b.WriteByte(' ')
		}
		b.WriteString(g.Text)
	}
	return b.String()
}

// Lines groups the page's visible glyphs into lines, top to bottom. White
// space glyphs are dropped: gaps say where words part.
func (p *Page) Lines() []Line {
	gs := make([]Glyph, 0, len(p.Glyphs))
	for _, g := range p.Glyphs {
		if strings.TrimFunc(g.Text, unicode.IsSpace) != "" && g.Size > 0 {
			gs = append(gs, g)
		}
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].Y < gs[j].Y })
	var lines []Line
	for _, g := range gs {
		if k := len(lines) - 1; k >= 0 && g.Y-lines[k].Y <= 0.35*max(lines[k].Size, g.Size) {
			lines[k].Glyphs = append(lines[k].Glyphs, g)
			lines[k].Size = max(lines[k].Size, g.Size)
			continue
		}
		lines = append(lines, Line{Y: g.Y, Size: g.Size, Glyphs: []Glyph{g}})
	}
	for i := range lines {
		sort.SliceStable(lines[i].Glyphs, func(a, b int) bool { return lines[i].Glyphs[a].X0 < lines[i].Glyphs[b].X0 })
	}
	return lines
}

// Text returns the page's lines, one per text line.
func (p *Page) Text() string {
	var b strings.Builder
	for _, l := range p.Lines() {
		b.WriteString(l.Text())
		b.WriteByte('\n')
	}
	return b.String()
}

// StreamText returns the page's glyphs in the order the content stream
// shows them, with nothing between: what a producer wrote together (a
// cell's wrapped lines) stays together, as pdftotext -raw gives it.
func (p *Page) StreamText() string {
	var b strings.Builder
	for _, g := range p.Glyphs {
		b.WriteString(g.Text)
	}
	return b.String()
}

// PagesText opens a PDF and returns each page's StreamText: for tests and
// tools that check what a printed PDF says.
func PagesText(data []byte) ([]string, error) {
	d, err := Open(data)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, d.Pages())
	for n := 1; n <= d.Pages(); n++ {
		p, err := d.Page(n)
		if err != nil {
			return nil, err
		}
		out = append(out, p.StreamText())
	}
	return out, nil
}
