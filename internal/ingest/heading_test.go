package ingest

import (
	"strings"
	"testing"

	"jixiao"
)

func TestHeadingLines(t *testing.T) {
	tests := []struct {
		lines         []string
		agency, title string
		kind          jixiao.AgencyKind
		unit          jixiao.MoneyUnit
		year          int
	}{
		{[]string{"项目支出绩效目标表（含转移支付项目）", "单位名称：广州市花都区劳动就业服务管理中心 单位：万元"},
			"广州市花都区劳动就业服务管理中心", "项目支出绩效目标表（含转移支付项目）", jixiao.AgencyUnit, jixiao.WanYuan, 0},
		{[]string{"## 2025年项目支出绩效目标表", "部门名称: 某区教育局", "金额单位:元"},
			"某区教育局", "2025年项目支出绩效目标表", jixiao.AgencyDepartment, jixiao.Yuan, 2025},
		{[]string{"部门名称 ： 某区 卫生健康局　单位 ：万元"}, "某区卫生健康局", "", jixiao.AgencyDepartment, jixiao.WanYuan, 0},
	}
	for _, tc := range tests {
		h := newHeading()
		for i, l := range tc.lines {
			if !h.take(l, i+1) {
				t.Errorf("%q not taken as heading", l)
			}
		}
		if h.agency != tc.agency || h.title != tc.title || h.kind != tc.kind || h.unit != tc.unit || h.year != tc.year {
			t.Errorf("%q: got agency %q title %q kind %q unit %q year %d", tc.lines, h.agency, h.title, h.kind, h.unit, h.year)
		}
	}
	if h := newHeading(); h.take("通过实施本项目，保障单位正常运转。", 1) {
		t.Error("goal text taken as heading")
	}
}

func TestYearFromName(t *testing.T) {
	for name, want := range map[string]int{
		"liwan-hrss-bureau-2024.md": 2024, `C:\表\2023年绩效目标.txt`: 2023, "dir2022/x.txt": 0,
		"t120245.txt": 0, "2024": 2024, "a.txt": 0,
	} {
		if got := yearFromName(name); got != want {
			t.Errorf("yearFromName(%q) = %d, want %d", name, got, want)
		}
	}
	// A year in the heading wins over the file name.
	src := strings.Replace(string(readSample(t, liwan)), "## 项目支出", "## 2025年项目支出", 1)
	if doc := parseOK(t, liwan, []byte(src)); doc.Year != 2025 {
		t.Errorf("year %d, want 2025 from the heading", doc.Year)
	}
}

// Without a year in the heading or the file name, the year the text
// mentions most is taken: both samples mention 2024 in a goal.
func TestYearMentionedInText(t *testing.T) {
	for _, s := range samples {
		if doc := parseOK(t, "renamed"+s[strings.LastIndex(s, "."):], readSample(t, s)); doc.Year != 2024 {
			t.Errorf("%s renamed: year %d", s, doc.Year)
		}
	}
	if y := yearMentioned("2023年完成，2024年继续，2024年验收；120245年"); y != 2024 {
		t.Errorf("got %d", y)
	}
	if y := yearMentioned("没有年份。年"); y != 0 {
		t.Errorf("got %d", y)
	}
}

// A heading without the money unit or the agency still parses (amounts read
// as 万元), but says so: exactly one parse.header warning per missing item,
// about the whole heading (line 0), on the document named after the file.
func TestHeadingMissingWarns(t *testing.T) {
	tests := []struct {
		name, file, cut, says string
		unit                  bool // the unit is what is missing
	}{
		{"huadu-no-unit", huadu, " 单位：万元", "表头未写明金额单位（如“单位：万元”），按万元读取", true},
		{"liwan-no-unit", liwan, "单位：万元\n", "表头未写明金额单位（如“单位：万元”），按万元读取", true},
		{"huadu-no-agency", huadu, "单位名称：广州市花都区劳动就业服务管理中心 ", "表头未写明单位名称或部门名称（如“单位名称：…”）", false},
		{"liwan-no-agency", liwan, "部门名称：广州市荔湾区人力资源和社会保障局\n", "表头未写明单位名称或部门名称（如“单位名称：…”）", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := string(readSample(t, tc.file))
			whole := parseOK(t, tc.file, []byte(src))
			if n := countRule(whole.Findings, "parse.header"); n != 0 {
				t.Fatalf("the whole sample already has %d parse.header findings", n)
			}
			cut := strings.Replace(src, tc.cut, "", 1)
			if cut == src {
				t.Fatalf("%q not in the sample", tc.cut)
			}
			doc := parseOK(t, tc.file, []byte(cut))
			if n := countRule(doc.Findings, "parse.header"); n != 1 {
				t.Fatalf("%d parse.header findings, want 1: %+v", n, doc.Findings)
			}
			for _, f := range doc.Findings {
				if f.Rule != "parse.header" {
					continue
				}
				if f.Severity != jixiao.SeverityWarning || f.Line != 0 || f.Message != tc.says {
					t.Errorf("got %s line %d %q, want warning line 0 %q", f.Severity, f.Line, f.Message, tc.says)
				}
			}
			if doc.SourceName != tc.file {
				t.Errorf("document named %q, want %q", doc.SourceName, tc.file)
			}
			if tc.unit {
				if doc.MoneyUnit != jixiao.WanYuan || doc.Agency != whole.Agency {
					t.Errorf("unit %q agency %q, want 万元 and %q", doc.MoneyUnit, doc.Agency, whole.Agency)
				}
			} else if doc.Agency != "" || doc.MoneyUnit != whole.MoneyUnit {
				t.Errorf("agency %q unit %q, want none and %q", doc.Agency, doc.MoneyUnit, whole.MoneyUnit)
			}
			if len(doc.Projects) != len(whole.Projects) || doc.Total() != whole.Total() {
				t.Error("the table reads differently without the heading line")
			}
		})
	}
}

func countRule(fs []jixiao.Finding, rule string) int {
	n := 0
	for _, f := range fs {
		if f.Rule == rule {
			n++
		}
	}
	return n
}
