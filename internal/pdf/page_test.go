package pdf

import (
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// A page's /Rotate turns what is drawn before anyone reads it: a landscape
// table drawn on a portrait page and rotated by 90° reads left to right
// from the top left corner of the page as shown.
func TestPageMatrixRotation(t *testing.T) {
	box := types.NewRectangle(0, 0, 595, 842) // portrait A4 in user space
	for _, tc := range []struct {
		rotate       int
		w, h         float64
		x, y         float64 // a point in user space
		wantX, wantY float64 // where it is shown, from the top left, y down
	}{
		{0, 595, 842, 10, 800, 10, 42},
		{90, 842, 595, 10, 800, 800, 10},
		{180, 595, 842, 10, 800, 585, 800},
		{270, 842, 595, 10, 800, 42, 585},
		{-90, 842, 595, 10, 800, 42, 585},
	} {
		p := &Page{}
		m := pageMatrix(&model.InheritedPageAttrs{MediaBox: box, Rotate: tc.rotate}, p)
		x, y := m.apply(tc.x, tc.y)
		if p.Width != tc.w || p.Height != tc.h || abs(x-tc.wantX) > 1e-9 || abs(y-tc.wantY) > 1e-9 {
			t.Errorf("rotate %d: page %gx%g, (%g,%g) → (%g,%g), want %gx%g (%g,%g)", tc.rotate, p.Width, p.Height, tc.x, tc.y, x, y, tc.w, tc.h, tc.wantX, tc.wantY)
		}
	}
}

// Text set along another direction than left to right (a stamp, a side
// note) is counted and left out of the page's glyphs.
func TestRotatedTextCounted(t *testing.T) {
	p := &Page{Number: 1, Width: 595, Height: 842}
	in := &interp{page: p, fonts: map[types.IndirectRef]*font{}, direct: map[fontKey]*font{}, opsLeft: maxOps}
	in.device = matrix{1, 0, 0, -1, 0, 842}
	in.gs = gstate{ctm: identity, lineWidth: 1, hscale: 1, font: fuzzFont(), size: 9}
	in.run([]byte("BT 1 0 0 1 50 700 Tm <00410042> Tj 0 1 -1 0 300 300 Tm <004100420043> Tj 0.98 0.2 0 1 50 600 Tm <0044> Tj ET"), types.Dict{}, 0)
	if p.Rotated != 3 || len(p.Glyphs) != 3 {
		t.Errorf("rotated %d, glyphs %d (%v); want 3 and 3", p.Rotated, len(p.Glyphs), p.Glyphs)
	}
}
