package jixiao

import (
	"strings"
	"unicode"

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
	return comparatorFold.Replace(width.Fold.String(s))
}

// CleanText joins text that line wrapping split and drops the white space
// that wrapping, padding or PDF extraction put between Chinese characters: a
// run of white space (line breaks included) survives, as one space, only
// between two Latin letters or digits ("WPS Office").
func CleanText(s string) string {
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

func isLatinWord(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
}
