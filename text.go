package jixiao

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// comparatorFold maps the comparator glyphs tables use to one spelling each.
var comparatorFold = strings.NewReplacer("≧", "≥", "≦", "≤", "＞", ">", "＜", "<", "＝", "=")

// FoldWidth folds full-width letters, digits and punctuation to their ASCII
// forms ("１２．５％" → "12.5%", "：" → ":", "（" → "(") and the variant
// comparators ≧ ≦ to ≥ ≤. It keeps ㎡, ① and the like, which NFKC would
// rewrite, so it is safe for units. Store source text as written and use
// FoldWidth only to derive keys and parsed values.
func FoldWidth(s string) string {
	if strings.IndexFunc(s, foldable) < 0 {
		return s // most text: nothing to fold, and no copy (a 10 MB import folds every cell)
	}
	return comparatorFold.Replace(width.Fold.String(s))
}

// foldable reports whether FoldWidth changes r: the full-width and
// half-width forms (U+3000, U+20A9, U+FF01–U+FFEE) and ≦ ≧.
// TestFoldableIsExact checks it against width.Fold rune by rune.
func foldable(r rune) bool {
	return r == '\u3000' || r == '\u20A9' || r >= '\uFF01' && r <= '\uFFEE' || r == '≦' || r == '≧'
}

// CleanText joins text that line wrapping split and drops the white space
// that wrapping, padding or PDF extraction put between Chinese characters: a
// run of white space (line breaks included) survives, as one space, only
// between two Latin letters or digits ("WPS Office").
func CleanText(s string) string {
	if !hasSpace(s) {
		return s // most table cells: skip the copy
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	var prev rune
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u3000' {
			pending = true
			continue
		}
		if pending && isLatinWord(prev) && isLatinWord(r) {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// hasSpace reports whether s may hold a rune CleanText changes: white space
// (every Unicode space starts with a byte below '!' or with C2, E1, E2 or
// E3 80 80) or bytes that are not UTF-8.
func hasSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ', c == 0xC2, c == 0xE1, c == 0xE2:
			return true
		case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80:
			return true
		}
	}
	return !utf8.ValidString(s)
}

func isLatinWord(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
}
