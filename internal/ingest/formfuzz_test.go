package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"jixiao"
)

// FuzzForms feeds text to the form reader, seeded with the collected real
// forms: whatever it reads must hold up (see checkParse), and it never
// makes up an indicator without a name.
func FuzzForms(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "forms", "*.txt"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("项目支出绩效目标表\n项目名称 | a\n年度资金总额 | 1\n一级指标 | 二级指标 | 三级指标 | 指标值\n产出指标 | 数量指标 | x | ≥1人\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return
		}
		checkParse(t, data, func(d []byte) (*jixiao.Document, error) {
			return readForms("fuzz.txt", splitLines(string(d)))
		})
	})
}
