package pdf

import (
	"reflect"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// The interpreter runs a page's content stream with just the state that
// places text and ruling lines: the CTM, the text state and matrices, and
// the current path. Colours, clipping, shading and images are not drawn;
// images are only measured (a page that is one big image is a scan).

type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (m applied first).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

type gstate struct {
	ctm       matrix
	lineWidth float64
	font      *font
	size      float64
	charSp    float64
	wordSp    float64
	hscale    float64
	leading   float64
	rise      float64
}

// Limits on the work one page may cause, so that a hostile file is refused
// in bounded time and memory rather than read for ever.
const (
	maxOps       = 4_000_000
	maxDocOps    = 40_000_000 // all pages together: a few seconds of work
	maxGlyphs    = 400_000
	maxDepth     = 12 // nested form XObjects
	maxStack     = 256
	maxOperands  = 4096
	maxPathPoint = 200_000
	maxRules     = 100_000
	maxContent   = 64 << 20
)

type point struct{ x, y float64 }

type interp struct {
	obj     objects
	fonts   map[types.IndirectRef]*font
	direct  map[fontKey]*font // fonts given directly in a resource dictionary
	page    *Page
	device  matrix // user space to the page's top-left coordinates
	gs      gstate
	stack   []gstate
	tm      matrix
	tlm     matrix
	paths   [][]point
	ops     int
	opsLeft int // what the document's budget leaves this page
	lexed   int // content bytes read, form XObjects counted each time they are drawn
	codes   []glyphCode
	over    bool // a limit was reached
}

type operand struct {
	kind tokKind
	num  float64
	str  string
	arr  []operand
}

// run interprets one content stream with the given resources.
func (in *interp) run(content []byte, res types.Dict, depth int) {
	in.lexed += len(content)
	if in.lexed > maxContent {
		in.over = true
		return
	}
	l := &lexer{b: content}
	var args []operand
	for !in.over {
		t := l.next()
		switch t.kind {
		case tokEOF:
			return
		case tokOp:
			in.ops++
			if in.ops > maxOps || in.ops > in.opsLeft {
				in.over = true
				return
			}
			if t.str == "ID" {
				l.skipInlineImage()
				in.page.ImageArea += in.unitArea()
			} else {
				in.do(t.str, args, res, depth)
			}
			args = args[:0]
		case tokArrayOpen:
			args = appendOperand(args, operand{kind: tokArrayOpen, arr: readArray(l, 0)})
		case tokDictOpen:
			skipDict(l)
		default:
			args = appendOperand(args, operand{kind: t.kind, num: t.num, str: t.str})
		}
	}
}

func appendOperand(args []operand, o operand) []operand {
	if len(args) >= maxOperands {
		return args
	}
	return append(args, o)
}

func readArray(l *lexer, depth int) []operand {
	var a []operand
	for {
		t := l.next()
		switch t.kind {
		case tokEOF, tokArrayClose:
			return a
		case tokArrayOpen:
			if depth < 8 {
				a = appendOperand(a, operand{kind: tokArrayOpen, arr: readArray(l, depth+1)})
			} else {
				readArray(l, depth+1)
			}
		case tokDictOpen:
			skipDict(l)
		case tokOp:
			// not valid inside an array; ignore
		default:
			a = appendOperand(a, operand{kind: t.kind, num: t.num, str: t.str})
		}
	}
}

func skipDict(l *lexer) {
	depth := 1
	for depth > 0 {
		switch l.next().kind {
		case tokEOF:
			return
		case tokDictOpen:
			depth++
		case tokDictClose:
			depth--
		}
	}
}

func nums(args []operand, n int) ([]float64, bool) {
	if len(args) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i, a := range args[len(args)-n:] {
		if a.kind != tokNumber {
			return nil, false
		}
		out[i] = a.num
	}
	return out, true
}

func (in *interp) do(op string, args []operand, res types.Dict, depth int) {
	switch op {
	case "q":
		if len(in.stack) < maxStack {
			in.stack = append(in.stack, in.gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			in.gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if v, ok := nums(args, 6); ok {
			in.gs.ctm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.mul(in.gs.ctm)
		}
	case "w":
		if v, ok := nums(args, 1); ok {
			in.gs.lineWidth = v[0]
		}
	case "Do":
		if len(args) > 0 && args[len(args)-1].kind == tokName {
			in.xobject(args[len(args)-1].str, res, depth)
		}
	default:
		if !in.textOp(op, args, res) {
			in.pathOp(op, args)
		}
	}
}

// textOp handles the text operators; it reports whether op was one.
func (in *interp) textOp(op string, args []operand, res types.Dict) bool {
	switch op {
	case "BT":
		in.tm, in.tlm = identity, identity
	case "ET":
	case "Tf":
		if len(args) >= 2 && args[len(args)-2].kind == tokName {
			in.gs.font = in.fontNamed(args[len(args)-2].str, res)
			in.gs.size = args[len(args)-1].num
		}
	case "Tc", "Tw", "Tz", "TL", "Ts":
		if v, ok := nums(args, 1); ok {
			in.textParam(op, v[0])
		}
	case "Td", "TD":
		if v, ok := nums(args, 2); ok {
			if op == "TD" {
				in.gs.leading = -v[1]
			}
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case "Tm":
		if v, ok := nums(args, 6); ok {
			in.tlm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
			in.tm = in.tlm
		}
	case "T*":
		in.nextLine()
	case "Tj", "'", "\"":
		in.quoteOps(op, args)
	case "TJ":
		if len(args) > 0 && args[len(args)-1].kind == tokArrayOpen {
			in.showArray(args[len(args)-1].arr)
		}
	case "Tr", "d0", "d1", "BX", "EX", "MP", "DP", "BMC", "BDC", "EMC":
	default:
		return false
	}
	return true
}

func (in *interp) textParam(op string, v float64) {
	switch op {
	case "Tc":
		in.gs.charSp = v
	case "Tw":
		in.gs.wordSp = v
	case "Tz":
		in.gs.hscale = v / 100
	case "TL":
		in.gs.leading = v
	case "Ts":
		in.gs.rise = v
	}
}

func (in *interp) nextLine() {
	in.tlm = matrix{1, 0, 0, 1, 0, -in.gs.leading}.mul(in.tlm)
	in.tm = in.tlm
}

// quoteOps handles Tj, ' (next line, show) and " (set spacing, next line, show).
func (in *interp) quoteOps(op string, args []operand) {
	if len(args) == 0 || args[len(args)-1].kind != tokString {
		return
	}
	if op == "\"" {
		if v, ok := nums(args[:len(args)-1], 2); ok {
			in.gs.wordSp, in.gs.charSp = v[0], v[1]
		}
	}
	if op != "Tj" {
		in.nextLine()
	}
	in.show(args[len(args)-1].str)
}

func (in *interp) showArray(a []operand) {
	for _, e := range a {
		switch e.kind {
		case tokString:
			in.show(e.str)
		case tokNumber:
			in.advance(-e.num / 1000 * in.gs.size)
		}
	}
}

// advance moves the text matrix by tx in text space (before horizontal scaling).
func (in *interp) advance(tx float64) {
	in.tm = matrix{1, 0, 0, 1, tx * in.gs.hscale, 0}.mul(in.tm)
}

// show places each glyph of a shown string on the page.
func (in *interp) show(s string) {
	f := in.gs.font
	if f == nil {
		return
	}
	in.codes = f.decode(s, in.codes[:0])
	for _, c := range in.codes {
		adv := c.width*in.gs.size + in.gs.charSp
		if c.space {
			adv += in.gs.wordSp
		}
		in.place(f, c, adv)
		in.advance(adv)
	}
}

// place records one glyph: its box on the page from the text rendering
// matrix [size·Th 0 0 size 0 rise] × Tm × CTM.
func (in *interp) place(f *font, c glyphCode, adv float64) {
	if len(in.page.Glyphs) >= maxGlyphs {
		in.over = true
		return
	}
	trm := matrix{in.gs.hscale, 0, 0, 1, 0, in.gs.rise}.mul(in.tm).mul(in.gs.ctm).mul(in.device)
	x0, y0 := trm.apply(0, 0)
	x1, _ := trm.apply(adv-in.gs.charSp, 0)
	tx, top := trm.apply(0, in.gs.size*f.vscale)
	size := abs(y0 - top)
	if abs(tx-x0) > size {
		// Rotated or vertical text (a stamp, a side note): it reads along
		// no line of the table. Counted, so that its loss is said.
		in.page.Rotated++
		return
	}
	if f.unknown || c.text == "" {
		in.page.Unmapped++
		if c.text == "" {
			c.text = "\uFFFD"
		}
	}
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	in.page.Glyphs = append(in.page.Glyphs, Glyph{Text: foldRadicals(c.text), X0: x0, X1: x1, Y: y0, Size: size})
}

func (in *interp) fontNamed(name string, res types.Dict) *font {
	fd := in.obj.dict(res["Font"])
	ref, ok := fd[name].(types.IndirectRef)
	if ok {
		if f, seen := in.fonts[ref]; seen {
			return f
		}
	}
	// A font given directly in the resources is loaded once per page and
	// name: a content stream may set it a million times.
	key := fontKey{fd: reflect.ValueOf(fd).Pointer(), name: name}
	if !ok {
		if f, seen := in.direct[key]; seen {
			return f
		}
	}
	d := in.obj.dict(fd[name])
	if d == nil {
		return nil
	}
	f := in.obj.loadFont(d)
	if ok {
		in.fonts[ref] = f
	} else {
		in.direct[key] = f
	}
	return f
}

type fontKey struct {
	fd   uintptr
	name string
}

// xobject draws a form XObject (recursively) or measures an image.
func (in *interp) xobject(name string, res types.Dict, depth int) {
	xo := in.obj.dict(res["XObject"])
	sd, ok := in.obj.streamDict(xo[name])
	if !ok {
		return
	}
	switch in.obj.name(sd.Dict["Subtype"]) {
	case "Image":
		in.page.ImageArea += in.unitArea()
	case "Form":
		if depth >= maxDepth {
			return
		}
		content := in.obj.stream(xo[name])
		inner := in.obj.dict(sd.Dict["Resources"])
		if inner == nil {
			inner = res
		}
		saved, savedStack := in.gs, len(in.stack)
		if m := in.obj.nums(sd.Dict["Matrix"]); len(m) == 6 {
			in.gs.ctm = matrix{m[0], m[1], m[2], m[3], m[4], m[5]}.mul(in.gs.ctm)
		}
		in.run(content, inner, depth+1)
		in.gs, in.stack = saved, in.stack[:min(savedStack, len(in.stack))]
	}
}

// unitArea is the area on the page of the unit square under the CTM, where
// an image is drawn.
func (in *interp) unitArea() float64 {
	m := in.gs.ctm.mul(in.device)
	return abs(m[0]*m[3] - m[1]*m[2])
}
