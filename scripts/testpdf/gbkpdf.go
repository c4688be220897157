//go:build ignore

// gbkpdf writes a PDF whose Chinese text is GBK-encoded in a Type 0 font
// with /Encoding /GBK-EUC-H and NO /ToUnicode, not embedded (BaseFont
// /SimSun, descendant CIDFontType2, CIDSystemInfo Adobe-GB1-2), the way old
// Chinese office software writes them; the amounts are in the standard
// Helvetica (Type1, WinAnsiEncoding, also without ToUnicode). A reader must
// map GBK codes to Adobe-GB1 CIDs (the GBK-EUC-H CMap) and CIDs to Unicode
// (Adobe-GB1-UCS2), or decode the bytes as GBK.
//
//	go run scripts/testpdf/gbkpdf.go IN-official.csv OUT.pdf
//
// IN is the CSV of `jixiao export --table official`. Layout: A4 landscape,
// the seven-column grid of the published table; on every page the title,
// the 单位名称 line, 单位：万元 and the header row; cells wrapped by a simple
// character-count rule (CJK = 1 unit, ASCII = 1/2), vertically centred; a row
// that does not fit is split across the page break when at least 2 lines
// fit, else moved to the next page; ruling lines drawn with re / m l and S;
// page number "— n —" at the foot. Text is placed with Tm (first line of a
// cell) and Td (following lines). Content streams are Flate-compressed; the
// xref table is classic and exact.
package main

import (
	"bytes"
	"compress/zlib"
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const (
	pageW, pageH = 842.0, 595.0
	left, right  = 30.0, 812.0
	bottom       = 42.0
	fs           = 8.0  // body font size
	lh           = 10.5 // line height
	pad          = 3.0  // cell padding
)

var colW = []float64{92, 56, 56, 44, 44, 200, 290} // sums to 782 = right-left

// Helvetica advance widths (per 1000) of the characters of an amount.
var helv = map[rune]float64{'0': 556, '1': 556, '2': 556, '3': 556, '4': 556, '5': 556,
	'6': 556, '7': 556, '8': 556, '9': 556, ',': 278, '.': 278, '-': 333, ' ': 278}

func units(r rune) float64 {
	if r < 0x80 {
		return 0.5
	}
	return 1
}

// wrap breaks s into lines of at most capacity units.
func wrap(s string, capacity float64) []string {
	var out []string
	var cur []rune
	w := 0.0
	for _, r := range s {
		if w+units(r) > capacity && len(cur) > 0 {
			out = append(out, string(cur))
			cur, w = nil, 0
		}
		cur = append(cur, r)
		w += units(r)
	}
	if len(cur) > 0 || len(out) == 0 {
		out = append(out, string(cur))
	}
	return out
}

func width(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += units(r)
	}
	return w * size
}

func helvWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += helv[r]
	}
	return w / 1000 * fs
}

var enc = simplifiedchinese.GBK.NewEncoder()

// gbk gives s as a PDF hex string of its GBK bytes.
func gbk(s string) string {
	b, err := enc.Bytes([]byte(s))
	if err != nil {
		log.Fatalf("%q: not in GBK: %v", s, err)
	}
	return fmt.Sprintf("<%X>", b)
}

func money(s string) string {
	if s == "" {
		return ""
	}
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + (frac + "00")[:2]
	if neg {
		out = "-" + out
	}
	return out
}

type row struct {
	cells [7][]string // lines of each cell
	nums  [7]bool     // amount cells (Helvetica, right-aligned)
}

func (r row) lines() int {
	n := 1
	for _, c := range r.cells {
		n = max(n, len(c))
	}
	return n
}

type page struct{ b bytes.Buffer }

func (p *page) f(format string, a ...any) { fmt.Fprintf(&p.b, format, a...) }

