package jixiao

import "testing"

func TestParsePoints(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Points
		ok   bool
	}{
		{"8", 8000, true}, {"22.5", 22500, true}, {"99.3分", 99300, true}, {"100.00%", 100000, true},
		{"１９．６", 19600, true}, {"-1.5", -1500, true}, {"0", 0, true},
		{"9.9999", 0, false}, {"", 0, false}, {"达成", 0, false}, {"1.", 0, false}, {".5", 0, false}, {"1234567890123", 0, false},
	} {
		got, err := ParsePoints(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParsePoints(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestPointsString(t *testing.T) {
	for p, want := range map[Points]string{22500: "22.5", 100000: "100", 99300: "99.3", 1: "0.001", -1500: "-1.5"} {
		if got := p.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int64(p), got, want)
		}
	}
}

// The bands of 财预〔2020〕10号: 优 ≥90, 良 80–90, 中 60–80, 差 <60.
func TestSelfEvalGrade(t *testing.T) {
	for p, want := range map[Points]string{100000: "优", 90000: "优", 89999: "良", 80000: "良", 79999: "中", 60000: "中", 59999: "差", 0: "差"} {
		if got := SelfEvalGrade(p); got != want {
			t.Errorf("SelfEvalGrade(%v) = %s, want %s", p, got, want)
		}
	}
}
