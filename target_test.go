package jixiao_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
)

// TestParseTargetMatchesSamples checks every target text in the expected
// tables against the parsed comparator, value and unit they list.
func TestParseTargetMatchesSamples(t *testing.T) {
	files, _ := filepath.Glob("testdata/expected/*.indicators.csv")
	if len(files) != 2 {
		t.Fatalf("want 2 expected indicator tables, found %d", len(files))
	}
	n := 0
	for _, f := range files {
		for _, row := range readCSV(t, f) {
			for _, p := range []string{"period", "annual"} {
				got := jixiao.ParseTarget(row[p+"_target"])
				want := jixiao.Target{Text: row[p+"_target"], Op: jixiao.Comparator(row[p+"_op"]), Value: row[p+"_value"], Unit: row[p+"_unit"]}
				if got != want {
					t.Errorf("%s: ParseTarget(%q) = %+v, want %+v", filepath.Base(f), row[p+"_target"], got, want)
				}
				n++
			}
		}
	}
	if n < 500 {
		t.Errorf("only %d targets checked", n)
	}
}

func TestParseTargetWords(t *testing.T) {
	tests := []struct {
		in            string
		op, val, unit string
	}{
		{"不少于50000人", ">=", "50000", "人"},
		{"不低于 95%", ">=", "95", "%"},
		{"至少3次", ">=", "3", "次"},
		{"不超过10万元", "<=", "10", "万元"},
		{"不高于5%", "<=", "5", "%"},
		{"不多于2个", "<=", "2", "个"},
		{"20人以上", ">=", "20", "人"},
		{"50个及以上", ">=", "50", "个"},
		{"5%以下", "<=", "5", "%"},
		{"3天以内", "<=", "3", "天"},
		{"１２．５０％", "=", "12.5", "%"},
		{">=98%", ">=", "98", "%"},
		{"<=1,000元", "<=", "1000", "元"},
		{"≥90％。", ">=", "90", "%"},
		{"0.5", "=", "0.5", ""},
		{"20%，满意", "", "", ""},
		{"按当年度市下达任务数100%完成", "", "", ""},
		{"当年度12月前", "", "", ""},
		{"≥", "", "", ""},
		{"", "", "", ""},
		{"1.2.3人", "", "", ""},
		{"≥10次/年度以上的很长很长的单位", "", "", ""},
	}
	for _, tt := range tests {
		got := jixiao.ParseTarget(tt.in)
		if string(got.Op) != tt.op || got.Value != tt.val || got.Unit != tt.unit {
			t.Errorf("ParseTarget(%q) = %q %q %q, want %q %q %q", tt.in, got.Op, got.Value, got.Unit, tt.op, tt.val, tt.unit)
		}
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"≥20人", "不少于50000人", "90%以上", "１２．５％", "有效降低", "≦300家次（人次）"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := jixiao.ParseTarget(s)
		if got.Quantitative() {
			if _, ok := got.Rat(); !ok {
				t.Fatalf("ParseTarget(%q) value %q is not a number", s, got.Value)
			}
			if got.Op == "" {
				t.Fatalf("ParseTarget(%q) has a value but no comparator", s)
			}
		} else if got.Op != "" || got.Unit != "" {
			t.Fatalf("ParseTarget(%q) qualitative but has op/unit: %+v", s, got)
		}
	})
}

// readCSV reads a UTF-8 CSV (BOM allowed) into maps keyed by header.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	if len(head) > 0 {
		head[0] = trimBOM(head[0])
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range head {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func trimBOM(s string) string {
	if len(s) >= 3 && s[:3] == "\xef\xbb\xbf" {
		return s[3:]
	}
	return s
}

func TestComparatorSymbol(t *testing.T) {
	for op, want := range map[jixiao.Comparator]string{jixiao.GE: "≥", jixiao.LE: "≤", jixiao.GT: ">", jixiao.LT: "<", jixiao.EQ: "=", "": ""} {
		if got := op.Symbol(); got != want {
			t.Errorf("%q.Symbol() = %q, want %q", op, got, want)
		}
	}
}
