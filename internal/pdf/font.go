package pdf

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/unicode/norm"
)

// font turns the bytes of a shown string into codes, text and advances.
//
// Chinese PDFs use Type0 (CID) fonts: Identity-H with a ToUnicode CMap
// (Chromium, LibreOffice, Word), or a predefined Adobe-GB1 encoding such
// as GBK-EUC-H or UniGB-UCS2-H, often with no ToUnicode at all (older
// producers; the font is not embedded). For the predefined ones the bytes
// themselves are GBK or UCS-2 text, so no CID table is needed. Simple fonts
// (Type1, TrueType, Type3) carry the digits and Latin text.
type font struct {
	type0   bool
	enc     string // Type0: the encoding CMap's name ("" for an embedded one)
	embCMap *cmap  // Type0 with an embedded encoding CMap: its codespace
	toUni   *cmap
	simple  [256]string // simple fonts without ToUnicode: text by code

	widths  map[uint32]float64 // glyph space (1/1000 em, or the Type3 matrix's units)
	dw      float64            // default width
	scale   float64            // glyph space to text space (1/1000, or FontMatrix[0])
	vscale  float64            // the font's height in text space per unit of size
	unknown bool               // codes cannot be mapped to Unicode
}

// glyphCode is one code of a shown string.
type glyphCode struct {
	text  string  // Unicode text; "" when it cannot be known
	width float64 // advance in text space per unit of font size
	space bool    // the single-byte code 32, to which word spacing applies
}

// decode splits s into the font's codes.
func (f *font) decode(s string, out []glyphCode) []glyphCode {
	for len(s) > 0 {
		n := f.codeLen(s)
		if n > len(s) {
			n = len(s)
		}
		code := s[:n]
		s = s[n:]
		out = append(out, glyphCode{text: f.text(code), width: f.width(code), space: n == 1 && code[0] == ' '})
	}
	return out
}

func (f *font) codeLen(s string) int {
	if !f.type0 {
		return 1
	}
	if f.embCMap != nil {
		if n := f.embCMap.codeLen(s); n > 0 {
			return n
		}
	}
	c := s[0]
	switch {
	case strings.HasPrefix(f.enc, "GBK") || strings.HasPrefix(f.enc, "GBpc") || strings.HasPrefix(f.enc, "GBT"):
		if c <= 0x80 || len(s) < 2 {
			return 1
		}
		if f.enc != "GBK-EUC-H" && f.enc != "GBK-EUC-V" && len(s) >= 4 && s[1] >= 0x30 && s[1] <= 0x39 {
			return 4 // GBK2K: a four-byte GB 18030 code
		}
		return 2
	case strings.HasPrefix(f.enc, "GB-"):
		if c < 0xA1 || len(s) < 2 {
			return 1
		}
		return 2
	case strings.HasPrefix(f.enc, "UniGB-UTF16"):
		if c >= 0xD8 && c <= 0xDB && len(s) >= 4 {
			return 4
		}
		return 2
	}
	if f.embCMap == nil && f.toUni != nil && !strings.HasPrefix(f.enc, "Identity") {
		if n := f.toUni.codeLen(s); n > 0 {
			return n
		}
	}
	return 2 // Identity-H/V codes are two bytes, whatever ToUnicode's codespace says
}

// text returns the Unicode text of one code, "" when it cannot be known.
func (f *font) text(code string) string {
	if f.toUni != nil {
		if t, ok := f.toUni.uni[codeOf(code)]; ok {
			return t
		}
	}
	if !f.type0 {
		return f.simple[code[0]]
	}
	switch {
	case strings.HasPrefix(f.enc, "UniGB-UCS2"), strings.HasPrefix(f.enc, "UniGB-UTF16"):
		return utf16Text(code)
	case strings.HasPrefix(f.enc, "GB"):
		if len(code) == 1 {
			return string(rune(code[0]))
		}
		t, err := simplifiedchinese.GB18030.NewDecoder().String(code)
		if err != nil || !utf8.ValidString(t) || strings.ContainsRune(t, utf8.RuneError) {
			return ""
		}
		return t
	}
	return ""
}

func (f *font) width(code string) float64 {
	w := f.dw
	switch {
	case !f.type0 || f.cidIsCode():
		if wd, ok := f.widths[codeOf(code)]; ok {
			w = wd
		}
	case len(code) == 1:
		w = f.dw / 2 // a half-width (Latin) code of a GB encoding
	}
	return w * f.scale
}

// cidIsCode reports whether the codes are the CIDs that W indexes.
func (f *font) cidIsCode() bool {
	return !f.type0 || strings.HasPrefix(f.enc, "Identity") || f.enc == ""
}

