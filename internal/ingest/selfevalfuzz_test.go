package ingest

import (
	"errors"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"jixiao"
)

// FuzzSelfEvaluation: no input panics or takes long, a reading gives forms
// or a refusal, and every finding has a message.
func FuzzSelfEvaluation(f *testing.F) {
	for _, p := range selfEvalFixtures(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(annexForm))
	f.Add([]byte("项目支出绩效自评表\n总分 100 88 优\n一级指标 二级指标\n产出指标 ≥ ≥ ≥"))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		forms, err := ParseSelfEvaluation("fuzz.txt", data)
		if d := time.Since(start); d > 2*time.Second && len(data) < 1<<16 {
			t.Errorf("%d bytes took %v", len(data), d)
		}
		if err != nil {
			var ie *jixiao.InputError
			if !errors.As(err, &ie) {
				t.Errorf("error is no InputError: %v", err)
			}
			return
		}
		if len(forms) == 0 {
			t.Error("no forms and no error")
		}
		for _, fm := range forms {
			for _, x := range fm.Findings {
				if x.Message == "" || !strings.HasPrefix(x.Rule, "selfeval.") && !strings.HasPrefix(x.Rule, "parse.") {
					t.Errorf("bad finding %+v", x)
				}
			}
		}
	})
}

// TestSelfEvalManyFormsInOneFile reads a file of 300 forms, each its own.
func TestSelfEvalManyFormsInOneFile(t *testing.T) {
	forms, err := ParseSelfEvaluation("many.md", []byte(strings.Repeat(annexForm, 300)))
	if err != nil {
		t.Fatal(err)
	}
	if len(forms) != 300 {
		t.Fatalf("%d forms, want 300", len(forms))
	}
	last := forms[299]
	if len(last.Indicators) != 4 || len(last.Findings) != 6 || last.TitleLine != 299*18+1 {
		t.Errorf("last form: %d indicators, %d findings, title on line %d", len(last.Indicators), len(last.Findings), last.TitleLine)
	}
}

func BenchmarkSelfEvaluationManyForms(b *testing.B) {
	data := []byte(strings.Repeat(annexForm, 1000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		forms, err := ParseSelfEvaluation("many.md", data)
		if err != nil || len(forms) != 1000 {
			b.Fatal(len(forms), err)
		}
	}
}

// TestSelfEvalMutationsEnd reads 3,000 damaged copies of the fixtures
// (bytes cut, inserted, replaced), each within a bound: the fuzz target's
// check, run on every test run with a fixed seed.
func TestSelfEvalMutationsEnd(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	var seeds [][]byte
	for _, p := range selfEvalFixtures(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	seeds = append(seeds, []byte(annexForm))
	for n := 0; n < 3000; n++ {
		s := append([]byte(nil), seeds[rng.Intn(len(seeds))]...)
		for k := rng.Intn(8); k >= 0; k-- {
			switch i := rng.Intn(len(s) + 1); rng.Intn(3) {
			case 0:
				if i < len(s) {
					s = append(s[:i], s[min(len(s), i+1+rng.Intn(20)):]...)
				}
			case 1:
				s = append(s[:i], append([]byte{"|\n 0123.%"[rng.Intn(9)]}, s[i:]...)...)
			default:
				if i < len(s) {
					s[i] = byte(rng.Intn(256))
				}
			}
		}
		start := time.Now()
		forms, err := ParseSelfEvaluation("m.txt", s)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("input %d took %v", n, d)
		}
		if err == nil && len(forms) == 0 {
			t.Fatalf("input %d: no forms and no error", n)
		}
	}
}