func colX(i int) float64 {
	x := left
	for _, w := range colW[:i] {
		x += w
	}
	return x
}

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: gbkpdf IN-official.csv OUT.pdf")
	}
	in, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(in), "\ufeff"))).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	title, org, unit := recs[0][0], recs[1][0], recs[1][6]

	capOf := func(i int) float64 { return (colW[i] - 2*pad) / fs }
	var header row
	for i, h := range recs[2] {
		header.cells[i] = wrap(h, capOf(i))
	}
	var rows []row
	for _, rec := range recs[3:] {
		var r row
		for i := 0; i < 7; i++ {
			v := ""
			if i < len(rec) {
				v = rec[i]
			}
			if i >= 1 && i <= 4 {
				r.nums[i] = true
				if v != "" {
					r.cells[i] = []string{money(v)}
				}
				continue
			}
			if v != "" {
				r.cells[i] = wrap(v, capOf(i))
			}
		}
		rows = append(rows, r)
	}

	var pages []*page
	var p *page
	var y, tableTop float64
	var hlines []float64 // y of horizontal rules on the current page

	// drawCell writes lines of cell i between top and top-h, vertically
	// centred when middle, else from the top.
	drawCell := func(r row, i int, lines []string, top, h float64, middle, center bool) {
		if len(lines) == 0 {
			return
		}
		off := 0.0
		if middle {
			off = (h - 2*pad - float64(len(lines))*lh) / 2
		}
		base := top - pad - off - lh + 2.6 // baseline of the first line
		if r.nums[i] {
			s := lines[0]
			x := colX(i) + colW[i] - pad - helvWidth(s)
			p.f("BT /F2 %.0f Tf 1 0 0 1 %.2f %.2f Tm (%s) Tj ET\n", fs, x, base, s)
			return
		}
		if center {
			for k, l := range lines {
				x := colX(i) + (colW[i]-width(l, fs))/2
				p.f("BT /F1 %.0f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET\n", fs, x, base-float64(k)*lh, gbk(l))
			}
			return
		}
		p.f("BT /F1 %.0f Tf 1 0 0 1 %.2f %.2f Tm %s Tj", fs, colX(i)+pad, base, gbk(lines[0]))
		for _, l := range lines[1:] {
			p.f("\n0 %.1f Td %s Tj", -lh, gbk(l))
		}
		p.f(" ET\n")
	}

	finishPage := func() {
		if p == nil {
			return
		}
		// ruling lines: outer box with re, inner lines with m/l, one S
		p.f("0.6 w 0 G\n%.2f %.2f %.2f %.2f re\n", left, y, right-left, tableTop-y)
		for _, hy := range hlines {
			p.f("%.2f %.2f m %.2f %.2f l\n", left, hy, right, hy)
		}
		for i := 1; i < 7; i++ {
			p.f("%.2f %.2f m %.2f %.2f l\n", colX(i), tableTop, colX(i), y)
		}
		p.f("S\n")
		foot := fmt.Sprintf("— %d —", len(pages))
		p.f("BT /F1 9 Tf 1 0 0 1 %.2f 24 Tm %s Tj ET\n", (pageW-width(foot, 9))/2, gbk(foot))
	}

	newPage := func() {
		finishPage()
		p = &page{}
		pages = append(pages, p)
		p.f("BT /F1 14 Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET\n", (pageW-width(title, 14))/2, pageH-44, gbk(title))
		p.f("BT /F1 9 Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET\n", left, pageH-66, gbk(org))
		p.f("BT /F1 9 Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET\n", right-width(unit, 9), pageH-66, gbk(unit))
		tableTop = pageH - 72
		y = tableTop
		hlines = nil
		h := float64(header.lines())*lh + 2*pad
		for i := range header.cells {
			drawCell(header, i, header.cells[i], y, h, true, true)
		}
		y -= h
		hlines = append(hlines, y)
	}

	newPage()
	for _, r := range rows {
		n := r.lines()
		if len(r.cells[0]) == 0 {
			r.cells[0] = []string{""}
		}
		from := 0 // first line of the row still to place
		for from < n {
			rest := n - from
			h := float64(rest)*lh + 2*pad
			if y-h >= bottom {
				for i := range r.cells {
					cl := r.cells[i]
					if from > 0 {
						cl = sliceLines(cl, from, n)
					}
					drawCell(r, i, cl, y, h, from == 0, false)
				}
				y -= h
				hlines = append(hlines, y)
				break
			}
			k := int((y - bottom - 2*pad) / lh) // lines that fit here
			if k < 2 || rest-k < 1 {
				newPage()
				continue
			}
			h = float64(k)*lh + 2*pad
			for i := range r.cells {
				drawCell(r, i, sliceLines(r.cells[i], from, from+k), y, h, false, false)
			}
			y -= h
			from += k
			log.Printf("row %q split after line %d of %d at the foot of page %d", r.cells[0][0], from, n, len(pages))
			newPage()
		}
	}
	finishPage()
	write(os.Args[2], title, pages)
}

func sliceLines(l []string, from, to int) []string {
	if from >= len(l) {
		return nil
	}
	return l[from:min(to, len(l))]
}

func utf16hex(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

func write(name, title string, pages []*page) {
	// objects: 1 catalog, 2 pages, 3 info, 4 Type0 font, 5 CIDFont,
	// 6 descriptor, 7 Helvetica, then page and content pairs.
	var objs []string
	n := len(pages)
	kids := make([]string, n)
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 8+2*i)
	}
	objs = append(objs,
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n),
		fmt.Sprintf("<< /Title %s /Producer (jixiao scripts/testpdf/gbkpdf.go) /CreationDate (D:20240115090000+08'00') >>", utf16hex(title)),
		"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [5 0 R] >>",
		// GBK-EUC-H maps 0x20 to CID 7716 and 0x21-0x7E to CIDs 814-907,
		// the half-width forms of Adobe-GB1.
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 /W [814 907 500 7716 7716 500] >>",
		"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [-8 -145 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 50 >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	)
	var streams = map[int][]byte{}
	for i, p := range pages {
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] /Resources << /Font << /F1 4 0 R /F2 7 0 R >> /ProcSet [/PDF /Text] >> /Contents %d 0 R >>", pageW, pageH, 9+2*i))
		var z bytes.Buffer
		w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		w.Write(p.b.Bytes())
		w.Close()
		streams[len(objs)+1] = z.Bytes()
		objs = append(objs, fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>", z.Len()))
	}
	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs)+1)
	for i, o := range objs {
		num := i + 1
		offs[num] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\n", num, o)
		if s, ok := streams[num]; ok {
			out.WriteString("stream\n")
			out.Write(s)
			out.WriteString("\nendstream\n")
		}
		out.WriteString("endobj\n")
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs[1:] {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	if err := os.WriteFile(name, out.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