// loadFont reads a font dictionary.
func (o objects) loadFont(d types.Dict) *font {
	f := &font{scale: 0.001, vscale: 1, widths: map[uint32]float64{}}
	if tu := o.stream(d["ToUnicode"]); tu != nil {
		f.toUni = parseCMap(tu)
		if len(f.toUni.uni) == 0 {
			f.toUni = nil
		}
	}
	switch o.name(d["Subtype"]) {
	case "Type0":
		o.loadType0(f, d)
	case "Type3":
		o.loadSimple(f, d)
		if m := o.nums(d["FontMatrix"]); len(m) == 6 {
			f.scale = m[0]
			if m[3] != 0 {
				f.vscale = abs(m[3]) * 1000
			}
		}
	default:
		o.loadSimple(f, d)
	}
	return f
}

func (o objects) loadType0(f *font, d types.Dict) {
	f.type0 = true
	f.dw = 1000
	switch e := o.deref(d["Encoding"]).(type) {
	case types.Name:
		f.enc = string(e)
	case types.StreamDict:
		f.embCMap = parseCMap(o.stream(e))
		f.enc = o.name(e.Dict["CMapName"])
	}
	desc := o.array(d["DescendantFonts"])
	if len(desc) > 0 {
		cid := o.dict(desc[0])
		f.dw = o.num(cid["DW"], 1000)
		o.cidWidths(f, o.array(cid["W"]))
	}
	if f.toUni == nil && f.cidIsCode() {
		// Identity codes are glyph ids: without ToUnicode nothing says
		// which character each is.
		f.unknown = true
	}
}

// cidWidths reads a W array: "c [w1 w2 …]" and "cfirst clast w" entries.
func (o objects) cidWidths(f *font, w types.Array) {
	for i := 0; i < len(w) && len(f.widths) < maxCMapEntries; {
		c := o.num(w[i], -1)
		if c < 0 || i+1 >= len(w) {
			return
		}
		if a := o.array(w[i+1]); a != nil {
			for k, v := range a {
				f.widths[uint32(c)+uint32(k)] = o.num(v, f.dw)
			}
			i += 2
			continue
		}
		if i+2 >= len(w) {
			return
		}
		last, wd := o.num(w[i+1], c), o.num(w[i+2], f.dw)
		for k := c; k <= last && k-c < maxCMapEntries && len(f.widths) < maxCMapEntries; k++ {
			f.widths[uint32(k)] = wd
		}
		i += 3
	}
}

func (o objects) loadSimple(f *font, d types.Dict) {
	first := int(o.num(d["FirstChar"], 0))
	for i, w := range o.nums(d["Widths"]) {
		if c := first + i; c >= 0 && c < 256 {
			f.widths[uint32(c)] = w
		}
	}
	f.dw = o.num(o.dict(d["FontDescriptor"])["MissingWidth"], 0)
	if len(f.widths) == 0 {
		f.dw = 500 // a standard font without Widths: about half an em
	}
	f.simple = standardText()
	switch e := o.deref(d["Encoding"]).(type) {
	case types.Dict:
		o.differences(f, o.array(e["Differences"]))
	}
	if f.toUni == nil && d["Subtype"] == types.Name("Type3") && o.deref(d["Encoding"]) == nil {
		f.unknown = true
	}
}

// differences applies an encoding's Differences array by glyph name.
func (o objects) differences(f *font, a types.Array) {
	code := 0
	for _, e := range a {
		switch v := o.deref(e).(type) {
		case types.Integer:
			code = int(v)
		case types.Name:
			if code >= 0 && code < 256 {
				f.simple[code] = glyphText(string(v))
			}
			code++
		}
	}
}

// standardText maps single-byte codes as WinAnsiEncoding does: ASCII,
// Latin-1, and Windows-1252's punctuation in 0x80–0x9F (the "—" of a
// "— 3 —" page number is 0x97).
func standardText() [256]string {
	var t [256]string
	for c := 32; c < 256; c++ {
		t[c] = string(rune(c))
	}
	for c, r := range winAnsiHigh {
		t[c] = string(r)
	}
	return t
}

var winAnsiHigh = map[int]rune{
	0x80: '€', 0x82: '‚', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x89: '‰', 0x8B: '‹',
	0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x99: '™', 0x9B: '›',
}

