package ingest

import (
	"strings"
	"unicode"

	"jixiao"
	"jixiao/internal/pdf"
)

// A PDF page is read as glyphs with positions. pdflines.go groups them
// into visual lines (one baseline, left to right); pdfgrid.go finds the
// table's columns and rows; pdftable.go turns the cells into a Document.

// pdfLineBase numbers a PDF's lines as page*pdfLineBase + line on the
// page, so that a message can say "第 3 页第 12 行" (jixiao.LineLabel).
const pdfLineBase = jixiao.PDFLineBase

// visualLine is a page's line with its number.
type visualLine struct {
	pdf.Line
	n int // page*pdfLineBase + index on the page (1-based)
}

// pageLines numbers a page's lines.
func pageLines(p *pdf.Page) []visualLine {
	ls := p.Lines()
	out := make([]visualLine, len(ls))
	for i, l := range ls {
		out[i] = visualLine{Line: l, n: p.Number*pdfLineBase + min(i+1, pdfLineBase-1)}
	}
	return out
}

// isPageNumber recognises page furniture: "— 3 —", "- 3 -", "3", "第 3 页",
// "第3页 共15页", "3/15".
func isPageNumber(s string) bool {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("—–-－·/第页共", r) {
			return -1
		}
		return r
	}, s)
	if s == "" || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
