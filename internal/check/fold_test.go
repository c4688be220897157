package check

import (
	"testing"

	"jixiao"
)

// TestFoldMatchesFoldWidth checks the fast path against jixiao.FoldWidth on
// every rune of the planes tables use.
func TestFoldMatchesFoldWidth(t *testing.T) {
	for r := rune(0x20); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := "指标" + string(r) + "值"
		if got, want := fold(s), jixiao.FoldWidth(s); got != want {
			t.Fatalf("fold(%q) = %q, FoldWidth gives %q", s, got, want)
		}
	}
	if got := normText(" ≥ 90％ 。"); got != "≥90%" {
		t.Errorf("normText: %q", got)
	}
}
