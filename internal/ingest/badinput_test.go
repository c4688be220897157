package ingest

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"jixiao"
)

// Files that are no target table are refused with a Chinese message naming
// the file (and the line where there is one) and saying what to do.
func TestRefusesWhatIsNoTable(t *testing.T) {
	junk := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	tests := []struct {
		name, data string
		line       int
		says       string
	}{
		{"empty.txt", "", 0, "文件为空"},
		{"blank.md", " \n\r\n\t\n", 0, "文件为空"},
		{"junk.bin", string(junk), 1, "二进制"},
		{"nul.txt", "项目名称 总计\n财政拨款\x00\x00", 2, "二进制"},
		{"prose.txt", "这是一份会议纪要。\n没有表格。\n", 0, "认不出这是哪种表"},
		{"header-only.txt", "单位名称：某中心 单位：万元\n项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n一些文字\n", 2, "没有任何带金额的行"},
		{"header-only.md", "| 项目名称（资金使用单位） | 总计 | 财政拨款 |\n|---|---|---|\n", 0, "没有任何带金额的行"},
		{"rows-first.md", "| 某项目 | 1.00 | 1.00 |\n| 项目名称 | 总计 | 财政拨款 |\n", 1, "表头行"},
		{"old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 0, ".xlsx"},
		{"scan.pdf", "%PDF-1.4\nnot really a pdf", 0, "PDF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(tc.name, []byte(tc.data))
			var ie *jixiao.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got doc %v, err %v; want an InputError", doc != nil, err)
			}
			if ie.File != tc.name || ie.Line != tc.line || !strings.Contains(ie.Msg, tc.says) {
				t.Errorf("got %q (line %d), want line %d saying %q", ie.Error(), ie.Line, tc.line, tc.says)
			}
			if !errors.Is(err, jixiao.ErrInvalid) {
				t.Error("not ErrInvalid")
			}
		})
	}
}

