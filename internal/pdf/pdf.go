// Package pdf reads the text of a PDF with each glyph's position, and the
// ruling lines of its pages, in pure Go.
//
// pdfcpu (github.com/pdfcpu/pdfcpu) reads the file's structure: xref tables
// and streams, object streams, incremental updates, the stream filters and
// standard-security decryption. This package interprets the pages' content
// streams on top of it, which pdfcpu leaves to its users: the text state,
// the fonts that Chinese PDFs use (Type0/CID with ToUnicode, the predefined
// Adobe-GB1 encodings without it, TrueType, Type1 and Type3 simple fonts),
// form XObjects, and the horizontal and vertical lines that rule a table.
// It draws nothing and knows nothing of tables; internal/ingest builds the
// table from what it returns.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() {
	// pdfcpu would otherwise write a configuration folder under the user's
	// home on first use; a reader must not touch the disk.
	model.ConfigPath = "disable"
}

// Errors Open returns, for the caller to explain to a user.
var (
	ErrEncrypted = errors.New("pdf: encrypted with a password")
	ErrDamaged   = errors.New("pdf: damaged or not a PDF")
)

// maxDecoded bounds the decoded bytes of any one stream.
const maxDecoded = 32 << 20

// Doc is an opened PDF.
type Doc struct {
	obj   objects
	fonts map[types.IndirectRef]*font
	pages int
	ops   int // operators run on all pages so far, against maxDocOps
}

// Page is what one page shows, in points, with the origin at the top left
// of the page as displayed (y grows downwards).
type Page struct {
	Number        int
	Width, Height float64
	Glyphs        []Glyph // in content-stream order
	Rules         []Rule
	ImageArea     float64 // area covered by images (a scan covers the page)
	Unmapped      int     // glyphs whose text the fonts do not say
	Rotated       int     // glyphs not set left to right (rotated or vertical text), left out
	Truncated     bool    // a work limit was reached; the page is incomplete
}

// Glyph is one shown character (or ligature).
type Glyph struct {
	Text   string
	X0, X1 float64 // left and right of the advance box
	Y      float64 // baseline
	Size   float64 // font size on the page
}

// Rule is a horizontal (Y0 == Y1) or vertical (X0 == X1) line.
type Rule struct {
	X0, Y0, X1, Y1 float64
	Width          float64
}

// Horizontal reports whether the rule runs across the page.
func (r Rule) Horizontal() bool { return r.Y0 == r.Y1 }

// Open reads a PDF's structure. A file that needs a password gives
// ErrEncrypted; one that cannot be read, ErrDamaged (wrapped with detail).
func Open(data []byte) (d *Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Limits.MaxDecodeBytes = maxDecoded
	conf.Limits.MaxStreamBytes = maxDecoded
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(err.Error(), "password") {
			return nil, ErrEncrypted
		}
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return &Doc{obj: objects{x: ctx.XRefTable, maxBytes: maxDecoded, decoded: map[int][]byte{}}, fonts: map[types.IndirectRef]*font{}, pages: ctx.PageCount}, nil
}

// Pages returns the number of pages.
func (d *Doc) Pages() int { return d.pages }

// Page reads page n (1-based).
func (d *Doc) Page(n int) (p *Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, n, r)
		}
	}()
	pd, _, inh, err := d.obj.x.PageDict(n, false)
	if err != nil {
		return nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, n, err)
	}
	p = &Page{Number: n}
	in := &interp{obj: d.obj, fonts: d.fonts, direct: map[fontKey]*font{}, page: p}
	in.device = pageMatrix(inh, p)
	in.gs = gstate{ctm: identity, lineWidth: 1, hscale: 1}
	content, err := d.obj.x.PageContent(pd, n)
	if err != nil && !errors.Is(err, model.ErrNoContent) {
		return nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, n, err)
	}
	in.opsLeft = maxDocOps - d.ops
	in.run(content, inh.Resources, 0)
	d.ops += in.ops
	p.Truncated = in.over
	return p, nil
}

// pageMatrix maps user space to displayed page space (origin top left, y
// down), honouring the crop box and the page's /Rotate.
func pageMatrix(inh *model.InheritedPageAttrs, p *Page) matrix {
	box := inh.MediaBox
	if inh.CropBox != nil {
		box = inh.CropBox
	}
	if box == nil {
		box = types.RectForFormat("A4")
	}
	llx, lly, urx, ury := box.LL.X, box.LL.Y, box.UR.X, box.UR.Y
	w, h := urx-llx, ury-lly
	switch ((inh.Rotate % 360) + 360) % 360 {
	case 90:
		p.Width, p.Height = h, w
		return matrix{0, 1, 1, 0, -lly, -llx}
	case 180:
		p.Width, p.Height = w, h
		return matrix{-1, 0, 0, 1, urx, -lly}
	case 270:
		p.Width, p.Height = h, w
		return matrix{0, -1, -1, 0, ury, urx}
	}
	p.Width, p.Height = w, h
	return matrix{1, 0, 0, -1, -llx, ury}
}
