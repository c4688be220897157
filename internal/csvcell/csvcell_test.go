package csvcell

import "testing"

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil.example/x","点击")`: `'=HYPERLINK("http://evil.example/x","点击")`,
		"+1+2": "'+1+2", "-A1": "'-A1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"'=x": "''=x", "-1.50": "-1.50", "+3": "+3", "-": "-", "=": "=", "'=": "'=", "'abc": "'abc", "": "", "培训人数": "培训人数",
		"≥30人": "≥30人",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if back := Unescape(Escape(in)); back != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, back)
		}
	}
}
