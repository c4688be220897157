package pdf

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func decodeText(f *font, s string) string {
	var b strings.Builder
	for _, c := range f.decode(s, nil) {
		b.WriteString(c.text)
	}
	return b.String()
}

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Fonts without ToUnicode in the predefined Adobe-GB1 encodings: the bytes
// are GBK, GB 2312 (EUC) or UCS-2 text, one or two bytes a code.
func TestPredefinedGB1Encodings(t *testing.T) {
	for _, tc := range []struct {
		enc, bytes, want string
		codes            int
	}{
		{"GBK-EUC-H", gbk(t, "培训≥200人次"), "培训≥200人次", 8},
		{"GB-EUC-H", gbk(t, "年度指标值:90%"), "年度指标值:90%", 9},
		{"GBK2K-H", gbk(t, "绩效") + "\x81\x30\x81\x30", "绩效\u0080", 3},
		{"UniGB-UCS2-H", "\x7e\xe9\x65\x48\x00\x31", "绩效1", 3},
		{"UniGB-UTF16-H", "\xd8\x40\xdc\x00\x4e\x00", "\U00020000一", 2},
	} {
		f := &font{type0: true, enc: tc.enc, dw: 1000, scale: 0.001}
		codes := f.decode(tc.bytes, nil)
		if got := decodeText(f, tc.bytes); got != tc.want || len(codes) != tc.codes {
			t.Errorf("%s: %q in %d codes, want %q in %d", tc.enc, got, len(codes), tc.want, tc.codes)
		}
		if f.unknown {
			t.Errorf("%s: marked unknown", tc.enc)
		}
	}
	// Half-width codes advance half as far as the default width.
	f := &font{type0: true, enc: "GBK-EUC-H", dw: 1000, scale: 0.001}
	if c := f.decode("1"+gbk(t, "人"), nil); c[0].width != 0.5 || c[1].width != 1 {
		t.Errorf("widths %v", c)
	}
}

// ToUnicode bfchar and both bfrange forms; Identity-H codes are two bytes;
// W arrays give widths by CID.
func TestToUnicodeAndWidths(t *testing.T) {
	cm := parseCMap([]byte(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0011> <76EE> endbfchar
2 beginbfrange <0020> <0022> <4E00> <0040> <0041> [<D83DDE00> <0031>] endbfrange
endcmap`))
	f := &font{type0: true, enc: "Identity-H", toUni: cm, dw: 1000, scale: 0.001, widths: map[uint32]float64{}}
	objects{}.cidWidths(f, nil)
	f.widths[0x11], f.widths[0x20] = 500, 800
	got := decodeText(f, "\x00\x11\x00\x20\x00\x21\x00\x22\x00\x40\x00\x41\x00\x03")
	if got != "目一丁丂😀1 " {
		t.Errorf("text %q", got)
	}
	if c := f.decode("\x00\x11\x00\x20\x00\x21", nil); c[0].width != 0.5 || c[1].width != 0.8 || c[2].width != 1 {
		t.Errorf("widths %v", c)
	}
	if c := f.decode("\x00\x03", nil); !c[0].space == false {
		t.Errorf("a two-byte code is never the single-byte space: %v", c)
	}
}

func TestRadicalsFold(t *testing.T) {
	for in, want := range map[string]string{"项⽬": "项目", "就业⻅习": "就业见习", "居⺠": "居民", "⻓者⻔": "长者门", "㎡①": "㎡①"} {
		if got := foldRadicals(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestGlyphNames(t *testing.T) {
	for name, want := range map[string]string{"zero": "0", "percent": "%", "uni76EE": "目", "uni76EE7EE9": "目绩", "u1F600": "😀", "A": "A", "g12": ""} {
		if got := glyphText(name); got != want {
			t.Errorf("%s → %q, want %q", name, got, want)
		}
	}
}

func TestWinAnsiPunctuation(t *testing.T) {
	f := &font{scale: 0.001, simple: standardText()}
	if got := decodeText(f, "\x97 3 \x97"); got != "— 3 —" {
		t.Errorf("%q", got)
	}
}
