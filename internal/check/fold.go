package check

import (
	"strings"
	"unicode"

	"jixiao"
)

// fold is jixiao.FoldWidth at a fraction of its cost, for the many texts
// the rules compare: text with nothing to fold is returned as is, and the
// full-width ASCII forms (U+FF01–U+FF5E), the ideographic space and ≦ ≧ are
// mapped in one pass; anything rarer goes through FoldWidth.
// TestFoldMatchesFoldWidth checks it against FoldWidth rune by rune.
func fold(s string) string {
	i := strings.IndexFunc(s, needsFold)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case r >= '\uFF01' && r <= '\uFF5E':
			b.WriteRune(r - 0xFEE0)
		case r == '\u3000':
			b.WriteByte(' ')
		case r == '≦':
			b.WriteRune('≤')
		case r == '≧':
			b.WriteRune('≥')
		case needsFold(r):
			return jixiao.FoldWidth(s)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsFold(r rune) bool {
	return r == '\u3000' || r >= '\uFF01' && r <= '\uFFEE' || r == '≦' || r == '≧'
}

// normText is text as compared: width folded, without white space and
// without a final 。.
func normText(s string) string {
	plain := true
	for _, r := range s {
		if needsFold(r) || unicode.IsSpace(r) {
			plain = false
			break
		}
	}
	if !plain {
		s = fold(s)
		if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
			s = strings.Join(strings.Fields(s), "")
		}
	}
	return strings.TrimRight(s, "。.")
}

// nameKey is jixiao.NameKey on the fast fold.
func nameKey(name string) string {
	return strings.TrimSuffix(normText(name), "指标")
}
