package check

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sampletest"
)

// The two published samples, checked by eye row by row against
// testdata/expected/*.indicators.csv: every finding the rules make on them,
// by rule, as "project:indicator" (a bare "project" for a project finding,
// "unit" for a unit row). Nothing else may be reported.
var sampleFindings = map[string]map[string]string{
	"huadu-employment-center-2024.txt": {
		// 6 and 7 share the same five indicators word for word.
		"indicator.copied": "7",
		// Training, subsidy, public employment service and contest projects
		// with no 满意度 indicator; 9 and 12 (oversight), 10 (archives) and
		// 11 (own staff) serve no public.
		"project.missing-satisfaction": "3 5 6 7 8",
		// ≤ on counts of archives collected and firms inspected.
		"target.upper-bound-output": "10:1 12:1 12:2",
	},
	"liwan-hrss-bureau-2024.md": {
		// Unit 广州市荔湾区人力资源和社会保障局 prints 50,666.34; its 24
		// projects add up to 50,666.35.
		"amount.rounding": "unit",
		// 30 → 32 the same four indicators; 33's three are all in 30.
		"indicator.copied":         "32 33",
		"indicator.level-mismatch": "38:3",
		// 运行保障项目执行率 filed as 11-数量指标.
		"indicator.money-as-output": "17:1",
		// 28 repeats 27 (name, 28.57 万元, four indicators).
		"project.duplicate":            "28",
		"project.few-indicators":       "1 10 14 23",
		"project.missing-satisfaction": "4 7 19 22 23 27 28 32 36 37 43 44 45 46 48 49 50 51",
		// "20%，满意".
		"target.compound": "46:3 47:3",
		// 按当年度市下达任务数, 年度计划数, 计划人数, 按符合标人数, 以实际数为准.
		"target.external-reference": "4:1 4:2 6:4 11:2 11:5 15:2 36:4 37:1 38:1 39:1 43:2 52:1",
		// Bare numbers: 1500, 600, 1556, 44, 700, 12, 10, 2000.
		"target.no-unit": "5:1 9:1 9:2 9:3 16:1 16:2 16:3 26:1 30:1 30:2 30:3 30:4 31:1 32:1 32:2 32:3 32:4 33:1 33:2 33:3 40:1",
		"target.period-annual-mismatch": "2:3 6:1 6:2 6:4 9:1 9:2 12:4 12:5 12:6 19:4 20:4 37:1 38:1 39:4 " +
			"40:3 40:4 42:4 43:2 46:4 47:4 48:4 49:1 51:2",
		// 政策知晓率 进一步提高, 租金标准达标率 按规定支付, 生活费发放及时率 及时.
		"target.rate-not-percent": "8:3 40:3 44:2",
		"target.vague": "2:6 3:5 3:6 5:3 5:4 6:3 7:4 8:3 10:2 13:4 14:2 15:4 17:3 18:3 19:4 20:4 21:4 22:3 " +
			"24:4 25:3 26:4 27:3 27:4 28:3 28:4 31:3 35:3 37:4 39:4 40:4 41:4 42:4 43:3 44:3 45:4 46:5 " +
			"47:5 48:3 49:2 49:3 50:4 51:4 52:2 52:3",
	},
}

func readSample(t testing.TB, name string) *jixiao.Document { return sampletest.Parse(t, name) }

func place(f jixiao.Finding) string {
	switch {
	case f.ProjectSeq == 0 && f.Unit != "":
		return "unit"
	case f.ProjectSeq == 0:
		return "document"
	case f.IndicatorSeq == 0:
		return fmt.Sprint(f.ProjectSeq)
	}
	return fmt.Sprintf("%d:%d", f.ProjectSeq, f.IndicatorSeq)
}

func TestSamples(t *testing.T) {
	for name, want := range sampleFindings {
		t.Run(name, func(t *testing.T) {
			doc := readSample(t, name)
			got := map[string][]string{}
			for _, f := range Run(doc) {
				got[f.Rule] = append(got[f.Rule], place(f))
				if f.Line == 0 || f.Message == "" || f.Unit == "" {
					t.Errorf("incomplete finding %+v", f)
				}
			}
			rules := map[string]bool{}
			for r := range got {
				rules[r] = true
			}
			for r := range want {
				rules[r] = true
			}
			ids := make([]string, 0, len(rules))
			for r := range rules {
				ids = append(ids, r)
			}
			sort.Strings(ids)
			for _, r := range ids {
				if g := strings.Join(got[r], " "); g != want[r] {
					t.Errorf("%s:\n got  %q\n want %q", r, g, want[r])
				}
			}
		})
	}
}

// TestSampleMessages spot-checks what a reviewer reads for the defects the
// issue names.
func TestSampleMessages(t *testing.T) {
	doc := readSample(t, "liwan-hrss-bureau-2024.md")
	fs := Run(doc)
	for _, want := range []struct{ rule, place, text string }{
		{"indicator.level-mismatch", "38:3", "二级指标 12-质量指标 属于 1-产出指标，却归在一级指标 2-效益指标 下"},
		{"amount.rounding", "unit", "总计列为50,666.34、应为50,666.35（差0.01）"},
		{"project.duplicate", "28", "项目27“居民医保扩面专项财政补贴”"},
		{"target.period-annual-mismatch", "20:4", "“有效降低”与年度指标值“有效降”不一致：文字不同"},
		{"target.compound", "46:3", "“20%，满意”含2项度量"},
	} {
		found := false
		for _, f := range fs {
			if f.Rule == want.rule && place(f) == want.place {
				found = true
				if !strings.Contains(f.Message, want.text) {
					t.Errorf("%s at %s: %q lacks %q", want.rule, want.place, f.Message, want.text)
				}
			}
		}
		if !found {
			t.Errorf("no %s at %s", want.rule, want.place)
		}
	}
}
