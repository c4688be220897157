package pdf

import (
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// The content interpreter and the CMap reader take bytes a PDF's author
// chose; for any of them they must end, without a panic, within the limits.

func FuzzContent(f *testing.F) {
	f.Add([]byte("BT /F1 9 Tf 1 0 0 1 36 500 Tm (A\\101) Tj [(B) -250 (C)] TJ T* 12 TL (D) ' 1 2 (E) \" ET"))
	f.Add([]byte("q 1 0 0 -1 0 842 cm 0.5 w 10 10 m 200 10 l S 10 10 100 0.8 re f Q BI /W 1 ID \x00\xff EI"))
	f.Add([]byte("[[[[[[[[[[ << /A << /B [1 2] >> >> ] (unclosed"))
	f.Fuzz(func(t *testing.T, content []byte) {
		p := &Page{Number: 1, Width: 595, Height: 842}
		in := &interp{page: p, fonts: map[types.IndirectRef]*font{}, direct: map[fontKey]*font{}}
		in.device = matrix{1, 0, 0, -1, 0, 842}
		in.gs = gstate{ctm: identity, lineWidth: 1, hscale: 1, font: fuzzFont(), size: 9}
		in.opsLeft = maxOps
		in.run(content, types.Dict{}, 0)
		if len(p.Glyphs) > maxGlyphs || len(p.Rules) > maxRules {
			t.Fatalf("%d glyphs, %d rules: over the limits", len(p.Glyphs), len(p.Rules))
		}
	})
}

func FuzzCMap(f *testing.F) {
	f.Add([]byte("1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0003> <0020> <0011> <76EE> endbfchar 1 beginbfrange <0020> <0030> <4E00> endbfrange 1 beginbfrange <0040> <0042> [<0041> <D83DDE00> <0043>] endbfrange"))
	f.Add([]byte("beginbfrange <00> <FFFFFFFF> <0000> endbfrange"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := parseCMap(data)
		if len(m.uni) > maxCMapEntries {
			t.Fatalf("%d entries, over the limit", len(m.uni))
		}
		m.codeLen("\x00\x01\x02\x03")
	})
}

func fuzzFont() *font {
	f := &font{type0: true, enc: "Identity-H", dw: 1000, scale: 0.001, vscale: 1, widths: map[uint32]float64{}}
	f.toUni = parseCMap([]byte("1 beginbfrange <0000> <00FF> <0000> endbfrange"))
	return f
}
