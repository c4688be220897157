package sqldb

import (
	"strings"
	"testing"

	"jixiao"
)

// The fast path of SearchKey must agree with the full folding.
func TestSearchKeyFastPath(t *testing.T) {
	for _, s := range []string{"职业技能培训", "ＷＰＳ Office 正版化", "满意度≧90％", "a b", "培训\n人次", "Ａ", "ａｂｃ",
		"（含）", "服务对象满意度（%）", "ⅰⅱ", "ǅ", "⦅x⦆", "₩", "\u3000培训", "ｶﾀｶﾅ", "ok"} {
		full := strings.ToLower(jixiao.FoldWidth(jixiao.CleanText(s)))
		if got := SearchKey(s); got != full {
			t.Errorf("SearchKey(%q) = %q, want %q", s, got, full)
		}
	}
}

func TestGrams(t *testing.T) {
	got := strings.Join(Grams("培训培训a"), "|")
	if want := "培|培训|训|训培|训a|a"; got != want {
		t.Errorf("Grams = %s, want %s", got, want)
	}
	for key, want := range map[string]string{"a b": "a x20 x6120 b x2062", "培训率": "培 训 培训 率 训率", "": "", "%": "x25"} {
		if got := GramText(key); got != want {
			t.Errorf("GramText(%q) = %q, want %q", key, got, want)
		}
	}
}