// mutateSample replaces old by new in a sample and parses both the changed
// text and the clean sample.
func mutateSample(t *testing.T, file, old, new string) (data string, doc, clean *jixiao.Document) {
	t.Helper()
	src := string(readSample(t, file))
	if !strings.Contains(src, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	data = strings.Replace(src, old, new, 1)
	return data, parseOK(t, file, []byte(data)), parseOK(t, file, []byte(src))
}

// One broken indicator is imported with its raw text and a finding naming
// its line; every other row comes through unchanged.
func TestBrokenIndicatorIsKept(t *testing.T) {
	tests := []struct {
		file, old, new string
		project, ind   int // 1-based
	}{
		{liwan, "2、2-效益指标；24-可持续影响；公共设备、设施完好率；实施周期指标值:100%；年度指标值:100%。",
			"2、2-效益指标；公共设备、设施完好率 100%。", 1, 2},
		{huadu, "5、2-效益指标；22-社会效益；社会效益完成率；实施周期指标值:",
			"5、2-效益指标；22-社会效益；社会效益完成率；实施周期指:", 2, 5},
		{huadu, "2、1-产出指标；12-质量指标；合理\n\n有序使用资金；",
			"2、产出指标；质量指标；合理\n\n有序使用资金；", 1, 2},
	}
	for _, tc := range tests {
		data, doc, want := mutateSample(t, tc.file, tc.old, tc.new)
		if len(doc.Findings) != 1 {
			t.Fatalf("%s: findings %+v, want one", tc.file, doc.Findings)
		}
		f := doc.Findings[0]
		got := doc.Projects[tc.project-1].Indicators[tc.ind-1]
		if f.Rule != "parse.indicator" || f.Severity != jixiao.SeverityError || f.ProjectSeq != tc.project || f.IndicatorSeq != tc.ind {
			t.Errorf("%s: finding %+v", tc.file, f)
		}
		line := strings.Count(data[:strings.Index(data, tc.new)], "\n") + 1
		if f.Line != line || got.Line != line || !strings.Contains(f.Message, "第 ") {
			t.Errorf("%s: finding at line %d, indicator at %d, want %d: %s", tc.file, f.Line, got.Line, line, f.Message)
		}
		if got.Raw == "" || jixiao.CleanText(got.Raw) != jixiao.CleanText(strings.TrimSuffix(tc.new, "；")) && !strings.HasPrefix(jixiao.CleanText(got.Raw), jixiao.CleanText(tc.new)) {
			t.Errorf("%s: raw %q", tc.file, got.Raw)
		}
		// Everything else is as in the clean file.
		doc.Projects[tc.project-1].Indicators[tc.ind-1] = want.Projects[tc.project-1].Indicators[tc.ind-1]
		for _, table := range []func(*jixiao.Document) []map[string]string{projectRows, indicatorRows, unitRows} {
			for _, d := range diffTables(table(want), table(doc)) {
				t.Errorf("%s: %s", tc.file, d)
			}
		}
	}
}

// A row whose amounts cannot be read is kept with its raw text.
func TestBrokenAmountIsKept(t *testing.T) {
	tests := []struct {
		file, old, new string
		project        int
	}{
		{huadu, "\n50.60 50.60 0.00 0.00", "\n50.60 5O.60 0.00 0.00", 1},
		{huadu, "区就业补助资金 1,888.93 1,888.93 0.00 0.00", "区就业补助资金 1,888.93 1,888.93 0.00", 2},
		{liwan, "| 67.00     | 67.00     |", "| 67.0O     | 67.00     |", 1},
		{liwan, "| 2.10   | 2.10   |", "| 2.1.0   | 2.10   |", 29},
	}
	for _, tc := range tests {
		_, doc, want := mutateSample(t, tc.file, tc.old, tc.new)
		if len(doc.Findings) != 1 || doc.Findings[0].Rule != "parse.amount" || doc.Findings[0].ProjectSeq != tc.project {
			t.Fatalf("%s %q: findings %+v", tc.file, tc.new, doc.Findings)
		}
		p := doc.Projects[tc.project-1]
		if !strings.Contains(p.Raw, strings.TrimSpace(strings.Trim(tc.new, "|"))) && !strings.Contains(p.Raw, strings.TrimSpace(tc.new)) {
			t.Errorf("%s: raw %q", tc.file, p.Raw)
		}
		if p.Line != doc.Findings[0].Line || p.Name != want.Projects[tc.project-1].Name || len(p.Indicators) != len(want.Projects[tc.project-1].Indicators) {
			t.Errorf("%s: project %+v", tc.file, p)
		}
		if len(doc.Projects) != len(want.Projects) || doc.IndicatorCount() != want.IndicatorCount() {
			t.Errorf("%s: %d projects, %d indicators", tc.file, len(doc.Projects), doc.IndicatorCount())
		}
	}
}

// Text outside every cell is reported, not dropped.
func TestStrayTextIsReported(t *testing.T) {
	src := string(readSample(t, liwan))
	data := strings.Replace(src, "单位：万元\n", "单位：万元\n\n注：本表由系统导出。\n", 1) + "\n填表人：张三\n"
	doc := parseOK(t, liwan, []byte(data))
	var msgs []string
	for _, f := range doc.Findings {
		if f.Rule == "parse.text" {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], "注：本表由系统导出。") || !strings.Contains(msgs[1], "填表人：张三") {
		t.Errorf("findings %q", msgs)
	}
	srcH := string(readSample(t, huadu))
	doc = parseOK(t, huadu, []byte(srcH+"\n注：以上金额为预算数。\n"))
	if n := len(doc.Findings); n != 1 || !strings.Contains(doc.Findings[0].Message, "注：以上金额为预算数。") {
		t.Errorf("huadu footnote: %+v", doc.Findings)
	}
	checkTables(t, huadu, doc)
}

// A row with money but no name is imported and reported.
func TestNamelessRowIsReported(t *testing.T) {
	src := string(readSample(t, liwan))
	data := strings.Replace(src, "| 人社局办公大楼物业管理费     |", "|      |", 1)
	doc := parseOK(t, liwan, []byte(data))
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "parse.name" || doc.Findings[0].Line != 13 || doc.Findings[0].ProjectSeq != 1 {
		t.Fatalf("findings %+v", doc.Findings)
	}
	if p := doc.Projects[0]; p.Name != "" || p.Amounts.Total == 0 || len(p.Indicators) != 2 {
		t.Errorf("project %+v", p)
	}
}

// A UTF-8 file with a damaged byte is read as UTF-8, not as GB18030, and
// the damage is reported.
func TestDamagedUTF8IsReported(t *testing.T) {
	src := readSample(t, huadu)
	i := strings.Index(string(src), "有序使用资金")
	data := append(append(append([]byte(nil), src[:i]...), 0xFF), src[i:]...)
	doc := parseOK(t, huadu, data)
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "parse.encoding" || doc.Findings[0].Line != 29 {
		t.Fatalf("findings %+v", doc.Findings)
	}
	if got := doc.Projects[0].Indicators[1].Name; got != "合理\uFFFD有序使用资金" {
		t.Errorf("name %q", got)
	}
}

// Goal text that names the money columns is goal text, not a page header.
func TestHeaderWordsInTextAreKept(t *testing.T) {
	src := string(readSample(t, huadu))
	old := "用于技能提升类补贴，"
	data := strings.Replace(src, old, "本项目总计与财政拨款一致，"+old, 1)
	doc := parseOK(t, huadu, []byte(data))
	if g := doc.Projects[4].Goal; !strings.HasPrefix(g, "本项目总计与财政拨款一致，") || len(doc.Findings) != 0 {
		t.Errorf("goal %q, findings %v", g, doc.Findings)
	}
}

// A row cut by a page break continues in a row without name or money.
func TestMarkdownContinuationRow(t *testing.T) {
	data := "部门名称：某局\n单位：万元\n\n" +
		"| 项目名称（资金使用单位） | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标 |\n|---|---|---|---|---|---|---|\n" +
		"| 某项目 | 1.50 | 1.50 | | | 目标前半， | 1、1-产出指标；11-数量指标；培训人数；实施周期 |\n\n" +
		"| 项目名称（资金使用单位） | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标 |\n|---|---|---|---|---|---|---|\n" +
		"| | | | | | 目标后半。 | 指标值:≥20人；年度指标值:≥20人。2、3-满意度指标；31-服务对象满意度；满意度；实施周期指标值:≥90%；年度指标值:≥90%。 |\n"
	doc := parseOK(t, "cont.md", []byte(data))
	if len(doc.Projects) != 1 || len(doc.Findings) != 0 {
		t.Fatalf("%d projects, findings %v", len(doc.Projects), doc.Findings)
	}
	p := doc.Projects[0]
	if p.Goal != "目标前半，目标后半。" || len(p.Indicators) != 2 || p.Indicators[0].Period.Value != "20" || p.Indicators[1].Line != 10 {
		t.Errorf("project %+v", p)
	}
}

// "无" in a text cell says the cell is empty.
func TestNonePlaceholderCells(t *testing.T) {
	_, doc, _ := mutateSample(t, liwan, "| 广州市荔湾区社会保险基金管理中心                   | 99.24 | 99.24 |        |      |  |  |",
		"| 广州市荔湾区社会保险基金管理中心                   | 99.24 | 99.24 |        |      | 无 | / |")
	if len(doc.Findings) != 0 || len(doc.Units) != 7 {
		t.Errorf("%d units, findings %v", len(doc.Units), doc.Findings)
	}
}