// glyphText maps a glyph name to its text: uniXXXX, uXXXX(XX), and the
// names of ASCII characters; "" for names it does not know.
func glyphText(name string) string {
	if r, ok := glyphNames[name]; ok {
		return string(r)
	}
	if len(name) == 1 {
		return name
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 {
		var u []uint16
		for i := 3; i+4 <= len(name); i += 4 {
			v, ok := hex16(name[i : i+4])
			if !ok {
				return ""
			}
			u = append(u, v)
		}
		return string(utf16.Decode(u))
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		var r rune
		for _, c := range name[1:] {
			v, ok := hexVal(byte(c))
			if !ok {
				return ""
			}
			r = r<<4 | rune(v)
		}
		return string(r)
	}
	return ""
}

func hex16(s string) (uint16, bool) {
	var v uint16
	for i := 0; i < len(s); i++ {
		h, ok := hexVal(s[i])
		if !ok {
			return 0, false
		}
		v = v<<4 | uint16(h)
	}
	return v, true
}

var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$', "percent": '%',
	"ampersand": '&', "quotesingle": '\'', "quoteright": '\'', "parenleft": '(', "parenright": ')',
	"asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-', "minus": '-', "period": '.', "slash": '/',
	"zero": '0', "one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6', "seven": '7',
	"eight": '8', "nine": '9', "colon": ':', "semicolon": ';', "less": '<', "equal": '=', "greater": '>',
	"question": '?', "at": '@', "bracketleft": '[', "backslash": '\\', "bracketright": ']',
	"asciicircum": '^', "underscore": '_', "grave": '`', "quoteleft": '`', "braceleft": '{', "bar": '|',
	"braceright": '}', "asciitilde": '~', "endash": '–', "emdash": '—', "bullet": '•',
	"greaterequal": '≥', "lessequal": '≤', "multiply": '×', "divide": '÷', "degree": '°',
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// foldRadicals maps the radical forms that some ToUnicode maps give
// ("⽬" U+2F6C for 目, "⻅" U+2EC5 for 见, as Chromium writes for Noto CJK)
// to the unified ideographs a reader typed. Kangxi radicals and CJK
// compatibility ideographs fold by NFKC; the CJK Radicals Supplement has no
// decomposition, so its characters that stand for a whole simplified or
// traditional character are listed (after Unicode's
// EquivalentUnifiedIdeograph.txt). Only these blocks are folded: NFKC of
// all the text would also rewrite ㎡ and ①.
func foldRadicals(s string) string {
	for _, r := range s {
		if isRadical(r) {
			return strings.Map(foldRadical, s)
		}
	}
	return s
}

func foldRadical(r rune) rune {
	if u, ok := radicalSupplement[r]; ok {
		return u
	}
	if r >= 0x2F00 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF {
		if s := []rune(norm.NFKC.String(string(r))); len(s) == 1 {
			return s[0]
		}
	}
	return r
}

func isRadical(r rune) bool {
	return r >= 0x2F00 && r <= 0x2FDF || r >= 0x2E80 && r <= 0x2EFF || r >= 0xF900 && r <= 0xFAFF
}

var radicalSupplement = map[rune]rune{
	0x2E81: '厂', 0x2E84: '乙', 0x2E86: '冂', 0x2E8A: '卜', 0x2E8C: '小', 0x2E8D: '小', 0x2E8F: '尢',
	0x2E92: '巳', 0x2E93: '幺', 0x2E95: '彐', 0x2E97: '心', 0x2E99: '攵', 0x2E9B: '旡', 0x2E9D: '月',
	0x2E9F: '母', 0x2EA0: '民', 0x2EA2: '水', 0x2EA4: '爫', 0x2EA7: '牛', 0x2EA9: '王', 0x2EAA: '疋',
	0x2EAB: '罒', 0x2EAD: '礻', 0x2EAF: '糸', 0x2EB0: '纟', 0x2EB2: '罒', 0x2EB3: '罒', 0x2EB7: '羊',
	0x2EBB: '聿', 0x2EBC: '月', 0x2EBE: '艹', 0x2EBF: '艹', 0x2EC0: '艹', 0x2EC1: '虎', 0x2EC2: '衤',
	0x2EC3: '覀', 0x2EC4: '西', 0x2EC5: '见', 0x2EC6: '角', 0x2EC8: '讠', 0x2EC9: '贝', 0x2ECB: '车',
	0x2ECC: '辶', 0x2ECD: '辶', 0x2ECF: '阝', 0x2ED0: '钅', 0x2ED1: '長', 0x2ED3: '长', 0x2ED4: '门',
	0x2ED6: '阝', 0x2ED8: '青', 0x2ED9: '韦', 0x2EDA: '页', 0x2EDB: '风', 0x2EDC: '飞', 0x2EDD: '食',
	0x2EDF: '飠', 0x2EE0: '饣', 0x2EE2: '马', 0x2EE3: '骨', 0x2EE4: '鬼', 0x2EE5: '鱼', 0x2EE6: '鸟',
	0x2EE7: '卤', 0x2EE8: '麦', 0x2EE9: '黄', 0x2EEA: '黾', 0x2EEB: '斉', 0x2EEC: '齐', 0x2EED: '歯',
	0x2EEE: '齿', 0x2EEF: '竜', 0x2EF0: '龙', 0x2EF1: '龜', 0x2EF2: '亀', 0x2EF3: '龟',
}
