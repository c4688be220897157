package pdf

import (
	"strconv"
)

// A content stream is a sequence of operands followed by an operator
// ("1 0 0 1 72 700 Tm", "[(A) -120 (B)] TJ"). lexer splits it into tokens;
// it understands just enough PDF syntax for content streams and CMaps:
// numbers, names, literal and hex strings, arrays, dictionaries (kept as
// opaque), operators, comments, and inline images (BI … ID … EI).

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokNumber
	tokName
	tokString // literal or hex; bytes in str
	tokArrayOpen
	tokArrayClose
	tokDictOpen
	tokDictClose
	tokOp
)

type token struct {
	kind tokKind
	num  float64
	str  string // name (without "/"), string bytes, or operator
}

type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// next returns the next token, tokEOF at the end.
func (l *lexer) next() token {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return l.token(c)
		}
	}
	return token{kind: tokEOF}
}

func (l *lexer) token(c byte) token {
	switch c {
	case '/':
		l.pos++
		return token{kind: tokName, str: l.regular()}
	case '(':
		l.pos++
		return token{kind: tokString, str: l.literal()}
	case '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return token{kind: tokDictOpen}
		}
		l.pos++
		return token{kind: tokString, str: l.hex()}
	case '>':
		l.pos++
		if l.pos < len(l.b) && l.b[l.pos] == '>' {
			l.pos++
			return token{kind: tokDictClose}
		}
		return l.next() // a stray ">": skip it
	case '[':
		l.pos++
		return token{kind: tokArrayOpen}
	case ']':
		l.pos++
		return token{kind: tokArrayClose}
	case '{', '}', ')':
		l.pos++
		return l.next() // PostScript braces (CMaps) and stray parens carry nothing we use
	}
	word := l.regular()
	if word == "" { // cannot happen with the cases above, but never loop
		l.pos++
		return l.next()
	}
	if n, ok := parseNumber(word); ok {
		return token{kind: tokNumber, num: n}
	}
	return token{kind: tokOp, str: word}
}

// regular reads a run of regular characters.
func (l *lexer) regular() string {
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	return string(l.b[start:l.pos])
}

func parseNumber(w string) (float64, bool) {
	c := w[0]
	if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') {
		return 0, false
	}
	n, err := strconv.ParseFloat(w, 64)
	if err != nil {
		// Producers write "--5" or "5.-3" now and then; read what leads.
		return 0, true
	}
	return n, true
}

// literal reads a (string) whose opening paren was consumed.
func (l *lexer) literal() string {
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			out = l.escape(out)
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func (l *lexer) escape(out []byte) []byte {
	if l.pos >= len(l.b) {
		return out
	}
	c := l.b[l.pos]
	l.pos++
	switch c {
	case 'n':
		return append(out, '\n')
	case 'r':
		return append(out, '\r')
	case 't':
		return append(out, '\t')
	case 'b':
		return append(out, '\b')
	case 'f':
		return append(out, '\f')
	case '\r':
		if l.pos < len(l.b) && l.b[l.pos] == '\n' {
			l.pos++
		}
		return out
	case '\n':
		return out
	}
	if c >= '0' && c <= '7' {
		v := int(c - '0')
		for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
			v = v*8 + int(l.b[l.pos]-'0')
			l.pos++
		}
		return append(out, byte(v))
	}
	return append(out, c)
}

// hex reads a <hex string> whose "<" was consumed.
func (l *lexer) hex() string {
	var out []byte
	hi, have := byte(0), false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := hexVal(c)
		if !ok {
			continue
		}
		if have {
			out = append(out, hi<<4|v)
			have = false
		} else {
			hi, have = v, true
		}
	}
	if have {
		out = append(out, hi<<4)
	}
	return string(out)
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// skipInlineImage moves past the data of an inline image, after its "ID"
// operator: to the "EI" that stands alone between white space.
func (l *lexer) skipInlineImage() {
	if l.pos < len(l.b) && isSpace(l.b[l.pos]) {
		l.pos++
	}
	for i := l.pos; i+1 < len(l.b); i++ {
		if l.b[i] == 'E' && l.b[i+1] == 'I' && (i == 0 || isSpace(l.b[i-1])) &&
			(i+2 == len(l.b) || isSpace(l.b[i+2]) || isDelim(l.b[i+2])) {
			l.pos = i + 2
			return
		}
	}
	l.pos = len(l.b)
}
