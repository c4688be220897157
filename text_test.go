package jixiao

import "testing"

// TestCleanText covers the white space CleanText joins, including the
// spaces its no-copy shortcut must still notice.
func TestCleanText(t *testing.T) {
	cases := map[string]string{
		"中文": "中文",
		"对区属医保参保人员 资格业务审核率": "对区属医保参保人员资格业务审核率",
		"WPS\nOffice": "WPS Office",
		"a\u00a0b":    "a b",
		"中\u3000文":    "中文",
		"满意\u2028度":   "满意度",
		"x\xffy":      "x\uFFFDy",
		"≥90%":        "≥90%",
	}
	for in, want := range cases {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}
