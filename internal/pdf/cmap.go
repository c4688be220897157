package pdf

import (
	"unicode/utf16"
)

// A cmap maps character codes of a font to Unicode text (a ToUnicode
// stream) and knows how many bytes each code takes (its codespace ranges).
type cmap struct {
	uni   map[uint32]string
	space []codespace // from begincodespacerange; empty: not stated
	work  int         // range entries written, bounded: ranges may overlap without end
}

type codespace struct {
	n      int // bytes
	lo, hi uint32
}

// maxCMapEntries bounds what one ToUnicode stream may define, so that a
// hostile "bfrange <0000> <FFFFFFFF>" cannot take all memory.
const maxCMapEntries = 1 << 17

// parseCMap reads the parts of a CMap that text extraction needs:
// codespace ranges, bfchar and bfrange (both forms of the latter).
func parseCMap(data []byte) *cmap {
	m := &cmap{uni: map[uint32]string{}}
	l := &lexer{b: data}
	var args []token
	for {
		t := l.next()
		switch t.kind {
		case tokEOF:
			return m
		case tokOp:
			switch t.str {
			case "endcodespacerange":
				m.codespaces(args)
			case "endbfchar":
				m.bfchar(args)
			case "endbfrange":
				m.bfrange(args)
			}
			args = args[:0]
		case tokArrayOpen, tokArrayClose, tokString, tokNumber, tokName:
			if len(args) < 3*maxCMapEntries {
				args = append(args, t)
			}
		}
	}
}

func (m *cmap) codespaces(args []token) {
	for i := 0; i+1 < len(args); i += 2 {
		lo, hi := args[i].str, args[i+1].str
		if args[i].kind != tokString || len(lo) == 0 || len(lo) > 4 || len(hi) != len(lo) {
			continue
		}
		m.space = append(m.space, codespace{n: len(lo), lo: codeOf(lo), hi: codeOf(hi)})
	}
}

func (m *cmap) bfchar(args []token) {
	for i := 0; i+1 < len(args) && len(m.uni) < maxCMapEntries; i += 2 {
		if args[i].kind == tokString && args[i+1].kind == tokString {
			m.uni[codeOf(args[i].str)] = utf16Text(args[i+1].str)
		}
	}
}

func (m *cmap) bfrange(args []token) {
	for i := 0; i+2 < len(args) && m.work < maxCMapEntries*4; {
		lo, hi := args[i], args[i+1]
		if lo.kind != tokString || hi.kind != tokString {
			i++
			continue
		}
		a, b := codeOf(lo.str), codeOf(hi.str)
		i += 2
		if args[i].kind == tokArrayOpen {
			i++
			for c := a; i < len(args) && args[i].kind == tokString; c++ {
				if c <= b && len(m.uni) < maxCMapEntries {
					m.uni[c] = utf16Text(args[i].str)
				}
				i++
			}
			if i < len(args) && args[i].kind == tokArrayClose {
				i++
			}
			continue
		}
		dst := []byte(args[i].str)
		i++
		if b < a || b-a > maxCMapEntries {
			continue
		}
		for c := a; c <= b && len(m.uni) < maxCMapEntries && m.work < maxCMapEntries*4; c++ {
			m.uni[c] = utf16Text(string(dst))
			incrementLast(dst)
			m.work++
		}
	}
}

// incrementLast adds one to the last byte of a bfrange destination, as the
// CMap format defines (carrying is not defined, and producers never rely on it).
func incrementLast(b []byte) {
	if len(b) > 0 {
		b[len(b)-1]++
	}
}

// codeLen returns how many bytes the code at the start of s takes by this
// CMap's codespace ranges, or 0 when it states none that fit.
func (m *cmap) codeLen(s string) int {
	for _, cs := range m.space {
		if len(s) >= cs.n {
			if c := codeOf(s[:cs.n]); c >= cs.lo && c <= cs.hi {
				return cs.n
			}
		}
	}
	return 0
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

// utf16Text decodes the UTF-16BE bytes of a CMap destination.
func utf16Text(s string) string {
	if len(s) == 1 {
		return string(rune(s[0]))
	}
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}
