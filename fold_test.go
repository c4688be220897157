package jixiao

import (
	"testing"

	"golang.org/x/text/width"
)

// TestFoldableIsExact: every rune FoldWidth's fast path leaves alone is
// one that width.Fold and the comparator folding leave alone too.
func TestFoldableIsExact(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF || foldable(r) {
			continue
		}
		s := string(r)
		if got := comparatorFold.Replace(width.Fold.String(s)); got != s {
			t.Errorf("U+%04X %q folds to %q but foldable says no", r, s, got)
		}
	}
}
